// Original file: proto/roster.proto


// Original file: proto/roster.proto

export const _rosterd_v1_ResolveConflict_Decision = {
  DECISION_UNSPECIFIED: 'DECISION_UNSPECIFIED',
  /**
   * Apply it as a final approval (assign, or unassign for a withdrawal) under that op's rules.
   */
  ACCEPT: 'ACCEPT',
  /**
   * Drop it.
   */
  DISMISS: 'DISMISS',
} as const;

export type _rosterd_v1_ResolveConflict_Decision =
  | 'DECISION_UNSPECIFIED'
  | 0
  /**
   * Apply it as a final approval (assign, or unassign for a withdrawal) under that op's rules.
   */
  | 'ACCEPT'
  | 1
  /**
   * Drop it.
   */
  | 'DISMISS'
  | 2

export type _rosterd_v1_ResolveConflict_Decision__Output = typeof _rosterd_v1_ResolveConflict_Decision[keyof typeof _rosterd_v1_ResolveConflict_Decision]

/**
 * A coordinator settles an emergency write in conflict.
 */
export interface ResolveConflict {
  'id'?: (string);
  'decision'?: (_rosterd_v1_ResolveConflict_Decision);
}

/**
 * A coordinator settles an emergency write in conflict.
 */
export interface ResolveConflict__Output {
  'id': (string);
  'decision': (_rosterd_v1_ResolveConflict_Decision__Output);
}
