// Original file: proto/roster.proto

import type { PoolSpec as _rosterd_v1_PoolSpec, PoolSpec__Output as _rosterd_v1_PoolSpec__Output } from '../../rosterd/v1/PoolSpec.ts';

export interface PoolUsage {
  'pool'?: (_rosterd_v1_PoolSpec | null);
  /**
   * With a block: people assigned, flex seats borrowed (regular pools) or lent (the flex
   * pool), and how many more people fit now by every rule.
   */
  'assigned'?: (number);
  'borrowed'?: (number);
  'lent'?: (number);
  'left'?: (number);
}

export interface PoolUsage__Output {
  'pool': (_rosterd_v1_PoolSpec__Output | null);
  /**
   * With a block: people assigned, flex seats borrowed (regular pools) or lent (the flex
   * pool), and how many more people fit now by every rule.
   */
  'assigned': (number);
  'borrowed': (number);
  'lent': (number);
  'left': (number);
}
