// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';

/**
 * Emergency coverage: cover a person in a slot of a block.
 */
export interface CoverRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'assignment'?: (_rosterd_v1_Assignment | null);
  /**
   * Why, in the coordinator's words (at most 200 characters).
   */
  'reason'?: (string);
}

/**
 * Emergency coverage: cover a person in a slot of a block.
 */
export interface CoverRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'assignment': (_rosterd_v1_Assignment__Output | null);
  /**
   * Why, in the coordinator's words (at most 200 characters).
   */
  'reason': (string);
}
