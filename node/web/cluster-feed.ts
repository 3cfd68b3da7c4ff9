import type { Logger } from 'pino';
import type { NodeStatus__Output } from '../wire/generated/rosterd/admin/v1/index.ts';
import type { NodeReads } from './node-reads.ts';
import type { ClusterView, MemberView } from './page/view.ts';

/** How often the members' statuses are read and sent: also the page's heartbeat. */
export const CLUSTER_INTERVAL_MS = 1000;

/** A member's row from its own Status, or the silent row when it did not answer. */
export function memberView(id: string, address: string, voter: boolean, s: NodeStatus__Output | undefined): MemberView {
  return {
    id,
    address,
    voter,
    answered: s !== undefined,
    role: s?.role ?? '',
    term: s?.term ?? 0,
    leader: s?.leader ?? '',
    commitIndex: s?.commitIndex ?? 0,
    appliedIndex: s?.appliedIndex ?? 0,
    partitionState: s?.partitionState ?? '',
    reachable: s ? [...s.reachable] : [],
    unreachable: s ? [...s.unreachable] : [],
    links: s ? s.links.map((l) => ({ peer: l.peer, inbound: l.inbound, outbound: l.outbound, connected: l.connected, breaker: l.breaker })) : [],
    journalWrites: s?.journalWrites ?? 0,
    openConflicts: s?.openConflicts ?? 0,
    isolated: s?.isolated ?? false,
  };
}

/**
 * The cluster as its members see themselves, like `rosterctl status`: every
 * CLUSTER_INTERVAL_MS, while any page listens, the node's own Admin.Status and Members,
 * then each other member's Status over gRPC (a member that does not answer within
 * PEER_STATUS_DEADLINE_MS is shown as silent). Rounds do not overlap.
 */
export class ClusterFeed {
  private readonly subscribers = new Set<(view: ClusterView) => void>();
  private latest: ClusterView | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private closed = false;

  constructor(private readonly o: { readonly reads: NodeReads; readonly log: Logger }) {}

  /** Calls `send` with the latest view at once (if any) and with every later one. Returns the unsubscribe. */
  subscribe(send: (view: ClusterView) => void): () => void {
    this.subscribers.add(send);
    if (this.latest !== undefined) send(this.latest);
    if (!this.running) {
      this.running = true;
      void this.round();
    }
    return () => this.subscribers.delete(send);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async round(): Promise<void> {
    if (this.closed) return;
    if (this.subscribers.size === 0) {
      this.running = false;
      return;
    }
    try {
      const view = await this.read();
      if (view !== undefined && !this.closed) {
        this.latest = view;
        for (const send of this.subscribers) send(view);
      }
    } catch (e) {
      this.o.log.error({ err: (e as Error)?.stack ?? String(e) }, 'reading the cluster status failed');
    }
    if (!this.closed) this.timer = setTimeout(() => void this.round(), CLUSTER_INTERVAL_MS);
  }

  /** One round; undefined when the node itself does not answer (its page then goes quiet). */
  private async read(): Promise<ClusterView | undefined> {
    const reads = this.o.reads;
    const [own, members] = await Promise.all([reads.status().catch(() => undefined), reads.members().catch(() => undefined)]);
    if (own === undefined) return undefined;
    const list = members?.members ?? [{ id: own.id, address: own.address, voter: true }];
    const statuses = await Promise.all(list.map((m) => (m.id === own.id ? Promise.resolve(own) : reads.status(m.address).catch(() => undefined))));
    const rows = list.map((m, i) => memberView(m.id, m.address, m.voter, statuses[i])).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      servedBy: own.id,
      sentAtMs: Date.now(),
      leader: own.leader,
      self: memberView(own.id, own.address, true, own),
      members: rows,
    };
  }
}
