// Original file: proto/roster.proto

import type { CoverageWrite as _rosterd_v1_CoverageWrite, CoverageWrite__Output as _rosterd_v1_CoverageWrite__Output } from '../../rosterd/v1/CoverageWrite.ts';

/**
 * A facility's journal of emergency writes (at most 64 per command), after a partition heals.
 */
export interface Reconcile {
  'facility'?: (string);
  'writes'?: (_rosterd_v1_CoverageWrite)[];
}

/**
 * A facility's journal of emergency writes (at most 64 per command), after a partition heals.
 */
export interface Reconcile__Output {
  'facility': (string);
  'writes': (_rosterd_v1_CoverageWrite__Output)[];
}
