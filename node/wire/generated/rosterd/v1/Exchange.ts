// Original file: proto/roster.proto

import type { AssignmentRef as _rosterd_v1_AssignmentRef, AssignmentRef__Output as _rosterd_v1_AssignmentRef__Output } from '../../rosterd/v1/AssignmentRef.ts';

/**
 * first.person takes over second's assignment and second.person first's, atomically.
 */
export interface Exchange {
  'first'?: (_rosterd_v1_AssignmentRef | null);
  'second'?: (_rosterd_v1_AssignmentRef | null);
}

/**
 * first.person takes over second's assignment and second.person first's, atomically.
 */
export interface Exchange__Output {
  'first': (_rosterd_v1_AssignmentRef__Output | null);
  'second': (_rosterd_v1_AssignmentRef__Output | null);
}
