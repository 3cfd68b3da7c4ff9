import { OutcomeUnknownError, UnavailableError, type RosterError } from '../errors.ts';
import type { Entry, NodeId } from '../raft/types.ts';

/** The committed result of a write: where it landed in the log and what apply said. */
export interface Committed<R> {
  readonly index: number;
  readonly term: number;
  /** The state machine's result; undefined for entries that carry no command (membership changes). */
  readonly result: R | undefined;
}

/** How a proposal's client hears back. Exactly one of committed / failed / forwarded is called, once. */
export interface ProposalCallbacks<R> {
  /** The core appended the proposal at (index, term); it may still fail to commit. */
  appended?(index: number, term: number): void;
  committed(c: Committed<R>): void;
  failed(e: RosterError): void;
  /** Only for Replica.forward on a follower: the proposal went to `leader`; its fate shows only in the log. */
  forwarded?(leader: NodeId): void;
}

/** How a read's client hears back. Exactly one of ready / failed is called, once. */
export interface ReadCallbacks {
  /** The barrier is met: the applied state covers every write acknowledged before the read began. */
  ready(): void;
  failed(e: RosterError): void;
}

/** What the registry reports for metrics. */
export interface RegistryObserver {
  committed(seconds: number): void;
  superseded(): void;
}

interface ProposalWaiter<R> {
  readonly term: number;
  /** Monotonic ms at proposal, for the commit latency. */
  readonly startedAt: number;
  readonly cb: ProposalCallbacks<R>;
}

/**
 * The client requests a replica is waiting on: proposals by log index (settled when
 * their index is applied) and read barriers by context (settled once the applied index
 * reaches their read index). It also bounds proposals in flight (backpressure).
 *
 * Promptness: nothing here waits for a client's deadline. A proposal's outcome is known
 * when its index is applied (its term decides: committed, or superseded and never
 * applied) or becomes unknown the moment this node stops leading; a read without a
 * read index fails the moment the leader it asked changes.
 */
export class RequestRegistry<R> {
  private readonly proposals = new Map<number, ProposalWaiter<R>>();
  private reserved = 0;
  private readonly reads = new Map<string, ReadCallbacks>();
  /** Reads whose read index is known, waiting for the applied index to reach it. */
  private awaitingApply: { readonly index: number; readonly ctx: string }[] = [];

  constructor(
    private readonly maxPendingProposals: number,
    private readonly monotonicMs: () => number,
    private readonly observer?: RegistryObserver,
  ) {}

  /** Takes a backpressure slot for a new proposal; false when all are taken. */
  tryReserve(): boolean {
    if (this.reserved >= this.maxPendingProposals) return false;
    this.reserved++;
    return true;
  }

  /** Gives a slot back (its proposal settled). */
  release(): void {
    this.reserved--;
  }

  /** Proposals holding a backpressure slot. */
  pendingProposals(): number {
    return this.reserved;
  }

  /** The core appended a proposal at (index, term): wait for that index to be applied. */
  proposed(index: number, term: number, cb: ProposalCallbacks<R>): void {
    this.proposals.set(index, { term, startedAt: this.monotonicMs(), cb });
    cb.appended?.(index, term);
  }

  /** Stops waiting for the proposal at `index` if `cb` is still waiting there; true if it was. */
  abandon(index: number, cb: ProposalCallbacks<R>): boolean {
    const w = this.proposals.get(index);
    if (w?.cb !== cb) return false;
    this.proposals.delete(index);
    return true;
  }

  /** `entry` was applied with `result`: settles the proposal waiting at its index, if any. */
  applied(entry: Entry, result: R | undefined): void {
    const w = this.proposals.get(entry.index);
    if (!w) return;
    this.proposals.delete(entry.index);
    if (w.term !== entry.term) {
      // Another leader's entry took this index: ours was never committed anywhere.
      this.observer?.superseded();
      w.cb.failed(new UnavailableError('leadership changed before the write committed; it was not applied, retry'));
      return;
    }
    this.observer?.committed((this.monotonicMs() - w.startedAt) / 1000);
    w.cb.committed({ index: entry.index, term: entry.term, result });
  }

  /**
   * This node stopped leading: each waiting proposal may still commit under the next
   * leader or be overwritten, and nobody here will learn which in time. Tell the
   * clients now; they retry with the same request id, which applies it at most once.
   */
  leadershipLost(): void {
    if (this.proposals.size === 0) return;
    const waiting = [...this.proposals.values()];
    this.proposals.clear();
    for (const w of waiting) w.cb.failed(new OutcomeUnknownError('this node lost leadership before the write was known to commit; it may or may not be applied'));
  }

  /** Registers a read barrier under a fresh context. */
  addRead(ctx: string, cb: ReadCallbacks): void {
    this.reads.set(ctx, cb);
  }

  /** Stops waiting for a read; true if it was still waiting. */
  abandonRead(ctx: string): boolean {
    return this.reads.delete(ctx);
  }

  /** Whether the read `ctx` still waits for its read index (not yet for the apply). */
  awaitsIndex(ctx: string): boolean {
    return this.reads.has(ctx) && !this.awaitingApply.some((r) => r.ctx === ctx);
  }

  /** Fails one read (its barrier cannot be had here). */
  failRead(ctx: string, e: RosterError): void {
    const cb = this.reads.get(ctx);
    if (!cb) return;
    this.reads.delete(ctx);
    cb.failed(e);
  }

  /** The read `ctx` may be served once the applied index reaches `index`. */
  readIndex(ctx: string, index: number, applied: number): void {
    if (!this.reads.has(ctx)) return;
    this.awaitingApply.push({ index, ctx });
    this.releaseReads(applied);
  }

  /** Serves the reads whose read index is now applied. */
  releaseReads(applied: number): void {
    if (this.awaitingApply.length === 0) return;
    const still: { index: number; ctx: string }[] = [];
    const ready: ReadCallbacks[] = [];
    for (const r of this.awaitingApply) {
      if (r.index > applied) {
        still.push(r);
        continue;
      }
      const cb = this.reads.get(r.ctx);
      if (!cb) continue;
      this.reads.delete(r.ctx);
      ready.push(cb);
    }
    this.awaitingApply = still;
    for (const cb of ready) cb.ready();
  }

  /**
   * The leader changed: reads still waiting for a read index asked a node that may never
   * answer. Fail them (a read has no effect, so a retry is always safe); reads that have
   * their index keep it, since the leader that gave it had confirmed its lead.
   */
  leaderChanged(): void {
    if (this.reads.size === 0) return;
    const indexed = new Set(this.awaitingApply.map((r) => r.ctx));
    for (const [ctx, cb] of [...this.reads]) {
      if (indexed.has(ctx)) continue;
      this.reads.delete(ctx);
      cb.failed(new UnavailableError('the leader changed before the read barrier completed; retry'));
    }
  }

  /** Fails everything (shutdown, fatal error). */
  failAll(proposals: RosterError, reads: RosterError): void {
    const ps = [...this.proposals.values()];
    const rs = [...this.reads.values()];
    this.proposals.clear();
    this.reads.clear();
    this.awaitingApply = [];
    for (const w of ps) w.cb.failed(proposals);
    for (const cb of rs) cb.failed(reads);
  }
}
