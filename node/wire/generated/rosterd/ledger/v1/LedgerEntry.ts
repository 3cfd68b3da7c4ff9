// Original file: proto/ledger.proto

import type { Vote as _rosterd_ledger_v1_Vote, Vote__Output as _rosterd_ledger_v1_Vote__Output } from '../../../rosterd/ledger/v1/Vote.ts';
import type { Dissent as _rosterd_ledger_v1_Dissent, Dissent__Output as _rosterd_ledger_v1_Dissent__Output } from '../../../rosterd/ledger/v1/Dissent.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * One ledger entry. hash = SHA-256 over its canonical bytes (docs/ARCHITECTURE.md).
 */
export interface LedgerEntry {
  'seq'?: (number | string | Long);
  'prevHash'?: (Buffer | Uint8Array | string);
  'block'?: (string);
  'version'?: (number | string | Long);
  'digest'?: (Buffer | Uint8Array | string);
  /**
   * The log clock when it was appended, ms since the epoch.
   */
  'timeMs'?: (number | string | Long);
  /**
   * The facility whose node proposed it.
   */
  'proposer'?: (string);
  'votes'?: (_rosterd_ledger_v1_Vote)[];
  'dissent'?: (_rosterd_ledger_v1_Dissent)[];
  'hash'?: (Buffer | Uint8Array | string);
  /**
   * The Raft index it was applied at (not hashed: the same entry has one index everywhere,
   * but an export is checked without the log).
   */
  'index'?: (number | string | Long);
}

/**
 * One ledger entry. hash = SHA-256 over its canonical bytes (docs/ARCHITECTURE.md).
 */
export interface LedgerEntry__Output {
  'seq': (number);
  'prevHash': (Buffer);
  'block': (string);
  'version': (number);
  'digest': (Buffer);
  /**
   * The log clock when it was appended, ms since the epoch.
   */
  'timeMs': (number);
  /**
   * The facility whose node proposed it.
   */
  'proposer': (string);
  'votes': (_rosterd_ledger_v1_Vote__Output)[];
  'dissent': (_rosterd_ledger_v1_Dissent__Output)[];
  'hash': (Buffer);
  /**
   * The Raft index it was applied at (not hashed: the same entry has one index everywhere,
   * but an export is checked without the log).
   */
  'index': (number);
}
