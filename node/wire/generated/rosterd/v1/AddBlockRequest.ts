// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { Block as _rosterd_v1_Block, Block__Output as _rosterd_v1_Block__Output } from '../../rosterd/v1/Block.ts';

export interface AddBlockRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'block'?: (_rosterd_v1_Block | null);
}

export interface AddBlockRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'block': (_rosterd_v1_Block__Output | null);
}
