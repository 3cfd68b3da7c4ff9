// Original file: proto/ledger.proto


export interface ListKeysRequest {
  'stale'?: (boolean);
}

export interface ListKeysRequest__Output {
  'stale': (boolean);
}
