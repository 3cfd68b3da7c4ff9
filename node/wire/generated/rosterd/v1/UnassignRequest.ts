// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';
import type { Long } from '@grpc/proto-loader';

export interface UnassignRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  /**
   * person and block identify the assignment; facility and pool are ignored.
   */
  'assignment'?: (_rosterd_v1_Assignment | null);
  'lockTokens'?: (number | string | Long)[];
}

export interface UnassignRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  /**
   * person and block identify the assignment; facility and pool are ignored.
   */
  'assignment': (_rosterd_v1_Assignment__Output | null);
  'lockTokens': (number)[];
}
