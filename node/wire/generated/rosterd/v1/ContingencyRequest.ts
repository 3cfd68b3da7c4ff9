// Original file: proto/roster.proto

import type { ReadOptions as _rosterd_v1_ReadOptions, ReadOptions__Output as _rosterd_v1_ReadOptions__Output } from '../../rosterd/v1/ReadOptions.ts';

/**
 * Contingency: what losing people at once does to a block's pools, and whether the gaps
 * can be covered within the pool rules (node/schedule/contingency.ts). A read: it changes
 * nothing; linearizable unless read.stale, refused at once in a minority like every
 * linearizable read.
 */
export interface ContingencyRequest {
  'block'?: (string);
  /**
   * Optional: only people assigned at this facility are lost.
   */
  'facility'?: (string);
  /**
   * People lost at once, 0..64 (0: 1, unless blast_radius is set).
   */
  'lose'?: (number);
  /**
   * Instead of lose: this fraction of the people in scope, rounded up (0 < x <= 1).
   */
  'blastRadius'?: (number | string);
  /**
   * Seed of the sample drawn when there are more than 5,000 combinations to check.
   */
  'seed'?: (number);
  'read'?: (_rosterd_v1_ReadOptions | null);
}

/**
 * Contingency: what losing people at once does to a block's pools, and whether the gaps
 * can be covered within the pool rules (node/schedule/contingency.ts). A read: it changes
 * nothing; linearizable unless read.stale, refused at once in a minority like every
 * linearizable read.
 */
export interface ContingencyRequest__Output {
  'block': (string);
  /**
   * Optional: only people assigned at this facility are lost.
   */
  'facility': (string);
  /**
   * People lost at once, 0..64 (0: 1, unless blast_radius is set).
   */
  'lose': (number);
  /**
   * Instead of lose: this fraction of the people in scope, rounded up (0 < x <= 1).
   */
  'blastRadius': (number);
  /**
   * Seed of the sample drawn when there are more than 5,000 combinations to check.
   */
  'seed': (number);
  'read': (_rosterd_v1_ReadOptions__Output | null);
}
