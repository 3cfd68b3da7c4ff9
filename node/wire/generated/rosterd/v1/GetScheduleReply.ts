// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { Block as _rosterd_v1_Block, Block__Output as _rosterd_v1_Block__Output } from '../../rosterd/v1/Block.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';
import type { CoverageEntry as _rosterd_v1_CoverageEntry, CoverageEntry__Output as _rosterd_v1_CoverageEntry__Output } from '../../rosterd/v1/CoverageEntry.ts';

export interface GetScheduleReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  'block'?: (_rosterd_v1_Block | null);
  /**
   * The final schedule (final approvals).
   */
  'assignments'?: (_rosterd_v1_Assignment)[];
  /**
   * The block's emergency coverage with where each write stands (standing covers hold
   * seats beside `assignments`), then the answering node's provisional writes (journaled
   * there, not yet in the log).
   */
  'coverage'?: (_rosterd_v1_CoverageEntry)[];
}

export interface GetScheduleReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  'block': (_rosterd_v1_Block__Output | null);
  /**
   * The final schedule (final approvals).
   */
  'assignments': (_rosterd_v1_Assignment__Output)[];
  /**
   * The block's emergency coverage with where each write stands (standing covers hold
   * seats beside `assignments`), then the answering node's provisional writes (journaled
   * there, not yet in the log).
   */
  'coverage': (_rosterd_v1_CoverageEntry__Output)[];
}
