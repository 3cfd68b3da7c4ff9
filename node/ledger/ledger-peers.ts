/**
 * How a node reaches the other facilities' ledger services: asking for a vote in a
 * commitment, and for their signed ledger head. The gRPC driver is
 * node/transport/ledger-peer-client.ts; in-process tests wire nodes' LedgerServices
 * together directly. Both reject when the peer cannot be reached in time.
 */
import type { GetHeadReply__Output, VoteReply__Output, VoteRequest__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';

export interface LedgerPeers {
  requestVote(facility: string, request: VoteRequest__Output, timeoutMs: number): Promise<VoteReply__Output>;
  getHead(facility: string, timeoutMs: number): Promise<GetHeadReply__Output>;
}
