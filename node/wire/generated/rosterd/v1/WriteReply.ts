// Original file: proto/roster.proto

import type { Lock as _rosterd_v1_Lock, Lock__Output as _rosterd_v1_Lock__Output } from '../../rosterd/v1/Lock.ts';
import type { Long } from '@grpc/proto-loader';

export interface WriteReply {
  /**
   * The Raft index at which the command took effect (for a retried request id: where it
   * was first applied).
   */
  'index'?: (number | string | Long);
  'detail'?: (string);
  /**
   * True when this request id had been applied already: nothing was applied again, and
   * index, detail and lock are the first outcome's.
   */
  'retried'?: (boolean);
  /**
   * Lock writes: the lock as granted, renewed or released.
   */
  'lock'?: (_rosterd_v1_Lock | null);
  /**
   * Emergency coverage accepted without a quorum: journaled on `journaled_on` (durably),
   * provisional until the partition heals; index is 0.
   */
  'provisional'?: (boolean);
  'journaledOn'?: (string);
}

export interface WriteReply__Output {
  /**
   * The Raft index at which the command took effect (for a retried request id: where it
   * was first applied).
   */
  'index': (number);
  'detail': (string);
  /**
   * True when this request id had been applied already: nothing was applied again, and
   * index, detail and lock are the first outcome's.
   */
  'retried': (boolean);
  /**
   * Lock writes: the lock as granted, renewed or released.
   */
  'lock': (_rosterd_v1_Lock__Output | null);
  /**
   * Emergency coverage accepted without a quorum: journaled on `journaled_on` (durably),
   * provisional until the partition heals; index is 0.
   */
  'provisional': (boolean);
  'journaledOn': (string);
}
