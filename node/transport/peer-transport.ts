import type { Message, NodeId } from '../raft/types.ts';
import type { BreakerState } from './circuit-breaker.ts';

/** The health of one outbound link, as status, metrics and partition detection see it. */
export interface LinkStats {
  readonly peer: NodeId;
  readonly address: string;
  /** A stream to the peer is established (it answered). */
  readonly connected: boolean;
  readonly breaker: BreakerState;
  readonly queued: number;
  readonly sent: number;
  readonly dropped: number;
}

/** A node's periodic word to a peer: the peers it has heard from lately (node/modes/reachability.ts). */
export interface Probe {
  readonly hears: readonly NodeId[];
}

/** What arrives from a peer in one frame: Raft messages, and its probe when it sent one. */
export interface PeerFrame {
  readonly from: NodeId;
  readonly messages: readonly Message[];
  readonly probe?: Probe;
}

/**
 * Raft messages out of a node, as the replica's driver sends them. GrpcPeerTransport is
 * the real one; MemoryTransport its in-memory twin. Inbound frames are not part of
 * this port: whatever receives them (the gRPC peer service, an in-memory network) hands
 * them to Replica.deliver.
 *
 * Contract: send never blocks and never throws for a dead or slow peer; it drops what
 * it cannot carry (Raft retransmits). Messages of one call keep their order.
 */
export interface PeerTransport {
  /** Queues one Ready's messages for `peer`, dialling `address` if no link exists yet. */
  send(peer: NodeId, address: string, messages: readonly Message[]): void;
  /** Sends `peer` this node's probe (with the next frame, or alone). Dropped like a message when it cannot go. */
  probe(peer: NodeId, address: string, probe: Probe): void;
  /** One entry per peer this node has a link to. */
  links(): LinkStats[];
  /** Closes every link; later sends are dropped. */
  close(): void;
}
