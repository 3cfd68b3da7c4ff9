// Original file: proto/ledger.proto

import type { SignedHead as _rosterd_ledger_v1_SignedHead, SignedHead__Output as _rosterd_ledger_v1_SignedHead__Output } from '../../../rosterd/ledger/v1/SignedHead.ts';

export interface HeadPair {
  'first'?: (_rosterd_ledger_v1_SignedHead | null);
  'second'?: (_rosterd_ledger_v1_SignedHead | null);
}

export interface HeadPair__Output {
  'first': (_rosterd_ledger_v1_SignedHead__Output | null);
  'second': (_rosterd_ledger_v1_SignedHead__Output | null);
}
