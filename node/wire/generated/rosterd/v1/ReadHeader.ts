// Original file: proto/roster.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadHeader {
  /**
   * The applied index the answer reflects.
   */
  'appliedIndex'?: (number | string | Long);
  /**
   * For stale reads: milliseconds since this node last heard from a leader (-1: never).
   */
  'msSinceLeaderContact'?: (number | string | Long);
  'servedBy'?: (string);
}

export interface ReadHeader__Output {
  /**
   * The applied index the answer reflects.
   */
  'appliedIndex': (number);
  /**
   * For stale reads: milliseconds since this node last heard from a leader (-1: never).
   */
  'msSinceLeaderContact': (number);
  'servedBy': (string);
}
