// Original file: proto/ledger.proto

import type { SignedHead as _rosterd_ledger_v1_SignedHead, SignedHead__Output as _rosterd_ledger_v1_SignedHead__Output } from '../../../rosterd/ledger/v1/SignedHead.ts';
import type { SplitView as _rosterd_ledger_v1_SplitView, SplitView__Output as _rosterd_ledger_v1_SplitView__Output } from '../../../rosterd/ledger/v1/SplitView.ts';
import type { Divergence as _rosterd_ledger_v1_Divergence, Divergence__Output as _rosterd_ledger_v1_Divergence__Output } from '../../../rosterd/ledger/v1/Divergence.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * This node's ledger head, signed with its facility key, and what it has noticed.
 */
export interface GetHeadReply {
  'head'?: (_rosterd_ledger_v1_SignedHead | null);
  'appliedIndex'?: (number | string | Long);
  /**
   * Heads of other facilities that disagree with this node's ledger.
   */
  'splitViews'?: (_rosterd_ledger_v1_SplitView)[];
  /**
   * Blocks whose committed digest differs from this node's own state.
   */
  'divergences'?: (_rosterd_ledger_v1_Divergence)[];
}

/**
 * This node's ledger head, signed with its facility key, and what it has noticed.
 */
export interface GetHeadReply__Output {
  'head': (_rosterd_ledger_v1_SignedHead__Output | null);
  'appliedIndex': (number);
  /**
   * Heads of other facilities that disagree with this node's ledger.
   */
  'splitViews': (_rosterd_ledger_v1_SplitView__Output)[];
  /**
   * Blocks whose committed digest differs from this node's own state.
   */
  'divergences': (_rosterd_ledger_v1_Divergence__Output)[];
}
