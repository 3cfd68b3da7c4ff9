// Original file: proto/admin.proto

import type { Member as _rosterd_admin_v1_Member, Member__Output as _rosterd_admin_v1_Member__Output } from '../../../rosterd/admin/v1/Member.ts';

export interface MembersReply {
  'leader'?: (string);
  'members'?: (_rosterd_admin_v1_Member)[];
}

export interface MembersReply__Output {
  'leader': (string);
  'members': (_rosterd_admin_v1_Member__Output)[];
}
