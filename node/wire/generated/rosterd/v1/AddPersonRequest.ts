// Original file: proto/roster.proto

import type { WriteHeader as _rosterd_v1_WriteHeader, WriteHeader__Output as _rosterd_v1_WriteHeader__Output } from '../../rosterd/v1/WriteHeader.ts';
import type { Person as _rosterd_v1_Person, Person__Output as _rosterd_v1_Person__Output } from '../../rosterd/v1/Person.ts';

export interface AddPersonRequest {
  'header'?: (_rosterd_v1_WriteHeader | null);
  'person'?: (_rosterd_v1_Person | null);
}

export interface AddPersonRequest__Output {
  'header': (_rosterd_v1_WriteHeader__Output | null);
  'person': (_rosterd_v1_Person__Output | null);
}
