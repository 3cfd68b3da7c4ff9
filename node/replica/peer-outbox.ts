import type { Clock } from '../clock/clock.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import type { Message, NodeId } from '../raft/types.ts';
import type { PeerTransport } from '../transport/peer-transport.ts';

/**
 * The driver's way out to its peers: groups a Ready's messages by peer (one transport
 * call, so one frame, per peer) and measures heartbeat round trips.
 */
export class PeerOutbox {
  /** When the oldest unanswered heartbeat to each peer left (monotonic ms). */
  private readonly heartbeatSentAt = new Map<NodeId, number>();

  constructor(
    private readonly transport: PeerTransport,
    private readonly addressOf: (id: NodeId) => string,
    private readonly clock: Clock,
    private readonly metrics?: NodeMetrics,
  ) {}

  send(messages: readonly Message[]): void {
    if (messages.length === 0) return;
    const byPeer = new Map<NodeId, Message[]>();
    const metrics = this.metrics;
    for (const m of messages) {
      if (metrics) {
        if (m.type === 'app') metrics.appendBatchEntries.observe(m.entries.length);
        else if (m.type === 'heartbeat' && !this.heartbeatSentAt.has(m.to)) this.heartbeatSentAt.set(m.to, this.clock.monotonicMs());
      }
      const list = byPeer.get(m.to);
      if (list) list.push(m);
      else byPeer.set(m.to, [m]);
    }
    for (const [peer, list] of byPeer) this.transport.send(peer, this.addressOf(peer), list);
  }

  /** A message arrived from a peer: a heartbeat answer closes its round trip. */
  received(m: Message): void {
    if (m.type !== 'heartbeatResp' || !this.metrics) return;
    const sent = this.heartbeatSentAt.get(m.from);
    if (sent === undefined) return;
    this.heartbeatSentAt.delete(m.from);
    this.metrics.peerRttSeconds.observe({ peer: m.from }, (this.clock.monotonicMs() - sent) / 1000);
  }
}
