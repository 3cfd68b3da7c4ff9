import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import {
  InvalidArgumentError,
  NotLeaderError,
  OutcomeUnknownError,
  ResourceExhaustedError,
  UnavailableError,
} from '../errors.ts';
import { RaftCore } from '../raft/core.ts';
import type { ConfChange, Entry, Message, NodeId, Ready, Role, Status } from '../raft/types.ts';
import { NONE } from '../raft/types.ts';
import type { ApplyResult, Facility } from '../schedule/index.ts';
import type { LevelStorage } from '../storage/level-storage.ts';
import { WritePipeline } from './write-pipeline.ts';
import { PeerLink, type LinkStats } from '../transport/peer-link.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from '../transport/backoff.ts';
import { DEFAULT_BREAKER, type BreakerOptions } from '../transport/circuit-breaker.ts';
import { ReplicatedState } from './replicated-state.ts';
import { CryptoRandom } from './crypto-random.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import { majority } from '../raft/quorum.ts';
import type { CancelSignal } from './cancellation.ts';

export interface ReplicaOptions {
  readonly id: NodeId;
  readonly cluster: string;
  /** Addresses of the configured facilities (the bootstrap members). */
  readonly peers: Readonly<Record<NodeId, string>>;
  readonly facilities: readonly Facility[];
  readonly storage: LevelStorage;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  /** Take a snapshot once this many entries were applied since the last one. */
  readonly snapshotEntries: number;
  /** Entries kept behind a snapshot, so a briefly lagging follower needs no image. */
  readonly keepEntries: number;
  /** Proposals waiting for commit beyond which writes are refused (backpressure). */
  readonly maxPendingProposals: number;
  readonly maxMessageBytes: number;
  readonly log: Logger;
  readonly backoff?: BackoffOptions;
  readonly breaker?: BreakerOptions;
  readonly metrics?: NodeMetrics;
}

/** How this node sees the cluster (DESIGN.md, CP and AP). */
export type PartitionState = 'connected' | 'majority' | 'minority';

/** The committed result of a write: where it landed in the log and what apply said. */
export interface Committed {
  readonly index: number;
  readonly result: ApplyResult;
}

/** One applied log entry, as watchers see it (after it is durable here). */
export interface AppliedEvent {
  readonly entry: Entry;
  /** The apply result for client commands; absent for no-ops and membership changes. */
  readonly result?: ApplyResult;
}

/** What a watcher is told after each batch is applied: entries in log order, or a snapshot install. */
export type AppliedBatch =
  | { readonly kind: 'entries'; readonly events: readonly AppliedEvent[] }
  | { readonly kind: 'snapshot'; readonly index: number };

interface Waiter {
  readonly term: number;
  /** performance.now() at proposal, for the commit latency histogram. */
  readonly startedAt: number;
  resolve(c: Committed): void;
  reject(e: Error): void;
}

interface ReadWaiter {
  resolve(): void;
  reject(e: Error): void;
  index?: number;
}

/** Readys accepted but not yet durable beyond which the loop waits for the disk. */
const MAX_PENDING_WRITES = 256;

/** Ticks after which a deferred (commit-only) hard state is written even if no synced batch came. */
const FLUSH_EVERY_TICKS = 4;

/**
 * Committed entries applied in one turn of the event loop beyond which the loop yields
 * (timers, peer messages and clients get a turn) before applying more: a restart
 * replaying a long log must not stall elections and heartbeats meanwhile.
 */
const APPLY_PER_TURN = 4096;

/** Milliseconds a client is told to wait when the proposal queue is full. */
const RETRY_AFTER_MS = 50;

/**
 * The driver of one node: feeds inputs (ticks, peer messages, proposals, reads) to the
 * pure Raft core and carries out its Ready batches, in this documented order:
 *
 *   1. send Ready.messages (leader replication runs in parallel with the local write);
 *   2. accept the Ready and hand its entries and hard state to the write pipeline,
 *      which writes in order, fsynced, merging whatever queued during a write into
 *      one batch (group commit); the loop goes on while the disk works;
 *   3. apply the committed entries in memory and answer the clients and reads
 *      waiting on them (the state machine is not written: it is the last snapshot
 *      plus the log, replayed at start);
 *   4. once the log write is durable: send Ready.persistedMessages (votes and
 *      acknowledgements promise durability), feed core.persisted(rd) and notify
 *      watchers of the entries applied.
 * A Ready with a snapshot is written alone, with the loop waiting (rare).
 *
 * Applying and answering before the local write is safe: an entry is committed only
 * once it is durable on a majority (the leader counts itself only after its own
 * fsync), so an acknowledged write survives whatever happens to this node. Inputs
 * (ticks, peer messages, proposals) are queued and fed to the core at the top of each
 * loop turn, so whatever arrived meanwhile batches into the next Ready.
 */
export class Replica {
  private readonly core: RaftCore;
  private state: ReplicatedState;
  private readonly links = new Map<NodeId, PeerLink>();
  private inputs: (() => void)[] = [];
  private pumping = false;
  private stopped = false;
  private ticker: NodeJS.Timeout | undefined;
  private readonly waiters = new Map<number, Waiter>();
  /** Proposals accepted by propose() and not yet settled: what backpressure bounds. */
  private pendingProposals = 0;
  private readonly reads = new Map<string, ReadWaiter>();
  private readonly readsAwaitingApply: { index: number; ctx: string }[] = [];
  private readCounter = 0;
  private readonly readPrefix = randomBytes(4).toString('hex');
  private role: Role = 'follower';
  private leader: NodeId = NONE;
  private lastLeaderContact = -1;
  private fatal: Error | undefined;
  private snapshotIndex: number;
  private readonly leaderListeners = new Set<() => void>();
  private readonly appliedListeners = new Set<(b: AppliedBatch) => void>();
  /** When the oldest unanswered heartbeat to each peer left: peer RTT. */
  private readonly heartbeatSentAt = new Map<NodeId, number>();
  private gaugeTimer: NodeJS.Timeout | undefined;
  private ticksSinceFlush = 0;
  /**
   * The last entry applied to `state`: what reads and watches report. Not the core's
   * applied index, which a leader's snapshot moves only once the image is written,
   * while the state already is that image.
   */
  private stateApplied: number;
  /** A local snapshot is being written (see takeSnapshot). */
  private snapshotting = false;
  /** Committed entries found on disk at start, replayed before the state is current. */
  private replay: { readonly to: number; readonly from: number; readonly startedAt: number } | undefined;

  constructor(private readonly o: ReplicaOptions) {
    // The state is the snapshot; the core replays the committed log after it.
    this.snapshotIndex = o.storage.snapshot().meta.index;
    this.state = ReplicatedState.restore(o.facilities, o.storage.snapshot().data);
    this.stateApplied = this.snapshotIndex;
    const commit = o.storage.initialState().hardState.commit;
    if (commit > this.snapshotIndex) this.replay = { from: this.snapshotIndex, to: commit, startedAt: performance.now() };
    this.writes = new WritePipeline(
      o.storage,
      (w) => {
        if (w.written) o.metrics?.storageWriteSeconds.observe({ synced: w.synced ? 'true' : 'false' }, w.seconds);
      },
      (e) => this.die(e),
    );
    this.core = new RaftCore({
      id: o.id,
      storage: o.storage,
      random: new CryptoRandom(),
      applied: this.snapshotIndex,
      electionTicks: o.electionTicks,
      heartbeatTicks: o.heartbeatTicks,
      maxMessageBytes: o.maxMessageBytes,
      snapshotChunkBytes: o.maxMessageBytes,
    });
  }

  start(): void {
    this.ticker = setInterval(() => {
      this.input(() => this.core.tick());
      // A commit-only hard state waits for the next synced batch; when none comes (an
      // idle follower), write it out within a few ticks, in turn with the other writes.
      if (++this.ticksSinceFlush >= FLUSH_EVERY_TICKS && this.o.storage.hasDeferred()) {
        this.ticksSinceFlush = 0;
        void this.writes.task(() => this.o.storage.flush()).catch(() => {}); // a failure is fatal (die)
      }
    }, this.o.tickMs);
    if (this.o.metrics) {
      const m = this.o.metrics;
      this.gaugeTimer = setInterval(() => this.updateGauges(m), 1000);
      this.gaugeTimer.unref();
    }
    this.schedule();
  }

  private updateGauges(m: NodeMetrics): void {
    const st = this.core.status();
    m.hasLeader.set(st.leader === NONE ? 0 : 1);
    m.isLeader.set(st.role === 'leader' ? 1 : 0);
    m.term.set(st.term);
    m.commitIndex.set(st.commit);
    m.appliedIndex.set(st.applied);
    m.proposalsPending.set(this.pendingProposals);
    m.logEntries.set(st.lastIndex - st.firstIndex + 1);
    const ps = this.partitionState();
    for (const s of ['connected', 'majority', 'minority'] as const) m.partitionState.set({ state: s }, s === ps ? 1 : 0);
  }

  /**
   * `connected` with a leader and every voter reachable, `majority` with a leader and a
   * quorum but not everyone, `minority` when no quorum is reachable (DESIGN.md).
   */
  partitionState(): PartitionState {
    const st = this.core.status();
    const up = new Set(this.linkStats().filter((l) => l.connected).map((l) => l.peer));
    up.add(st.id);
    const reachable = st.conf.voters.filter((v) => up.has(v)).length;
    if (st.leader === NONE || reachable < majority(st.conf.voters.length)) return 'minority';
    return reachable === st.conf.voters.length ? 'connected' : 'majority';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.ticker) clearInterval(this.ticker);
    if (this.gaugeTimer) clearInterval(this.gaugeTimer);
    while (this.pumping) await new Promise((r) => setTimeout(r, 5));
    await this.writes.drain();
    for (const l of this.links.values()) l.close();
    const err = new UnavailableError('the node is shutting down');
    for (const w of this.waiters.values()) w.reject(new OutcomeUnknownError('the node shut down before the write was known to commit'));
    for (const r of this.reads.values()) r.reject(err);
    this.waiters.clear();
    this.reads.clear();
  }

  // ------------------------------------------------------------------ client API

  /**
   * Proposes an encoded command (leader only) and resolves once it is committed,
   * durable here and applied. Rejects with NotLeaderError, ResourceExhaustedError
   * (queue full), UnavailableError (definitely not applied) or OutcomeUnknownError.
   */
  propose(data: Uint8Array, signal?: CancelSignal): Promise<Committed> {
    return this.proposeWith(() => this.core.propose(data), signal);
  }

  /** Proposes a membership change and resolves when it is applied. */
  proposeConfChange(change: ConfChange, signal?: CancelSignal): Promise<Committed> {
    return this.proposeWith(() => this.core.proposeConfChange(change), signal);
  }

  private proposeWith(propose: () => ReturnType<RaftCore['propose']>, signal?: CancelSignal): Promise<Committed> {
    this.assertAlive();
    // The slot is taken now, not when the queued input reaches the core: a burst that
    // arrives within one turn of the event loop must meet the bound too.
    if (this.pendingProposals >= this.o.maxPendingProposals) {
      this.o.metrics?.backpressureRejections.inc();
      return Promise.reject(new ResourceExhaustedError(`${this.pendingProposals} proposals are pending on ${this.o.id}; retry shortly`, RETRY_AFTER_MS));
    }
    this.pendingProposals++;
    const release = (): void => {
      this.pendingProposals--;
    };
    return this.proposeQueued(propose, signal).finally(release);
  }

  private proposeQueued(propose: () => ReturnType<RaftCore['propose']>, signal?: CancelSignal): Promise<Committed> {
    return new Promise<Committed>((resolve, reject) => {
      this.input(() => {
        if (signal?.cancelled) {
          reject(new UnavailableError('the request was cancelled before it was proposed'));
          return;
        }
        const r = propose();
        if (!r.ok) {
          this.o.metrics?.proposalsFailed.inc({ reason: r.reason });
          if (r.reason === 'overloaded') this.o.metrics?.backpressureRejections.inc();
          switch (r.reason) {
            case 'notLeader':
              reject(this.notLeader(r.leader));
              return;
            case 'transferring':
              reject(new UnavailableError(`leadership is moving to ${r.transferee}; retry shortly`));
              return;
            case 'overloaded':
              reject(new ResourceExhaustedError(`the leader has ${r.uncommittedBytes} uncommitted bytes; retry shortly`, RETRY_AFTER_MS));
              return;
            case 'confChangePending':
              reject(new UnavailableError(`a membership change (index ${r.pendingIndex}) is still in progress; retry when it is applied`));
              return;
            case 'invalidConfChange':
              reject(new InvalidArgumentError(r.detail));
              return;
          }
        }
        const w: Waiter = { term: r.term, startedAt: performance.now(), resolve, reject };
        this.waiters.set(r.index, w);
        signal?.onCancel(() => {
          if (this.waiters.get(r.index) === w) {
            this.waiters.delete(r.index);
            reject(new OutcomeUnknownError('the request was cancelled after it was proposed; it may still be applied'));
          }
        });
      });
    });
  }

  /**
   * Runs `read` against the state machine: after a ReadIndex barrier (linearizable),
   * or immediately when `stale`. Returns the value and the applied index it reflects.
   */
  async read<T>(read: (s: ReplicatedState) => T, stale: boolean, signal?: CancelSignal): Promise<{ value: T; applied: number }> {
    this.assertAlive();
    if (!stale) await this.readBarrier(signal);
    return { value: read(this.state), applied: this.stateApplied };
  }

  private readBarrier(signal?: CancelSignal): Promise<void> {
    // A fresh context on every attempt: an answer to an older attempt must not count.
    const ctx = `${this.o.id}-${this.readPrefix}-${++this.readCounter}`;
    return new Promise<void>((resolve, reject) => {
      const w: ReadWaiter = { resolve, reject };
      this.reads.set(ctx, w);
      signal?.onCancel(() => {
        if (this.reads.delete(ctx)) reject(new UnavailableError('the read was cancelled (deadline) before the read barrier completed'));
      });
      this.input(() => {
        const r = this.core.readIndex(ctx);
        if (!r.ok && this.reads.delete(ctx)) reject(this.notLeader(r.leader));
      });
    });
  }

  /** Hands leadership to `target` and resolves once this node has seen a new leader. */
  transferLeadership(target: NodeId, timeoutMs: number): Promise<NodeId> {
    this.assertAlive();
    return new Promise<NodeId>((resolve, reject) => {
      this.input(() => {
        const r = this.core.transferLeadership(target);
        if (!r.ok) {
          reject(r.reason === 'notLeader' ? this.notLeader(r.leader) : new InvalidArgumentError(r.detail));
          return;
        }
        if (target === this.o.id) {
          resolve(target);
          return;
        }
        const timer = setTimeout(() => {
          this.leaderListeners.delete(check);
          reject(new UnavailableError(`leadership did not move to ${target} within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = (): void => {
          if (this.leader !== NONE && this.leader !== this.o.id) {
            clearTimeout(timer);
            this.leaderListeners.delete(check);
            resolve(this.leader);
          }
        };
        this.leaderListeners.add(check);
      });
    });
  }

  /** Takes a snapshot of the applied state now and compacts the log. */
  snapshotNow(): Promise<{ index: number; bytes: number }> {
    this.assertAlive();
    return new Promise((resolve, reject) => {
      // Inputs run between Readys, so the image is of a whole applied prefix.
      this.input(() => this.takeSnapshot().then(resolve, reject));
    });
  }

  // ------------------------------------------------------------------ watching

  /**
   * Calls `listener` after every applied batch, once it is durable here, in log order
   * (a snapshot install comes as one 'snapshot' batch). Returns the unsubscribe function.
   * Listeners run on the driver's loop: they must be quick and must not throw.
   */
  onApplied(listener: (b: AppliedBatch) => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /**
   * Committed log entries [from, to] (bounded by maxBytes, at least one), for resuming a
   * watch. Throws CompactedError when `from` is before the first retained index.
   */
  committedEntries(from: number, to: number, maxBytes: number): Entry[] {
    const hi = Math.min(to, this.stateApplied);
    if (from > hi) return [];
    return this.o.storage.entries(from, hi + 1, maxBytes);
  }

  /** The first log index still retained (earlier ones are covered by the snapshot). */
  firstRetainedIndex(): number {
    return this.o.storage.firstIndex();
  }

  /** The applied state, read without a barrier (for a watch's initial image). */
  appliedState(): { state: ReplicatedState; applied: number } {
    return { state: this.state, applied: this.stateApplied };
  }

  // ------------------------------------------------------------------ inspection

  status(): Status {
    return this.core.status();
  }

  leaderId(): NodeId {
    return this.leader;
  }

  /** The address of a member: configured, or carried by its conf change. */
  addressOf(id: NodeId): string {
    return this.o.peers[id] ?? this.state.memberAddress(id) ?? '';
  }

  linkStats(): LinkStats[] {
    return [...this.links.values()].map((l) => l.stats());
  }

  /** Milliseconds since a leader was last heard from (0 on the leader, -1 if never). */
  msSinceLeaderContact(): number {
    if (this.role === 'leader') return 0;
    return this.lastLeaderContact < 0 ? -1 : Date.now() - this.lastLeaderContact;
  }

  isMember(id: NodeId): boolean {
    const conf = this.core.confState();
    return id in this.o.peers || conf.voters.includes(id) || conf.learners.includes(id);
  }

  /** Called by the peer server with validated messages. */
  deliver(messages: Message[]): void {
    if (this.stopped) return;
    this.input(() => {
      for (const m of messages) {
        if (m.from === this.leader || m.type === 'app' || m.type === 'heartbeat') this.lastLeaderContact = Date.now();
        if (m.type === 'heartbeatResp' && this.o.metrics) {
          const sent = this.heartbeatSentAt.get(m.from);
          if (sent !== undefined) {
            this.heartbeatSentAt.delete(m.from);
            this.o.metrics.peerRttSeconds.observe({ peer: m.from }, (performance.now() - sent) / 1000);
          }
        }
        this.core.step(m);
      }
    });
  }

  // ------------------------------------------------------------------ the loop

  private readonly writes: WritePipeline;

  private input(f: () => void): void {
    if (this.stopped) return;
    this.inputs.push(f);
    this.schedule();
  }

  private schedule(): void {
    if (this.pumping || this.stopped) return;
    this.pumping = true;
    setImmediate(() => void this.pump());
  }

  private async pump(): Promise<void> {
    let yielded = false;
    let appliedThisTurn = 0;
    try {
      for (;;) {
        const inputs = this.inputs;
        this.inputs = [];
        for (const f of inputs) f();
        if (!this.core.hasReady()) break;
        const rd = this.core.ready();
        appliedThisTurn += rd.committedEntries.length;
        await this.handleReady(rd);
        // Bound the writes in flight: beyond this the loop waits for the disk.
        if (this.writes.pending() > MAX_PENDING_WRITES) await this.writes.drain();
        if (!this.snapshotting && this.stateApplied - this.snapshotIndex >= this.o.snapshotEntries) {
          void this.takeSnapshot().catch((e: unknown) => {
            if (!this.fatal) this.die(e as Error); // a failed write already was
          });
        }
        if (this.stopped) break;
        if (appliedThisTurn >= APPLY_PER_TURN && this.core.hasReady()) {
          yielded = true;
          break;
        }
      }
    } catch (e) {
      this.die(e as Error);
    } finally {
      this.pumping = false;
    }
    if ((yielded || this.inputs.length > 0) && !this.stopped) this.schedule();
  }

  private async handleReady(rd: Ready): Promise<void> {
    if (rd.softState) this.onSoftState(rd.softState.role, rd.softState.leader);
    this.sendAll(rd.messages);
    if (rd.snapshot) {
      await this.installSnapshot(rd);
      return;
    }
    // Start the log write before applying: acknowledgements (and the leader's own vote
    // toward commitment) wait on the disk, applying does not. The job is queued even
    // when it writes nothing, so acks never overtake an earlier write.
    this.core.acceptReady(rd);
    let applied: AppliedEvent[] = [];
    this.writes.enqueue({
      batch: { entries: rd.entries, ...(rd.hardState ? { hardState: rd.hardState } : {}) },
      durable: () => {
        this.sendAll(rd.persistedMessages);
        this.input(() => this.core.persisted(rd));
        // Watchers hear of entries once they are durable here too (this write covers
        // every entry applied so far; the pipeline completes in order).
        if (applied.length > 0 && this.appliedListeners.size > 0) this.notifyApplied(rd, applied);
      },
    });
    const { results, lastApplied } = this.applyCommitted(rd);
    applied = results;
    this.serveReads(rd, lastApplied);
  }

  /** A snapshot from the leader replaces everything: written on its own, the loop waiting (rare). */
  private async installSnapshot(rd: Ready): Promise<void> {
    const snap = rd.snapshot!;
    this.state = ReplicatedState.restore(this.o.facilities, snap.data);
    this.snapshotIndex = snap.meta.index;
    this.stateApplied = snap.meta.index;
    this.o.log.info({ index: snap.meta.index, bytes: snap.data.length }, 'installed a snapshot from the leader');
    const applied = this.applyCommitted(rd);
    this.serveReads(rd, applied.lastApplied);
    await this.writes.drain();
    await this.o.storage.persist({ snapshot: snap, entries: rd.entries, ...(rd.hardState ? { hardState: rd.hardState } : {}) });
    this.o.metrics?.snapshots.inc({ origin: 'leader' });
    this.sendAll(rd.persistedMessages);
    if (this.appliedListeners.size > 0) this.notifyApplied(rd, applied.results);
    this.core.advance(rd);
  }

  /**
   * Applies rd's committed entries in memory and answers their clients at once: they
   * are durable on a majority already, whatever happens to this node's own write.
   */
  private applyCommitted(rd: Ready): { results: AppliedEvent[]; lastApplied: number | undefined } {
    const results: AppliedEvent[] = [];
    for (const e of rd.committedEntries) {
      const result = this.state.apply(e);
      results.push(result ? { entry: e, result } : { entry: e });
    }
    for (const { entry, result } of results) this.answerWrite(entry, result);
    const lastApplied = rd.committedEntries[rd.committedEntries.length - 1]?.index ?? rd.snapshot?.meta.index;
    if (lastApplied !== undefined) this.stateApplied = lastApplied;
    if (this.replay && this.stateApplied >= this.replay.to) {
      const r = this.replay;
      this.replay = undefined;
      this.o.log.info({ entries: r.to - r.from, ms: Math.round(performance.now() - r.startedAt), applied: this.stateApplied }, 'replayed the local log');
    }
    return { results, lastApplied };
  }

  /** Releases reads whose barrier is now met, and fails those whose leader is gone. */
  private serveReads(rd: Ready, lastApplied: number | undefined): void {
    for (const rs of rd.readStates) this.readReady(rs.context, rs.index);
    if (lastApplied !== undefined) this.releaseReads(lastApplied);
    for (const rf of rd.readFailures) {
      const w = this.reads.get(rf.context);
      if (w) {
        this.reads.delete(rf.context);
        w.reject(this.notLeader(rf.leader));
      }
    }
  }

  private notifyApplied(rd: Ready, results: AppliedEvent[]): void {
    const batches: AppliedBatch[] = [];
    if (rd.snapshot) batches.push({ kind: 'snapshot', index: rd.snapshot.meta.index });
    if (results.length > 0) batches.push({ kind: 'entries', events: results });
    for (const b of batches) {
      for (const l of this.appliedListeners) {
        try {
          l(b);
        } catch (e) {
          this.o.log.error({ err: (e as Error).message }, 'an applied-entries listener threw; ignored');
        }
      }
    }
  }

  private answerWrite(entry: Entry, result: ApplyResult | undefined): void {
    const w = this.waiters.get(entry.index);
    if (!w) return;
    this.waiters.delete(entry.index);
    if (w.term !== entry.term) {
      this.o.metrics?.proposalsFailed.inc({ reason: 'superseded' });
      // Another leader's entry took this index: ours was never committed anywhere.
      w.reject(new UnavailableError('leadership changed before the write committed; it was not applied, retry'));
      return;
    }
    if (this.o.metrics) {
      this.o.metrics.proposalsCommitted.inc();
      this.o.metrics.proposalSeconds.observe((performance.now() - w.startedAt) / 1000);
    }
    w.resolve({ index: entry.index, result: result ?? { ok: true, detail: entry.type === 'conf' ? 'membership changed' : 'ok' } });
  }

  private readReady(ctx: string, index: number): void {
    if (!this.reads.has(ctx)) return;
    this.readsAwaitingApply.push({ index, ctx });
    this.releaseReads(this.stateApplied);
  }

  private releaseReads(applied: number): void {
    for (let i = 0; i < this.readsAwaitingApply.length; ) {
      const r = this.readsAwaitingApply[i]!;
      if (r.index <= applied) {
        this.readsAwaitingApply.splice(i, 1);
        const w = this.reads.get(r.ctx);
        this.reads.delete(r.ctx);
        w?.resolve();
      } else i++;
    }
  }

  private onSoftState(role: Role, leader: NodeId): void {
    if (leader !== this.leader) {
      if (leader !== NONE) this.o.metrics?.leaderChanges.inc();
      this.o.log.info({ term: this.core.status().term, leader: leader || null, role }, 'leader changed');
    }
    this.role = role;
    this.leader = leader;
    if (leader !== NONE) this.lastLeaderContact = Date.now();
    for (const l of [...this.leaderListeners]) l();
  }

  private sendAll(messages: readonly Message[]): void {
    if (messages.length === 0) return;
    const byPeer = new Map<NodeId, Message[]>();
    const metrics = this.o.metrics;
    for (const m of messages) {
      if (metrics) {
        if (m.type === 'app') metrics.appendBatchEntries.observe(m.entries.length);
        else if (m.type === 'heartbeat' && !this.heartbeatSentAt.has(m.to)) this.heartbeatSentAt.set(m.to, performance.now());
      }
      const list = byPeer.get(m.to);
      if (list) list.push(m);
      else byPeer.set(m.to, [m]);
    }
    for (const [peer, list] of byPeer) this.link(peer)?.send(list);
  }

  private link(peer: NodeId): PeerLink | undefined {
    let l = this.links.get(peer);
    if (l) return l;
    const address = this.addressOf(peer);
    if (!address) {
      this.o.log.warn({ peer }, 'no address known for peer; dropping messages');
      return undefined;
    }
    l = new PeerLink({
      self: this.o.id,
      cluster: this.o.cluster,
      peer,
      address,
      maxQueuedMessages: 4096,
      maxFrameBytes: this.o.maxMessageBytes * 4 + 4096,
      backoff: this.o.backoff ?? DEFAULT_BACKOFF,
      breaker: this.o.breaker ?? DEFAULT_BREAKER,
      log: this.o.log,
    });
    this.links.set(peer, l);
    return l;
  }

  /**
   * Captures the applied state now (one applied prefix; cheap, the records are
   * immutable), encodes it a slice per turn of the event loop while the loop goes on,
   * then queues its write behind the writes before it, so the entries it covers are
   * durable first. (Encoding and writing tens of megabytes in one go held the loop past
   * an election timeout.)
   */
  private takeSnapshot(): Promise<{ index: number; bytes: number }> {
    const applied = this.stateApplied;
    if (applied <= this.snapshotIndex) return Promise.resolve({ index: this.snapshotIndex, bytes: this.o.storage.snapshot().data.length });
    const started = performance.now();
    const conf = this.core.confState();
    this.snapshotting = true;
    let index = this.snapshotIndex;
    let bytes = 0;
    return this.state
      .snapshotInSlices(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then((data) => {
        bytes = data.length;
        const encodedMs = performance.now() - started;
        if (this.stopped) return; // shut down meanwhile: the log still holds everything
        return this.writes.task(async () => {
          const snap = await this.o.storage.saveSnapshot(applied, conf, data, applied - this.o.keepEntries);
          index = snap.meta.index;
          this.snapshotIndex = Math.max(this.snapshotIndex, index);
          this.o.metrics?.snapshots.inc({ origin: 'local' });
          this.o.log.info(
            { index, bytes, firstIndex: this.o.storage.firstIndex(), encodeMs: Math.round(encodedMs), totalMs: Math.round(performance.now() - started) },
            'snapshot taken; log compacted',
          );
        });
      })
      .then(() => ({ index, bytes }))
      .finally(() => {
        this.snapshotting = false;
      });
  }

  private notLeader(leader: NodeId): NotLeaderError {
    return new NotLeaderError(leader, leader ? this.addressOf(leader) : '');
  }

  private assertAlive(): void {
    if (this.fatal) throw new UnavailableError(`the node stopped serving after a fatal error: ${this.fatal.message}`);
    if (this.stopped) throw new UnavailableError('the node is shutting down');
  }

  /** A failed disk write leaves memory ahead of disk: stop serving at once (crash-stop). */
  private die(e: Error): void {
    this.fatal = e;
    this.o.log.fatal({ err: e.message, stack: e.stack }, 'fatal error in the raft loop; stopping');
    void this.stop().finally(() => process.exit(70));
  }
}
