// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { Move as _rosterd_v1_Move, Move__Output as _rosterd_v1_Move__Output } from '../../rosterd/v1/Move.ts';
import type { Long } from '@grpc/proto-loader';

export interface MoveRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'move'?: (_rosterd_v1_Move | null);
  'lockTokens'?: (number | string | Long)[];
}

export interface MoveRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'move': (_rosterd_v1_Move__Output | null);
  'lockTokens': (number)[];
}
