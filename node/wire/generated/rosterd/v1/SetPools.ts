// Original file: proto/roster.proto

import type { PoolSpec as _rosterd_v1_PoolSpec, PoolSpec__Output as _rosterd_v1_PoolSpec__Output } from '../../rosterd/v1/PoolSpec.ts';

/**
 * Replaces a facility's pool table (for every block). Refused when an existing block's
 * assignments would not fit the new table.
 */
export interface SetPools {
  'facility'?: (string);
  'pools'?: (_rosterd_v1_PoolSpec)[];
}

/**
 * Replaces a facility's pool table (for every block). Refused when an existing block's
 * assignments would not fit the new table.
 */
export interface SetPools__Output {
  'facility': (string);
  'pools': (_rosterd_v1_PoolSpec__Output)[];
}
