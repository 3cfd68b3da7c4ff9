// Original file: proto/roster.proto

import type { ReadHeader as _rosterd_v1_ReadHeader, ReadHeader__Output as _rosterd_v1_ReadHeader__Output } from '../../rosterd/v1/ReadHeader.ts';
import type { Person as _rosterd_v1_Person, Person__Output as _rosterd_v1_Person__Output } from '../../rosterd/v1/Person.ts';

export interface ListPeopleReply {
  'header'?: (_rosterd_v1_ReadHeader | null);
  'people'?: (_rosterd_v1_Person)[];
}

export interface ListPeopleReply__Output {
  'header': (_rosterd_v1_ReadHeader__Output | null);
  'people': (_rosterd_v1_Person__Output)[];
}
