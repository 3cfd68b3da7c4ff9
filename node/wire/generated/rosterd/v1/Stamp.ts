// Original file: proto/roster.proto

import type { Long } from '@grpc/proto-loader';

/**
 * What the log stores for a client write.
 * A hybrid-logical-clock timestamp: wall milliseconds since the epoch, then a counter.
 */
export interface Stamp {
  'wallMs'?: (number | string | Long);
  'logical'?: (number);
}

/**
 * What the log stores for a client write.
 * A hybrid-logical-clock timestamp: wall milliseconds since the epoch, then a counter.
 */
export interface Stamp__Output {
  'wallMs': (number);
  'logical': (number);
}
