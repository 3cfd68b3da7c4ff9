// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { PoolSpec as _rosterd_v1_PoolSpec, PoolSpec__Output as _rosterd_v1_PoolSpec__Output } from '../../rosterd/v1/PoolSpec.ts';

/**
 * An administrative write: replaces a facility's pool table (see PoolSpec).
 */
export interface SetPoolsRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'facility'?: (string);
  'pools'?: (_rosterd_v1_PoolSpec)[];
}

/**
 * An administrative write: replaces a facility's pool table (see PoolSpec).
 */
export interface SetPoolsRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'facility': (string);
  'pools': (_rosterd_v1_PoolSpec__Output)[];
}
