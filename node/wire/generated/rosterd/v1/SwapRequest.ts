// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { Exchange as _rosterd_v1_Exchange, Exchange__Output as _rosterd_v1_Exchange__Output } from '../../rosterd/v1/Exchange.ts';
import type { Long } from '@grpc/proto-loader';

export interface SwapRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'exchange'?: (_rosterd_v1_Exchange | null);
  'lockTokens'?: (number | string | Long)[];
}

export interface SwapRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'exchange': (_rosterd_v1_Exchange__Output | null);
  'lockTokens': (number)[];
}
