// Original file: proto/ledger.proto


export interface CommitRequest {
  'block'?: (string);
}

export interface CommitRequest__Output {
  'block': (string);
}
