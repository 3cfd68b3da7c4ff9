/**
 * The simulated network: every message between cores passes through here, so this is
 * where loss, delay, reordering, duplication and partitions are injected. Time is the
 * simulation step; a message sent at step t is delivered at step t + delay (delay >= 1),
 * so a request/response round trip takes at least two steps.
 */
import type { Message, NodeId } from '../../../node/raft/types.ts';
import type { SeededRandom } from '../../../node/raft/rand.ts';

/** Fault rates of the network; all probabilities are per message. */
export interface NetworkFaults {
  /** Probability that a message is silently lost. */
  readonly dropRate: number;
  /** Probability that a message is delivered twice (the copy gets its own delay). */
  readonly dupRate: number;
  /** Delay range in steps, inclusive; a spread > 0 reorders messages. */
  readonly minDelaySteps: number;
  readonly maxDelaySteps: number;
  /** Probability that a message is held back much longer (up to longDelaySteps): stale packets. */
  readonly longDelayRate: number;
  readonly longDelaySteps: number;
}

/** A network that loses nothing and delivers every message on the next step, in order. */
export const RELIABLE: NetworkFaults = Object.freeze({
  dropRate: 0,
  dupRate: 0,
  minDelaySteps: 1,
  maxDelaySteps: 1,
  longDelayRate: 0,
  longDelaySteps: 0,
});

/** The lossy network of the "unreliable" scenarios (6.824 style: 10% loss, long tails). */
export const UNRELIABLE: NetworkFaults = Object.freeze({
  dropRate: 0.1,
  dupRate: 0.05,
  minDelaySteps: 1,
  maxDelaySteps: 3,
  longDelayRate: 0.02,
  longDelaySteps: 25,
});

/** A reachability probe on its way. */
export interface ProbeInFlight {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly hears: readonly NodeId[];
}

/** What happened to a message; taps see every event (tests count traffic with them). */
export type NetEvent = 'send' | 'deliver' | 'drop';
export type NetTap = (m: Message, event: NetEvent) => void;

function linkKey(from: NodeId, to: NodeId): string {
  return `${from}>${to}`;
}

export class Network {
  faults: NetworkFaults;
  /** Directed links that currently lose everything. */
  private readonly blocked = new Set<string>();
  /** In-flight messages by delivery step; a bucket keeps send order. */
  private readonly buckets = new Map<number, Message[]>();
  private readonly taps: NetTap[] = [];
  /** Probes in flight (node/modes/reachability.ts), by delivery step: they share the links' fate but not the message counters. */
  private readonly probeBuckets = new Map<number, ProbeInFlight[]>();
  /** Counters by message type, for summaries and efficiency tests. */
  readonly sent = new Map<string, number>();
  delivered = 0;
  dropped = 0;

  constructor(
    private readonly rng: SeededRandom,
    faults: NetworkFaults = RELIABLE,
  ) {
    this.faults = faults;
  }

  /** Observe every send/deliver/drop; returns a function that removes the tap. */
  tap(fn: NetTap): () => void {
    this.taps.push(fn);
    return () => {
      const i = this.taps.indexOf(fn);
      if (i >= 0) this.taps.splice(i, 1);
    };
  }

  private emit(m: Message, e: NetEvent): void {
    for (const t of this.taps) t(m, e);
  }

  send(m: Message, now: number): void {
    this.sent.set(m.type, (this.sent.get(m.type) ?? 0) + 1);
    this.emit(m, 'send');
    const f = this.faults;
    if (this.blocked.has(linkKey(m.from, m.to)) || (f.dropRate > 0 && this.rng.next() < f.dropRate)) {
      this.drop(m);
      return;
    }
    this.enqueue(m, now + this.delay());
    if (f.dupRate > 0 && this.rng.next() < f.dupRate) this.enqueue(m, now + this.delay());
  }

  private delay(): number {
    const f = this.faults;
    if (f.longDelayRate > 0 && this.rng.next() < f.longDelayRate) return 1 + this.rng.intn(Math.max(1, f.longDelaySteps));
    if (f.maxDelaySteps <= f.minDelaySteps) return Math.max(1, f.minDelaySteps);
    return Math.max(1, f.minDelaySteps + this.rng.intn(f.maxDelaySteps - f.minDelaySteps + 1));
  }

  private enqueue(m: Message, at: number): void {
    const b = this.buckets.get(at);
    if (b) b.push(m);
    else this.buckets.set(at, [m]);
  }

  private drop(m: Message): void {
    this.dropped++;
    this.emit(m, 'drop');
  }

  /**
   * Hands every message due at `now` to `deliver`. A link cut while the message was in
   * flight loses it too: a partition does not wait for the wire to drain.
   */
  deliverDue(now: number, deliver: (m: Message) => void): void {
    const b = this.buckets.get(now);
    if (!b) return;
    this.buckets.delete(now);
    for (const m of b) {
      if (this.blocked.has(linkKey(m.from, m.to))) {
        this.drop(m);
        continue;
      }
      this.delivered++;
      this.emit(m, 'deliver');
      deliver(m);
    }
  }

  /** Sends a probe: lost on a cut link or with the drop rate, else delivered after a delay like a message. */
  sendProbe(p: ProbeInFlight, now: number): void {
    if (this.blocked.has(linkKey(p.from, p.to)) || (this.faults.dropRate > 0 && this.rng.next() < this.faults.dropRate)) return;
    const at = now + this.delay();
    const b = this.probeBuckets.get(at);
    if (b) b.push(p);
    else this.probeBuckets.set(at, [p]);
  }

  /** Hands every probe due at `now` whose link is still up to `deliver`. */
  deliverDueProbes(now: number, deliver: (p: ProbeInFlight) => void): void {
    const b = this.probeBuckets.get(now);
    if (!b) return;
    this.probeBuckets.delete(now);
    for (const p of b) if (!this.blocked.has(linkKey(p.from, p.to))) deliver(p);
  }

  /** A crashed node loses its sockets: whatever is in flight to or from it is gone. */
  dropFor(node: NodeId): void {
    for (const [at, b] of this.buckets) {
      const keep = b.filter((m) => m.from !== node && m.to !== node);
      for (const m of b) if (m.from === node || m.to === node) this.drop(m);
      if (keep.length === 0) this.buckets.delete(at);
      else this.buckets.set(at, keep);
    }
  }

  /** Messages still in flight, all or only those to or from `node`. */
  inFlight(node?: NodeId): number {
    let n = 0;
    for (const b of this.buckets.values()) {
      n += node === undefined ? b.length : b.filter((m) => m.from === node || m.to === node).length;
    }
    return n;
  }

  block(from: NodeId, to: NodeId): void {
    this.blocked.add(linkKey(from, to));
  }

  unblock(from: NodeId, to: NodeId): void {
    this.blocked.delete(linkKey(from, to));
  }

  isBlocked(from: NodeId, to: NodeId): boolean {
    return this.blocked.has(linkKey(from, to));
  }

  /** Cuts every link to and from `node` among `all` (the node keeps running). */
  isolate(node: NodeId, all: readonly NodeId[]): void {
    for (const other of all) {
      if (other === node) continue;
      this.block(node, other);
      this.block(other, node);
    }
  }

  /** Only nodes within the same group can talk; nodes in no group are cut from everyone. */
  split(groups: readonly (readonly NodeId[])[], all: readonly NodeId[]): void {
    this.blocked.clear();
    const groupOf = new Map<NodeId, number>();
    groups.forEach((g, i) => g.forEach((n) => groupOf.set(n, i)));
    for (const a of all) {
      for (const b of all) {
        if (a === b) continue;
        const ga = groupOf.get(a);
        if (ga === undefined || ga !== groupOf.get(b)) this.block(a, b);
      }
    }
  }

  heal(): void {
    this.blocked.clear();
  }

  /** True when some link is cut. */
  partitioned(): boolean {
    return this.blocked.size > 0;
  }

  describePartition(): string {
    return this.blocked.size === 0 ? 'healed' : [...this.blocked].sort().join(' ');
  }
}
