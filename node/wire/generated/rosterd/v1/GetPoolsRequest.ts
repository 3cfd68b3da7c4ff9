// Original file: proto/roster.proto

import type { ReadOptions as _rosterd_v1_ReadOptions, ReadOptions__Output as _rosterd_v1_ReadOptions__Output } from '../../rosterd/v1/ReadOptions.ts';

export interface GetPoolsRequest {
  'facility'?: (string);
  /**
   * Optional: also report how each pool of this block is used.
   */
  'block'?: (string);
  'read'?: (_rosterd_v1_ReadOptions | null);
}

export interface GetPoolsRequest__Output {
  'facility': (string);
  /**
   * Optional: also report how each pool of this block is used.
   */
  'block': (string);
  'read': (_rosterd_v1_ReadOptions__Output | null);
}
