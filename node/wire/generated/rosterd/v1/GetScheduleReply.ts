// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { Block as _rosterd_v1_Block, Block__Output as _rosterd_v1_Block__Output } from '../../rosterd/v1/Block.ts';
import type { Assignment as _rosterd_v1_Assignment, Assignment__Output as _rosterd_v1_Assignment__Output } from '../../rosterd/v1/Assignment.ts';

export interface GetScheduleReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  'block'?: (_rosterd_v1_Block | null);
  'assignments'?: (_rosterd_v1_Assignment)[];
}

export interface GetScheduleReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  'block': (_rosterd_v1_Block__Output | null);
  'assignments': (_rosterd_v1_Assignment__Output)[];
}
