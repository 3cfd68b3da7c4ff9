// Original file: proto/roster.proto

import type { PersonRole as _rosterd_v1_PersonRole, PersonRole__Output as _rosterd_v1_PersonRole__Output } from '../../rosterd/v1/PersonRole.ts';

export interface Person {
  'id'?: (string);
  'name'?: (string);
  'role'?: (_rosterd_v1_PersonRole);
  /**
   * The facility the person belongs to.
   */
  'homeFacility'?: (string);
}

export interface Person__Output {
  'id': (string);
  'name': (string);
  'role': (_rosterd_v1_PersonRole__Output);
  /**
   * The facility the person belongs to.
   */
  'homeFacility': (string);
}
