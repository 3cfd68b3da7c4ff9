// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { AcquireLock as _rosterd_v1_AcquireLock, AcquireLock__Output as _rosterd_v1_AcquireLock__Output } from '../../rosterd/v1/AcquireLock.ts';

export interface AcquireLockRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'lock'?: (_rosterd_v1_AcquireLock | null);
}

export interface AcquireLockRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'lock': (_rosterd_v1_AcquireLock__Output | null);
}
