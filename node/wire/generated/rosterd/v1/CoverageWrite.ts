// Original file: proto/roster.proto

import type { Stamp as _rosterd_v1_Stamp, Stamp__Output as _rosterd_v1_Stamp__Output } from '../../rosterd/v1/Stamp.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';
import type { AssignmentRef as _rosterd_v1_AssignmentRef, AssignmentRef__Output as _rosterd_v1_AssignmentRef__Output } from '../../rosterd/v1/AssignmentRef.ts';

/**
 * One emergency-coverage (AP) write as a node accepted it (node/schedule/coverage.ts).
 */
export interface CoverageWrite {
  /**
   * The client's request id: one identity from the node that accepted it to the log.
   */
  'id'?: (string);
  /**
   * The facility whose node accepted it.
   */
  'facility'?: (string);
  'stamp'?: (_rosterd_v1_Stamp | null);
  /**
   * Why, in the coordinator's words (at most 200 characters; may be empty).
   */
  'reason'?: (string);
  /**
   * Cover this person in this slot of the block.
   */
  'cover'?: (_rosterd_v1_Assignment | null);
  /**
   * Withdraw the emergency coverage of this person in this block.
   */
  'uncover'?: (_rosterd_v1_AssignmentRef | null);
  'op'?: "cover"|"uncover";
}

/**
 * One emergency-coverage (AP) write as a node accepted it (node/schedule/coverage.ts).
 */
export interface CoverageWrite__Output {
  /**
   * The client's request id: one identity from the node that accepted it to the log.
   */
  'id': (string);
  /**
   * The facility whose node accepted it.
   */
  'facility': (string);
  'stamp': (_rosterd_v1_Stamp__Output | null);
  /**
   * Why, in the coordinator's words (at most 200 characters; may be empty).
   */
  'reason': (string);
  /**
   * Cover this person in this slot of the block.
   */
  'cover'?: (_rosterd_v1_Assignment__Output | null);
  /**
   * Withdraw the emergency coverage of this person in this block.
   */
  'uncover'?: (_rosterd_v1_AssignmentRef__Output | null);
  'op'?: "cover"|"uncover";
}
