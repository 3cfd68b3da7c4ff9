// Original file: proto/roster.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Every change up to and including `index` has been sent: resume from index + 1.
 */
export interface WatchProgress {
  'index'?: (number | string | Long);
}

/**
 * Every change up to and including `index` has been sent: resume from index + 1.
 */
export interface WatchProgress__Output {
  'index': (number);
}
