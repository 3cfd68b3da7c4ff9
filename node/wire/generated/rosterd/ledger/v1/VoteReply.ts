// Original file: proto/ledger.proto

import type { Vote as _rosterd_ledger_v1_Vote, Vote__Output as _rosterd_ledger_v1_Vote__Output } from '../../../rosterd/ledger/v1/Vote.ts';

export interface VoteReply {
  /**
   * This node's signed vote for its own digest (absent when it could not compute one).
   */
  'vote'?: (_rosterd_ledger_v1_Vote | null);
  /**
   * Why this node does not vote for the coordinator's digest ('' when it does).
   */
  'refusal'?: (string);
}

export interface VoteReply__Output {
  /**
   * This node's signed vote for its own digest (absent when it could not compute one).
   */
  'vote': (_rosterd_ledger_v1_Vote__Output | null);
  /**
   * Why this node does not vote for the coordinator's digest ('' when it does).
   */
  'refusal': (string);
}
