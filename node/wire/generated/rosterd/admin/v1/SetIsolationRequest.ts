// Original file: proto/admin.proto


export interface SetIsolationRequest {
  /**
   * True: drop every peer frame in and out (a partition of this node); false: heal.
   */
  'isolated'?: (boolean);
}

export interface SetIsolationRequest__Output {
  /**
   * True: drop every peer frame in and out (a partition of this node); false: heal.
   */
  'isolated': (boolean);
}
