// Original file: proto/roster.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Watch: the changes to the schedule of a block and/or a facility (empty: any), in log
 * order, as they are applied on the node serving the stream.
 */
export interface WatchRequest {
  'block'?: (string);
  'facility'?: (string);
  /**
   * 0: from now on. N > 0: resume, replaying every change at index >= N first. If index
   * N is no longer retained (log compaction), the stream fails with OUT_OF_RANGE, whose
   * message names the first index still available (metadata x-roster-first-index).
   */
  'fromIndex'?: (number | string | Long);
}

/**
 * Watch: the changes to the schedule of a block and/or a facility (empty: any), in log
 * order, as they are applied on the node serving the stream.
 */
export interface WatchRequest__Output {
  'block': (string);
  'facility': (string);
  /**
   * 0: from now on. N > 0: resume, replaying every change at index >= N first. If index
   * N is no longer retained (log compaction), the stream fails with OUT_OF_RANGE, whose
   * message names the first index still available (metadata x-roster-first-index).
   */
  'fromIndex': (number);
}
