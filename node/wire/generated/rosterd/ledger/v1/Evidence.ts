// Original file: proto/ledger.proto

import type { ReportEvidence as _rosterd_ledger_v1_ReportEvidence, ReportEvidence__Output as _rosterd_ledger_v1_ReportEvidence__Output } from '../../../rosterd/ledger/v1/ReportEvidence.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Proof that a facility signed two statements that cannot both be honest.
 */
export interface Evidence {
  /**
   * SHA-256 hex over the two statements' canonical bytes (sorted): the same pair has one id.
   */
  'id'?: (string);
  'facility'?: (string);
  /**
   * "votes": two digests for one block version; "heads": two hashes for one sequence.
   */
  'kind'?: (string);
  'statements'?: (_rosterd_ledger_v1_ReportEvidence | null);
  /**
   * The Raft index that recorded it, and which facility reported it.
   */
  'index'?: (number | string | Long);
  'reportedBy'?: (string);
  'detail'?: (string);
}

/**
 * Proof that a facility signed two statements that cannot both be honest.
 */
export interface Evidence__Output {
  /**
   * SHA-256 hex over the two statements' canonical bytes (sorted): the same pair has one id.
   */
  'id': (string);
  'facility': (string);
  /**
   * "votes": two digests for one block version; "heads": two hashes for one sequence.
   */
  'kind': (string);
  'statements': (_rosterd_ledger_v1_ReportEvidence__Output | null);
  /**
   * The Raft index that recorded it, and which facility reported it.
   */
  'index': (number);
  'reportedBy': (string);
  'detail': (string);
}
