// Original file: proto/roster.proto

import type { PersonRole as _rosterd_v1_PersonRole, PersonRole__Output as _rosterd_v1_PersonRole__Output } from '../../rosterd/v1/PersonRole.ts';

/**
 * Someone who could fill a missing seat: a person of the facility holding nothing in the
 * block (from_pool empty), or one moved from a pool above its reserve (the flex pool, or
 * another pool's borrowed seats).
 */
export interface GapCover {
  'person'?: (string);
  'role'?: (_rosterd_v1_PersonRole);
  'fromPool'?: (string);
  'fromFlex'?: (boolean);
}

/**
 * Someone who could fill a missing seat: a person of the facility holding nothing in the
 * block (from_pool empty), or one moved from a pool above its reserve (the flex pool, or
 * another pool's borrowed seats).
 */
export interface GapCover__Output {
  'person': (string);
  'role': (_rosterd_v1_PersonRole__Output);
  'fromPool': (string);
  'fromFlex': (boolean);
}
