import type { Logger } from 'pino';
import type { Message, NodeId } from '../raft/types.ts';
import type { BackoffOptions } from './backoff.ts';
import type { BreakerOptions } from './circuit-breaker.ts';
import { PeerLink } from './peer-link.ts';
import type { LinkStats, PeerTransport, Probe } from './peer-transport.ts';
import type { TlsMaterial } from '../tls/index.ts';

export interface GrpcPeerTransportOptions {
  readonly self: NodeId;
  readonly cluster: string;
  /** Bound on one AppendEntries / snapshot chunk; frames may hold a few of them. */
  readonly maxMessageBytes: number;
  readonly backoff: BackoffOptions;
  readonly breaker: BreakerOptions;
  readonly log: Logger;
  /** Mutual TLS with this node's certificate; each peer must present its own facility's. Absent: plaintext. */
  readonly tls?: TlsMaterial;
}

/** Messages queued per peer beyond which new ones are dropped. */
const MAX_QUEUED_MESSAGES = 4096;

/** The real PeerTransport: one PeerLink (gRPC client streams) per peer, created on first use. */
export class GrpcPeerTransport implements PeerTransport {
  private readonly peers = new Map<NodeId, PeerLink>();
  private closed = false;

  constructor(private readonly o: GrpcPeerTransportOptions) {}

  send(peer: NodeId, address: string, messages: readonly Message[]): void {
    this.link(peer, address)?.send(messages);
  }

  probe(peer: NodeId, address: string, probe: Probe): void {
    this.link(peer, address)?.probe(probe);
  }

  /** The link to `peer`, created on first use; undefined when closed or no address is known. */
  private link(peer: NodeId, address: string): PeerLink | undefined {
    if (this.closed) return undefined;
    let link = this.peers.get(peer);
    if (!link) {
      if (!address) {
        this.o.log.warn({ peer }, 'no address known for peer; dropping messages');
        return undefined;
      }
      link = new PeerLink({
        self: this.o.self,
        cluster: this.o.cluster,
        peer,
        address,
        maxQueuedMessages: MAX_QUEUED_MESSAGES,
        maxFrameBytes: this.o.maxMessageBytes * 4 + 4096,
        backoff: this.o.backoff,
        breaker: this.o.breaker,
        log: this.o.log,
        ...(this.o.tls ? { tls: this.o.tls } : {}),
      });
      this.peers.set(peer, link);
    }
    return link;
  }

  links(): LinkStats[] {
    return [...this.peers.values()].map((l) => l.stats());
  }

  close(): void {
    this.closed = true;
    for (const l of this.peers.values()) l.close();
  }
}
