// Original file: proto/roster.proto

import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/roster.proto

export const _rosterd_v1_CoverageStatus_Kind = {
  KIND_UNSPECIFIED: 'KIND_UNSPECIFIED',
  /**
   * A cover holding its seat.
   */
  STANDING: 'STANDING',
  /**
   * A final approval holds exactly this assignment.
   */
  CONFIRMED: 'CONFIRMED',
  /**
   * A cover withdrawn by a later uncover (withdrawn_by).
   */
  WITHDRAWN: 'WITHDRAWN',
  /**
   * An uncover that withdrew the covers listed in `withdrew`.
   */
  APPLIED: 'APPLIED',
  /**
   * Lost: `reason`, and `winner` when a person or seat is held by another assignment.
   */
  CONFLICT: 'CONFLICT',
  /**
   * A coordinator decided (resolution accepted or dismissed, at log index resolved_at).
   */
  RESOLVED: 'RESOLVED',
} as const;

export type _rosterd_v1_CoverageStatus_Kind =
  | 'KIND_UNSPECIFIED'
  | 0
  /**
   * A cover holding its seat.
   */
  | 'STANDING'
  | 1
  /**
   * A final approval holds exactly this assignment.
   */
  | 'CONFIRMED'
  | 2
  /**
   * A cover withdrawn by a later uncover (withdrawn_by).
   */
  | 'WITHDRAWN'
  | 3
  /**
   * An uncover that withdrew the covers listed in `withdrew`.
   */
  | 'APPLIED'
  | 4
  /**
   * Lost: `reason`, and `winner` when a person or seat is held by another assignment.
   */
  | 'CONFLICT'
  | 5
  /**
   * A coordinator decided (resolution accepted or dismissed, at log index resolved_at).
   */
  | 'RESOLVED'
  | 6

export type _rosterd_v1_CoverageStatus_Kind__Output = typeof _rosterd_v1_CoverageStatus_Kind[keyof typeof _rosterd_v1_CoverageStatus_Kind]

/**
 * Where an emergency write stands (node/schedule/coverage.ts).
 */
export interface CoverageStatus {
  'kind'?: (_rosterd_v1_CoverageStatus_Kind);
  'reason'?: (string);
  'winner'?: (_rosterd_v1_Assignment | null);
  /**
   * The winner is a final approval (else an emergency write, winner_id).
   */
  'winnerIsFinal'?: (boolean);
  'winnerId'?: (string);
  'withdrawnBy'?: (string);
  'withdrew'?: (string)[];
  'resolution'?: (string);
  'resolvedAt'?: (number | string | Long);
}

/**
 * Where an emergency write stands (node/schedule/coverage.ts).
 */
export interface CoverageStatus__Output {
  'kind': (_rosterd_v1_CoverageStatus_Kind__Output);
  'reason': (string);
  'winner': (_rosterd_v1_Assignment__Output | null);
  /**
   * The winner is a final approval (else an emergency write, winner_id).
   */
  'winnerIsFinal': (boolean);
  'winnerId': (string);
  'withdrawnBy': (string);
  'withdrew': (string)[];
  'resolution': (string);
  'resolvedAt': (number);
}
