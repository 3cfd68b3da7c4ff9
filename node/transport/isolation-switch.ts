import type { Message, NodeId } from '../raft/types.ts';
import type { LinkStats, PeerTransport, Probe } from './peer-transport.ts';

/**
 * Fault injection: cuts all of a node's peer links at once, both ways, as a partition
 * of that node would (Admin.SetIsolation, allowed only with --fault-injection). Outbound
 * frames are dropped by the transport it wraps; inbound ones by the peer service asking
 * admits(). Nothing else changes: the node keeps serving clients, which is the point.
 */
export class IsolationSwitch {
  private cut = false;

  get isolated(): boolean {
    return this.cut;
  }

  set(isolated: boolean): void {
    this.cut = isolated;
  }

  /** Whether an inbound peer frame may pass. */
  admits(): boolean {
    return !this.cut;
  }

  /** `transport`, dropping every frame while isolated. */
  wrap(transport: PeerTransport): PeerTransport {
    return {
      send: (peer: NodeId, address: string, messages: readonly Message[]) => {
        if (!this.cut) transport.send(peer, address, messages);
      },
      probe: (peer: NodeId, address: string, probe: Probe) => {
        if (!this.cut) transport.probe(peer, address, probe);
      },
      links: (): LinkStats[] => transport.links(),
      close: () => transport.close(),
    };
  }
}
