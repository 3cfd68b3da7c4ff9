// Original file: proto/ledger.proto

import type { Evidence as _rosterd_ledger_v1_Evidence, Evidence__Output as _rosterd_ledger_v1_Evidence__Output } from '../../../rosterd/ledger/v1/Evidence.ts';

export interface ListEvidenceReply {
  'evidence'?: (_rosterd_ledger_v1_Evidence)[];
}

export interface ListEvidenceReply__Output {
  'evidence': (_rosterd_ledger_v1_Evidence__Output)[];
}
