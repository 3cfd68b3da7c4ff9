// Original file: proto/ledger.proto

import type { SignedHead as _rosterd_ledger_v1_SignedHead, SignedHead__Output as _rosterd_ledger_v1_SignedHead__Output } from '../../../rosterd/ledger/v1/SignedHead.ts';

export interface SplitView {
  'facility'?: (string);
  'theirHead'?: (_rosterd_ledger_v1_SignedHead | null);
  'ourHash'?: (Buffer | Uint8Array | string);
  'detail'?: (string);
}

export interface SplitView__Output {
  'facility': (string);
  'theirHead': (_rosterd_ledger_v1_SignedHead__Output | null);
  'ourHash': (Buffer);
  'detail': (string);
}
