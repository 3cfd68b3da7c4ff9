// Original file: proto/ledger.proto


export interface ListEvidenceRequest {
  'stale'?: (boolean);
}

export interface ListEvidenceRequest__Output {
  'stale': (boolean);
}
