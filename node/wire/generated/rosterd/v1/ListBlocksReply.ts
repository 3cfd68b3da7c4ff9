// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { Block as _rosterd_v1_Block, Block__Output as _rosterd_v1_Block__Output } from '../../rosterd/v1/Block.ts';

export interface ListBlocksReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  'blocks'?: (_rosterd_v1_Block)[];
  /**
   * As in ListPeopleReply.
   */
  'nextPageToken'?: (string);
}

export interface ListBlocksReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  'blocks': (_rosterd_v1_Block__Output)[];
  /**
   * As in ListPeopleReply.
   */
  'nextPageToken': (string);
}
