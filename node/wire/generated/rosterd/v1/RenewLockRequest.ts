// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { RenewLock as _rosterd_v1_RenewLock, RenewLock__Output as _rosterd_v1_RenewLock__Output } from '../../rosterd/v1/RenewLock.ts';

export interface RenewLockRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'lock'?: (_rosterd_v1_RenewLock | null);
}

export interface RenewLockRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'lock': (_rosterd_v1_RenewLock__Output | null);
}
