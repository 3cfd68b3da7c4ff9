// Original file: proto/roster.proto

import type { ReadOptions as _rosterd_v1_ReadOptions, ReadOptions__Output as _rosterd_v1_ReadOptions__Output } from '../../rosterd/v1/ReadOptions.ts';

export interface GetScheduleRequest {
  'block'?: (string);
  /**
   * Optional: only this facility's part of the block.
   */
  'facility'?: (string);
  'read'?: (_rosterd_v1_ReadOptions | null);
}

export interface GetScheduleRequest__Output {
  'block': (string);
  /**
   * Optional: only this facility's part of the block.
   */
  'facility': (string);
  'read': (_rosterd_v1_ReadOptions__Output | null);
}
