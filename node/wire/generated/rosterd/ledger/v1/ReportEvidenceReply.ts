// Original file: proto/ledger.proto


export interface ReportEvidenceReply {
  'detail'?: (string);
}

export interface ReportEvidenceReply__Output {
  'detail': (string);
}
