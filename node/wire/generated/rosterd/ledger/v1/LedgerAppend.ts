// Original file: proto/ledger.proto

import type { Vote as _rosterd_ledger_v1_Vote, Vote__Output as _rosterd_ledger_v1_Vote__Output } from '../../../rosterd/ledger/v1/Vote.ts';
import type { Dissent as _rosterd_ledger_v1_Dissent, Dissent__Output as _rosterd_ledger_v1_Dissent__Output } from '../../../rosterd/ledger/v1/Dissent.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Appends a schedule commitment: votes from a quorum of facilities on one digest.
 */
export interface LedgerAppend {
  'block'?: (string);
  'version'?: (number | string | Long);
  'digest'?: (Buffer | Uint8Array | string);
  'prevHash'?: (Buffer | Uint8Array | string);
  'votes'?: (_rosterd_ledger_v1_Vote)[];
  'dissent'?: (_rosterd_ledger_v1_Dissent)[];
  /**
   * When the proposer appended it, ms since the epoch (the entry's time).
   */
  'timeMs'?: (number | string | Long);
}

/**
 * Appends a schedule commitment: votes from a quorum of facilities on one digest.
 */
export interface LedgerAppend__Output {
  'block': (string);
  'version': (number);
  'digest': (Buffer);
  'prevHash': (Buffer);
  'votes': (_rosterd_ledger_v1_Vote__Output)[];
  'dissent': (_rosterd_ledger_v1_Dissent__Output)[];
  /**
   * When the proposer appended it, ms since the epoch (the entry's time).
   */
  'timeMs': (number);
}
