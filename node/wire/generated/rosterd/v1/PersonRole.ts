// Original file: proto/roster.proto

export const PersonRole = {
  RESIDENT: 'RESIDENT',
  FACULTY: 'FACULTY',
} as const;

export type PersonRole =
  | 'RESIDENT'
  | 0
  | 'FACULTY'
  | 1

export type PersonRole__Output = typeof PersonRole[keyof typeof PersonRole]
