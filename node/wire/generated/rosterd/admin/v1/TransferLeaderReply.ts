// Original file: proto/admin.proto


export interface TransferLeaderReply {
  'leader'?: (string);
}

export interface TransferLeaderReply__Output {
  'leader': (string);
}
