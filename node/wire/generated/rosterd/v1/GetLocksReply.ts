// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { Lock as _rosterd_v1_Lock, Lock__Output as _rosterd_v1_Lock__Output } from '../../rosterd/v1/Lock.ts';
import type { Long } from '@grpc/proto-loader';

export interface GetLocksReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  /**
   * Locks stored for the block, live and expired.
   */
  'locks'?: (_rosterd_v1_Lock)[];
  /**
   * The log clock the answer was judged by.
   */
  'logClockMs'?: (number | string | Long);
}

export interface GetLocksReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  /**
   * Locks stored for the block, live and expired.
   */
  'locks': (_rosterd_v1_Lock__Output)[];
  /**
   * The log clock the answer was judged by.
   */
  'logClockMs': (number);
}
