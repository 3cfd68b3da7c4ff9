// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { ReleaseLock as _rosterd_v1_ReleaseLock, ReleaseLock__Output as _rosterd_v1_ReleaseLock__Output } from '../../rosterd/v1/ReleaseLock.ts';

export interface ReleaseLockRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'lock'?: (_rosterd_v1_ReleaseLock | null);
}

export interface ReleaseLockRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'lock': (_rosterd_v1_ReleaseLock__Output | null);
}
