// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { AssignmentRef as _rosterd_v1_AssignmentRef, AssignmentRef__Output as _rosterd_v1_AssignmentRef__Output } from '../../rosterd/v1/AssignmentRef.ts';

/**
 * Emergency coverage: withdraw a person's emergency coverage in a block.
 */
export interface UncoverRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'ref'?: (_rosterd_v1_AssignmentRef | null);
  'reason'?: (string);
}

/**
 * Emergency coverage: withdraw a person's emergency coverage in a block.
 */
export interface UncoverRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'ref': (_rosterd_v1_AssignmentRef__Output | null);
  'reason': (string);
}
