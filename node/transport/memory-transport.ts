import type { Clock } from '../clock/clock.ts';
import type { Message, NodeId } from '../raft/types.ts';
import type { LinkStats, PeerFrame, PeerTransport, Probe } from './peer-transport.ts';

/**
 * Where in-memory transports put messages: the simulation's faulty network, or a
 * MemoryNetwork. It decides if, when and how often a message arrives.
 */
export interface Wire {
  send(m: Message): void;
  /** Carries `from`'s probe to `to`, with the same fate as a message on that link. */
  probe(from: NodeId, to: NodeId, probe: Probe): void;
  /** Whether `from` can reach `to` right now (no partition between them). */
  reachable(from: NodeId, to: NodeId): boolean;
}

/** The in-memory twin of GrpcPeerTransport: hands every message to a Wire. */
export class MemoryTransport implements PeerTransport {
  private readonly counts = new Map<NodeId, { sent: number; dropped: number }>();
  private closed = false;

  constructor(
    private readonly self: NodeId,
    private readonly wire: Wire,
  ) {}

  send(peer: NodeId, _address: string, messages: readonly Message[]): void {
    let c = this.counts.get(peer);
    if (!c) this.counts.set(peer, (c = { sent: 0, dropped: 0 }));
    if (this.closed) {
      c.dropped += messages.length;
      return;
    }
    c.sent += messages.length;
    for (const m of messages) this.wire.send(m);
  }

  probe(peer: NodeId, _address: string, probe: Probe): void {
    if (!this.closed) this.wire.probe(this.self, peer, probe);
  }

  links(): LinkStats[] {
    return [...this.counts].map(([peer, c]) => {
      const up = !this.closed && this.wire.reachable(this.self, peer);
      return { peer, address: `memory:${peer}`, connected: up, breaker: up ? 'closed' : 'open', queued: 0, sent: c.sent, dropped: c.dropped };
    });
  }

  close(): void {
    this.closed = true;
  }
}

/**
 * An in-process network, lossless unless told otherwise, for tests of real replicas in one process: delivers
 * each message after the current turn of `clock`, in send order, unless the link is cut.
 */
export class MemoryNetwork implements Wire {
  private readonly nodes = new Map<NodeId, (frame: PeerFrame) => void>();
  private readonly cut = new Set<string>();
  /** Messages that match are lost, like frames a reconnecting link drops. */
  private losing: ((m: Message) => boolean) | undefined;

  constructor(private readonly clock: Clock) {}

  /** Loses every message `lose` picks until the returned function is called. */
  loseWhere(lose: (m: Message) => boolean): () => void {
    this.losing = lose;
    return () => {
      if (this.losing === lose) this.losing = undefined;
    };
  }

  /** Routes frames addressed to `id` to `deliver` (replacing an earlier registration: a restart). */
  attach(id: NodeId, deliver: (frame: PeerFrame) => void): void {
    this.nodes.set(id, deliver);
  }

  /** Stops delivering to `id` (a crash: what is in flight to it is lost). */
  detach(id: NodeId): void {
    this.nodes.delete(id);
  }

  transport(id: NodeId): MemoryTransport {
    return new MemoryTransport(id, this);
  }

  send(m: Message): void {
    if (!this.reachable(m.from, m.to) || this.losing?.(m)) return;
    this.clock.defer(() => {
      // A link cut while the message was in flight loses it too.
      if (this.reachable(m.from, m.to)) this.nodes.get(m.to)?.({ from: m.from, messages: [m] });
    });
  }

  probe(from: NodeId, to: NodeId, probe: Probe): void {
    if (!this.reachable(from, to)) return;
    this.clock.defer(() => {
      if (this.reachable(from, to)) this.nodes.get(to)?.({ from, messages: [], probe });
    });
  }

  reachable(from: NodeId, to: NodeId): boolean {
    return !this.cut.has(`${from}>${to}`);
  }

  /** Cuts both directions between `node` and each of `others`. */
  isolate(node: NodeId, others: readonly NodeId[]): void {
    for (const o of others) {
      if (o === node) continue;
      this.cut.add(`${node}>${o}`);
      this.cut.add(`${o}>${node}`);
    }
  }

  heal(): void {
    this.cut.clear();
  }
}
