// Original file: proto/roster.proto

import type { ReadOptions as _rosterd_v1_ReadOptions, ReadOptions__Output as _rosterd_v1_ReadOptions__Output } from '../../rosterd/v1/ReadOptions.ts';

export interface ListRequest {
  'read'?: (_rosterd_v1_ReadOptions | null);
}

export interface ListRequest__Output {
  'read': (_rosterd_v1_ReadOptions__Output | null);
}
