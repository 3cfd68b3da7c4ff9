// Original file: proto/ledger.proto

import type { LedgerEntry as _rosterd_ledger_v1_LedgerEntry, LedgerEntry__Output as _rosterd_ledger_v1_LedgerEntry__Output } from '../../../rosterd/ledger/v1/LedgerEntry.ts';
import type { FacilityKey as _rosterd_ledger_v1_FacilityKey, FacilityKey__Output as _rosterd_ledger_v1_FacilityKey__Output } from '../../../rosterd/ledger/v1/FacilityKey.ts';
import type { Long } from '@grpc/proto-loader';

export interface GetLedgerReply {
  'cluster'?: (string);
  'entries'?: (_rosterd_ledger_v1_LedgerEntry)[];
  /**
   * The head when this page was read.
   */
  'headSeq'?: (number | string | Long);
  'headHash'?: (Buffer | Uint8Array | string);
  /**
   * The sequence to ask for next; 0 when this page reached the head.
   */
  'nextSeq'?: (number | string | Long);
  'appliedIndex'?: (number | string | Long);
  /**
   * The keys the entries' signatures are checked against.
   */
  'keys'?: (_rosterd_ledger_v1_FacilityKey)[];
  /**
   * The cluster's configured facilities: n of the quorum rule.
   */
  'facilities'?: (string)[];
}

export interface GetLedgerReply__Output {
  'cluster': (string);
  'entries': (_rosterd_ledger_v1_LedgerEntry__Output)[];
  /**
   * The head when this page was read.
   */
  'headSeq': (number);
  'headHash': (Buffer);
  /**
   * The sequence to ask for next; 0 when this page reached the head.
   */
  'nextSeq': (number);
  'appliedIndex': (number);
  /**
   * The keys the entries' signatures are checked against.
   */
  'keys': (_rosterd_ledger_v1_FacilityKey__Output)[];
  /**
   * The cluster's configured facilities: n of the quorum rule.
   */
  'facilities': (string)[];
}
