// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { PoolUsage as _rosterd_v1_PoolUsage, PoolUsage__Output as _rosterd_v1_PoolUsage__Output } from '../../rosterd/v1/PoolUsage.ts';

export interface GetPoolsReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  'facility'?: (string);
  /**
   * False: the configured default table; true: set by SetPools.
   */
  'custom'?: (boolean);
  'pools'?: (_rosterd_v1_PoolUsage)[];
}

export interface GetPoolsReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  'facility': (string);
  /**
   * False: the configured default table; true: set by SetPools.
   */
  'custom': (boolean);
  'pools': (_rosterd_v1_PoolUsage__Output)[];
}
