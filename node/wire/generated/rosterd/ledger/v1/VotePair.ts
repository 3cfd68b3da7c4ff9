// Original file: proto/ledger.proto

import type { Vote as _rosterd_ledger_v1_Vote, Vote__Output as _rosterd_ledger_v1_Vote__Output } from '../../../rosterd/ledger/v1/Vote.ts';

export interface VotePair {
  'first'?: (_rosterd_ledger_v1_Vote | null);
  'second'?: (_rosterd_ledger_v1_Vote | null);
}

export interface VotePair__Output {
  'first': (_rosterd_ledger_v1_Vote__Output | null);
  'second': (_rosterd_ledger_v1_Vote__Output | null);
}
