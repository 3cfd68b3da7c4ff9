// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { _rosterd_v1_ResolveConflict_Decision, _rosterd_v1_ResolveConflict_Decision__Output } from '../../rosterd/v1/ResolveConflict.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * A coordinator settles an emergency write: accept (a write in conflict becomes a final
 * approval, under assign's or unassign's rules) or dismiss (a write in conflict or
 * standing is withdrawn). A final approval itself.
 */
export interface ResolveConflictRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'id'?: (string);
  'decision'?: (_rosterd_v1_ResolveConflict_Decision);
  'lockTokens'?: (number | string | Long)[];
}

/**
 * A coordinator settles an emergency write: accept (a write in conflict becomes a final
 * approval, under assign's or unassign's rules) or dismiss (a write in conflict or
 * standing is withdrawn). A final approval itself.
 */
export interface ResolveConflictRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'id': (string);
  'decision': (_rosterd_v1_ResolveConflict_Decision__Output);
  'lockTokens': (number)[];
}
