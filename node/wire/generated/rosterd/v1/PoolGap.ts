// Original file: proto/roster.proto

import type { GapCover as _rosterd_v1_GapCover, GapCover__Output as _rosterd_v1_GapCover__Output } from '../../rosterd/v1/GapCover.ts';

/**
 * A pool left below min(reserved, before) by a loss, and the covers found for it.
 */
export interface PoolGap {
  'facility'?: (string);
  'pool'?: (string);
  'reserved'?: (number);
  /**
   * People in the pool before and after the loss.
   */
  'before'?: (number);
  'after'?: (number);
  /**
   * Seats missing after the loss: min(reserved, before) - after.
   */
  'missing'?: (number);
  'covers'?: (_rosterd_v1_GapCover)[];
}

/**
 * A pool left below min(reserved, before) by a loss, and the covers found for it.
 */
export interface PoolGap__Output {
  'facility': (string);
  'pool': (string);
  'reserved': (number);
  /**
   * People in the pool before and after the loss.
   */
  'before': (number);
  'after': (number);
  /**
   * Seats missing after the loss: min(reserved, before) - after.
   */
  'missing': (number);
  'covers': (_rosterd_v1_GapCover__Output)[];
}
