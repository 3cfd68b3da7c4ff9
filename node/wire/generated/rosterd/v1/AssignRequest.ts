// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * Edits of assignments (Assign, Unassign, Swap, Move) must present, in lock_tokens, the
 * token of every live lock on the blocks and facilities they touch; a missing, stale or
 * expired token is refused with FAILED_PRECONDITION.
 */
export interface AssignRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'assignment'?: (_rosterd_v1_Assignment | null);
  'lockTokens'?: (number | string | Long)[];
}

/**
 * Edits of assignments (Assign, Unassign, Swap, Move) must present, in lock_tokens, the
 * token of every live lock on the blocks and facilities they touch; a missing, stale or
 * expired token is refused with FAILED_PRECONDITION.
 */
export interface AssignRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'assignment': (_rosterd_v1_Assignment__Output | null);
  'lockTokens': (number)[];
}
