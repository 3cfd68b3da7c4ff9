// Original file: proto/roster.proto

import type { ReadOptions as _rosterd_v1_ReadOptions, ReadOptions__Output as _rosterd_v1_ReadOptions__Output } from '../../rosterd/v1/ReadOptions.ts';

export interface ListCoverageRequest {
  'read'?: (_rosterd_v1_ReadOptions | null);
  /**
   * Empty: every block.
   */
  'block'?: (string);
  /**
   * Only writes in conflict (waiting for a coordinator).
   */
  'conflictsOnly'?: (boolean);
  /**
   * Paging, as in ListRequest. Order: the writes in the log by stamp, facility and id,
   * then the answering node's provisional writes in the same order.
   */
  'limit'?: (number);
  'pageToken'?: (string);
}

export interface ListCoverageRequest__Output {
  'read': (_rosterd_v1_ReadOptions__Output | null);
  /**
   * Empty: every block.
   */
  'block': (string);
  /**
   * Only writes in conflict (waiting for a coordinator).
   */
  'conflictsOnly': (boolean);
  /**
   * Paging, as in ListRequest. Order: the writes in the log by stamp, facility and id,
   * then the answering node's provisional writes in the same order.
   */
  'limit': (number);
  'pageToken': (string);
}
