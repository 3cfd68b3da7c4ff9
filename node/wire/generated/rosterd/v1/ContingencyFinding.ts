// Original file: proto/roster.proto

import type { PoolGap as _rosterd_v1_PoolGap, PoolGap__Output as _rosterd_v1_PoolGap__Output } from '../../rosterd/v1/PoolGap.ts';

// Original file: proto/roster.proto

export const _rosterd_v1_ContingencyFinding_Outcome = {
  OUTCOME_UNSPECIFIED: 'OUTCOME_UNSPECIFIED',
  /**
   * Some gap cannot be covered in full.
   */
  FAILED: 'FAILED',
  /**
   * Every gap can be covered.
   */
  COVERED: 'COVERED',
} as const;

export type _rosterd_v1_ContingencyFinding_Outcome =
  | 'OUTCOME_UNSPECIFIED'
  | 0
  /**
   * Some gap cannot be covered in full.
   */
  | 'FAILED'
  | 1
  /**
   * Every gap can be covered.
   */
  | 'COVERED'
  | 2

export type _rosterd_v1_ContingencyFinding_Outcome__Output = typeof _rosterd_v1_ContingencyFinding_Outcome[keyof typeof _rosterd_v1_ContingencyFinding_Outcome]

/**
 * One loss that opened a gap.
 */
export interface ContingencyFinding {
  /**
   * The people lost, sorted.
   */
  'lost'?: (string)[];
  'outcome'?: (_rosterd_v1_ContingencyFinding_Outcome);
  'gaps'?: (_rosterd_v1_PoolGap)[];
  /**
   * "N-1 contingency failed: ICU at B drops to 4 of 5 reserved if icu3 is lost; no eligible cover"
   */
  'message'?: (string);
}

/**
 * One loss that opened a gap.
 */
export interface ContingencyFinding__Output {
  /**
   * The people lost, sorted.
   */
  'lost': (string)[];
  'outcome': (_rosterd_v1_ContingencyFinding_Outcome__Output);
  'gaps': (_rosterd_v1_PoolGap__Output)[];
  /**
   * "N-1 contingency failed: ICU at B drops to 4 of 5 reserved if icu3 is lost; no eligible cover"
   */
  'message': (string);
}
