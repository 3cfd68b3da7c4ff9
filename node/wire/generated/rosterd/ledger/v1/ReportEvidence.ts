// Original file: proto/ledger.proto

import type { VotePair as _rosterd_ledger_v1_VotePair, VotePair__Output as _rosterd_ledger_v1_VotePair__Output } from '../../../rosterd/ledger/v1/VotePair.ts';
import type { HeadPair as _rosterd_ledger_v1_HeadPair, HeadPair__Output as _rosterd_ledger_v1_HeadPair__Output } from '../../../rosterd/ledger/v1/HeadPair.ts';

/**
 * Two statements by one facility that cannot both be honest.
 */
export interface ReportEvidence {
  /**
   * Two votes by one facility on different digests for one block version.
   */
  'votes'?: (_rosterd_ledger_v1_VotePair | null);
  /**
   * Two signed ledger heads by one facility with different hashes at one sequence.
   */
  'heads'?: (_rosterd_ledger_v1_HeadPair | null);
  'kind'?: "votes"|"heads";
}

/**
 * Two statements by one facility that cannot both be honest.
 */
export interface ReportEvidence__Output {
  /**
   * Two votes by one facility on different digests for one block version.
   */
  'votes'?: (_rosterd_ledger_v1_VotePair__Output | null);
  /**
   * Two signed ledger heads by one facility with different hashes at one sequence.
   */
  'heads'?: (_rosterd_ledger_v1_HeadPair__Output | null);
  'kind'?: "votes"|"heads";
}
