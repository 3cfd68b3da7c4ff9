// Original file: proto/ledger.proto

import type { Vote as _rosterd_ledger_v1_Vote, Vote__Output as _rosterd_ledger_v1_Vote__Output } from '../../../rosterd/ledger/v1/Vote.ts';

/**
 * A facility that did not vote for the committed digest, and why.
 */
export interface Dissent {
  'facility'?: (string);
  'reason'?: (string);
  /**
   * Its signed vote for its own digest, when it gave one.
   */
  'vote'?: (_rosterd_ledger_v1_Vote | null);
}

/**
 * A facility that did not vote for the committed digest, and why.
 */
export interface Dissent__Output {
  'facility': (string);
  'reason': (string);
  /**
   * Its signed vote for its own digest, when it gave one.
   */
  'vote': (_rosterd_ledger_v1_Vote__Output | null);
}
