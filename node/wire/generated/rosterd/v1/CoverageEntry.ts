// Original file: proto/roster.proto

import type { Stamp as _rosterd_v1_Stamp, Stamp__Output as _rosterd_v1_Stamp__Output } from '../../rosterd/v1/Stamp.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';
import type { AssignmentRef as _rosterd_v1_AssignmentRef, AssignmentRef__Output as _rosterd_v1_AssignmentRef__Output } from '../../rosterd/v1/AssignmentRef.ts';
import type { CoverageStatus as _rosterd_v1_CoverageStatus, CoverageStatus__Output as _rosterd_v1_CoverageStatus__Output } from '../../rosterd/v1/CoverageStatus.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * One emergency write: what it asked, who accepted it when, and where it stands.
 */
export interface CoverageEntry {
  /**
   * The request id the write was made with.
   */
  'id'?: (string);
  /**
   * The facility whose node accepted it.
   */
  'facility'?: (string);
  'stamp'?: (_rosterd_v1_Stamp | null);
  'reason'?: (string);
  'cover'?: (_rosterd_v1_Assignment | null);
  'uncover'?: (_rosterd_v1_AssignmentRef | null);
  'status'?: (_rosterd_v1_CoverageStatus | null);
  /**
   * The log index at which it entered the log; 0 while provisional.
   */
  'index'?: (number | string | Long);
  /**
   * Journaled on the answering node and not yet in the log: `status` is how it stands
   * on that node's view.
   */
  'provisional'?: (boolean);
  'op'?: "cover"|"uncover";
}

/**
 * One emergency write: what it asked, who accepted it when, and where it stands.
 */
export interface CoverageEntry__Output {
  /**
   * The request id the write was made with.
   */
  'id': (string);
  /**
   * The facility whose node accepted it.
   */
  'facility': (string);
  'stamp': (_rosterd_v1_Stamp__Output | null);
  'reason': (string);
  'cover'?: (_rosterd_v1_Assignment__Output | null);
  'uncover'?: (_rosterd_v1_AssignmentRef__Output | null);
  'status': (_rosterd_v1_CoverageStatus__Output | null);
  /**
   * The log index at which it entered the log; 0 while provisional.
   */
  'index': (number);
  /**
   * Journaled on the answering node and not yet in the log: `status` is how it stands
   * on that node's view.
   */
  'provisional': (boolean);
  'op'?: "cover"|"uncover";
}
