// Original file: proto/roster.proto


export interface ReadOptions {
  /**
   * Serve from this node's state without a ReadIndex round trip; may be stale.
   */
  'stale'?: (boolean);
}

export interface ReadOptions__Output {
  /**
   * Serve from this node's state without a ReadIndex round trip; may be stale.
   */
  'stale': (boolean);
}
