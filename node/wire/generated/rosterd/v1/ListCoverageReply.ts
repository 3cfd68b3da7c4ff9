// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { CoverageEntry as _rosterd_v1_CoverageEntry, CoverageEntry__Output as _rosterd_v1_CoverageEntry__Output } from '../../rosterd/v1/CoverageEntry.ts';

export interface ListCoverageReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  'entries'?: (_rosterd_v1_CoverageEntry)[];
  /**
   * As in ListPeopleReply.
   */
  'nextPageToken'?: (string);
}

export interface ListCoverageReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  'entries': (_rosterd_v1_CoverageEntry__Output)[];
  /**
   * As in ListPeopleReply.
   */
  'nextPageToken': (string);
}
