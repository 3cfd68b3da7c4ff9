// Original file: proto/roster.proto

import type { CoverageEntry as _rosterd_v1_CoverageEntry, CoverageEntry__Output as _rosterd_v1_CoverageEntry__Output } from '../../rosterd/v1/CoverageEntry.ts';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/roster.proto

export const _rosterd_v1_CoverReply_Outcome = {
  OUTCOME_UNSPECIFIED: 'OUTCOME_UNSPECIFIED',
  /**
   * In the log at `index`: `entry.status` says where it stands.
   */
  COMMITTED: 'COMMITTED',
  /**
   * Journaled on `journaled_on`, durably; in the log once the partition heals.
   */
  PROVISIONAL: 'PROVISIONAL',
  /**
   * Nothing to do: a final approval already holds exactly this assignment.
   */
  UNCHANGED: 'UNCHANGED',
} as const;

export type _rosterd_v1_CoverReply_Outcome =
  | 'OUTCOME_UNSPECIFIED'
  | 0
  /**
   * In the log at `index`: `entry.status` says where it stands.
   */
  | 'COMMITTED'
  | 1
  /**
   * Journaled on `journaled_on`, durably; in the log once the partition heals.
   */
  | 'PROVISIONAL'
  | 2
  /**
   * Nothing to do: a final approval already holds exactly this assignment.
   */
  | 'UNCHANGED'
  | 3

export type _rosterd_v1_CoverReply_Outcome__Output = typeof _rosterd_v1_CoverReply_Outcome[keyof typeof _rosterd_v1_CoverReply_Outcome]

export interface CoverReply {
  'outcome'?: (_rosterd_v1_CoverReply_Outcome);
  'detail'?: (string);
  'entry'?: (_rosterd_v1_CoverageEntry | null);
  'journaledOn'?: (string);
  'index'?: (number | string | Long);
}

export interface CoverReply__Output {
  'outcome': (_rosterd_v1_CoverReply_Outcome__Output);
  'detail': (string);
  'entry': (_rosterd_v1_CoverageEntry__Output | null);
  'journaledOn': (string);
  'index': (number);
}
