// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { PoolShortfall as _rosterd_v1_PoolShortfall, PoolShortfall__Output as _rosterd_v1_PoolShortfall__Output } from '../../rosterd/v1/PoolShortfall.ts';
import type { ContingencyFinding as _rosterd_v1_ContingencyFinding, ContingencyFinding__Output as _rosterd_v1_ContingencyFinding__Output } from '../../rosterd/v1/ContingencyFinding.ts';

// Original file: proto/roster.proto

export const _rosterd_v1_ContingencyReply_Method = {
  METHOD_UNSPECIFIED: 'METHOD_UNSPECIFIED',
  /**
   * Every combination of `lose` people was checked.
   */
  EXHAUSTIVE: 'EXHAUSTIVE',
  /**
   * `checked` distinct combinations drawn from `seed`.
   */
  SAMPLED: 'SAMPLED',
} as const;

export type _rosterd_v1_ContingencyReply_Method =
  | 'METHOD_UNSPECIFIED'
  | 0
  /**
   * Every combination of `lose` people was checked.
   */
  | 'EXHAUSTIVE'
  | 1
  /**
   * `checked` distinct combinations drawn from `seed`.
   */
  | 'SAMPLED'
  | 2

export type _rosterd_v1_ContingencyReply_Method__Output = typeof _rosterd_v1_ContingencyReply_Method[keyof typeof _rosterd_v1_ContingencyReply_Method]

export interface ContingencyReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  'block'?: (string);
  'facility'?: (string);
  /**
   * People lost at once, and people in scope (holding a seat of the block).
   */
  'lose'?: (number);
  'people'?: (number);
  'method'?: (_rosterd_v1_ContingencyReply_Method);
  'seed'?: (number);
  /**
   * Combinations that exist (a double: it can be astronomically large; +Inf past 2^53) and those checked.
   */
  'possible'?: (number | string);
  'checked'?: (number);
  /**
   * Checks that left a gap uncovered, that were covered in full, and that opened no gap.
   */
  'failed'?: (number);
  'covered'?: (number);
  'held'?: (number);
  'baseline'?: (_rosterd_v1_PoolShortfall)[];
  /**
   * Failed findings first, then covered ones; at most 50, `unlisted` more not sent.
   */
  'findings'?: (_rosterd_v1_ContingencyFinding)[];
  'unlisted'?: (number);
  /**
   * The whole report as text, the same words for every client.
   */
  'report'?: (string);
}

export interface ContingencyReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  'block': (string);
  'facility': (string);
  /**
   * People lost at once, and people in scope (holding a seat of the block).
   */
  'lose': (number);
  'people': (number);
  'method': (_rosterd_v1_ContingencyReply_Method__Output);
  'seed': (number);
  /**
   * Combinations that exist (a double: it can be astronomically large; +Inf past 2^53) and those checked.
   */
  'possible': (number);
  'checked': (number);
  /**
   * Checks that left a gap uncovered, that were covered in full, and that opened no gap.
   */
  'failed': (number);
  'covered': (number);
  'held': (number);
  'baseline': (_rosterd_v1_PoolShortfall__Output)[];
  /**
   * Failed findings first, then covered ones; at most 50, `unlisted` more not sent.
   */
  'findings': (_rosterd_v1_ContingencyFinding__Output)[];
  'unlisted': (number);
  /**
   * The whole report as text, the same words for every client.
   */
  'report': (string);
}
