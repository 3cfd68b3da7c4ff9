// Original file: proto/ledger.proto

import type { LedgerEntry as _rosterd_ledger_v1_LedgerEntry, LedgerEntry__Output as _rosterd_ledger_v1_LedgerEntry__Output } from '../../../rosterd/ledger/v1/LedgerEntry.ts';

export interface CommitReply {
  'entry'?: (_rosterd_ledger_v1_LedgerEntry | null);
  /**
   * False when the block's current version was committed already (entry is that one).
   */
  'appended'?: (boolean);
  /**
   * Facilities that refused or disagreed, also recorded in entry.dissent.
   */
  'detail'?: (string);
}

export interface CommitReply__Output {
  'entry': (_rosterd_ledger_v1_LedgerEntry__Output | null);
  /**
   * False when the block's current version was committed already (entry is that one).
   */
  'appended': (boolean);
  /**
   * Facilities that refused or disagreed, also recorded in entry.dissent.
   */
  'detail': (string);
}
