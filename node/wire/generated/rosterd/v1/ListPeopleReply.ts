// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { Person as _rosterd_v1_Person, Person__Output as _rosterd_v1_Person__Output } from '../../rosterd/v1/Person.ts';

export interface ListPeopleReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  'people'?: (_rosterd_v1_Person)[];
  /**
   * Pass as page_token for the next page; empty when this page is the last.
   */
  'nextPageToken'?: (string);
}

export interface ListPeopleReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  'people': (_rosterd_v1_Person__Output)[];
  /**
   * Pass as page_token for the next page; empty when this page is the last.
   */
  'nextPageToken': (string);
}
