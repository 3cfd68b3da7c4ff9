// Original file: proto/admin.proto


export interface TransferLeaderRequest {
  /**
   * Empty: the most caught-up other voter.
   */
  'to'?: (string);
}

export interface TransferLeaderRequest__Output {
  /**
   * Empty: the most caught-up other voter.
   */
  'to': (string);
}
