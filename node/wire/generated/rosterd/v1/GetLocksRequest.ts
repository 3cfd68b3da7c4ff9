// Original file: proto/roster.proto

import type { ReadOptions as _rosterd_v1_ReadOptions, ReadOptions__Output as _rosterd_v1_ReadOptions__Output } from '../../rosterd/v1/ReadOptions.ts';

export interface GetLocksRequest {
  'block'?: (string);
  'read'?: (_rosterd_v1_ReadOptions | null);
}

export interface GetLocksRequest__Output {
  'block': (string);
  'read': (_rosterd_v1_ReadOptions__Output | null);
}
