import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.ts';
import {
  InvalidArgumentError,
  NotLeaderError,
  OutcomeUnknownError,
  ResourceExhaustedError,
  UnavailableError,
  type RosterError,
} from '../errors.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import { detectPartition, type PartitionView } from '../modes/partition-detector.ts';
import type { RaftConfig } from '../raft/config.ts';
import { RaftCore } from '../raft/core.ts';
import type { RandomSource } from '../raft/rand.ts';
import { NONE, type ConfChange, type ConfState, type Entry, type ForwardResult, type Message, type NodeId, type ProposeResult, type Ready, type Role, type Status } from '../raft/types.ts';
import type { DurableLog } from '../storage/durable-log.ts';
import type { LinkStats, PeerFrame, PeerTransport } from '../transport/peer-transport.ts';
import type { BreakerState } from '../transport/circuit-breaker.ts';
import { Reachability } from '../modes/reachability.ts';
import { AppliedFeed, type AppliedBatch, type AppliedEvent } from './applied-feed.ts';
import type { CancelSignal } from './cancellation.ts';
import { Leadership, type LeadershipChange } from './leadership.ts';
import { PeerOutbox } from './peer-outbox.ts';
import type { ProposalSealer } from './proposal-sealer.ts';
import type { MachineRestorer, ReplicatedMachine, ResultOf } from './replicated-machine.ts';
import { RequestRegistry, type Committed, type ProposalCallbacks, type ReadCallbacks } from './request-registry.ts';
import { Snapshotter, type SnapshotTaken } from './snapshotter.ts';
import { WritePipeline } from './write-pipeline.ts';

/** Raft tunables passed through to the core (RaftConfig without what the replica supplies). */
export type RaftTunables = Omit<RaftConfig, 'id' | 'storage' | 'random' | 'applied'>;

export interface ReplicaOptions<S extends ReplicatedMachine> {
  readonly id: NodeId;
  /** Addresses of the configured facilities (the bootstrap members); later members carry theirs in the log. */
  readonly peers: Readonly<Record<NodeId, string>>;
  /** The durable log; the replica writes it, its owner opens and closes it. */
  readonly storage: DurableLog;
  /** Messages out; the replica closes it when it stops. Messages in arrive through deliver(). */
  readonly transport: PeerTransport;
  readonly clock: Clock;
  /** Election jitter and read-context salt; seeded in the simulation. */
  readonly random: RandomSource;
  /** Builds the state machine from a snapshot (at start, and when the leader sends one). */
  readonly restore: MachineRestorer<S>;
  /**
   * Called once when the node must stop serving (a failed disk write leaves memory ahead
   * of the disk: crash-stop). The daemon exits; a test records it.
   */
  readonly onFatal: (e: Error) => void;
  readonly tickMs: number;
  readonly raft: RaftTunables;
  /** Take a snapshot once this many entries were applied since the last one. */
  readonly snapshotEntries: number;
  /** Entries kept behind a snapshot, so a briefly lagging follower needs no image. */
  readonly keepEntries: number;
  /** Proposals waiting for commit beyond which writes are refused (backpressure). */
  readonly maxPendingProposals: number;
  /**
   * Reachability probes (node/modes/reachability.ts): every `intervalMs` the node tells
   * each peer whom it has heard from within `windowMs`; a peer counts as reachable when
   * both directions were heard within the window. Off: the transport's link state stands
   * in (connected streams), which is what the Raft simulation uses.
   */
  readonly probe?: { readonly intervalMs: number; readonly windowMs: number };
  /** Signs what this node proposes and vets what peers forward (node/ledger); absent: data goes into the log as given. */
  readonly sealer?: ProposalSealer;
  readonly log: Logger;
  readonly metrics?: NodeMetrics;
}

/** One row of a node's links view (status, the links matrix). */
export interface PeerLinkView {
  readonly peer: NodeId;
  readonly address: string;
  /** The peer's frames reach this node (within the probe window). */
  readonly inbound: boolean;
  /** This node's frames reach the peer (its probe says it hears us). */
  readonly outbound: boolean;
  /** Milliseconds since anything arrived from the peer; -1 if never (or probes are off). */
  readonly lastHeardAgoMs: number;
  /** The transport holds an open stream to the peer. */
  readonly connected: boolean;
  readonly breaker: BreakerState;
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

/**
 * Ticks a read barrier waits for its read index before asking again (400 ms at the
 * default 25 ms tick): several heartbeat rounds, so a loaded leader is not asked twice
 * for nothing, and a fraction of a client's deadline when a request was lost.
 */
const READ_RETRY_TICKS = 16;

/** Milliseconds a client is told to wait when the proposal queue is full. */
const RETRY_AFTER_MS = 50;

/** Proposal data on its way to the core; `data` is replaced by the sealed entry data at the top of the turn. */
interface Proposal {
  data: Uint8Array;
}

/** Work for the loop: `run` at the top of a turn; `drop` if the node stops first (its client must hear). */
interface Input {
  readonly run: () => void;
  readonly drop: (() => void) | undefined;
}

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
 * A Ready with a snapshot is written alone, the loop waiting for it (rare).
 *
 * Applying and answering before the local write is safe: an entry is committed only
 * once it is durable on a majority (the leader counts itself only after its own
 * fsync), so an acknowledged write survives whatever happens to this node. Inputs
 * (ticks, peer messages, proposals) are queued and fed to the core at the top of each
 * loop turn, so whatever arrived meanwhile batches into the next Ready.
 *
 * Everything outside (disk, network, time, randomness) comes through the options, so
 * the deterministic simulation runs this class over in-memory twins. Nothing here waits
 * on a promise: every step completes through callbacks that the clock and storage call,
 * which a simulation can run within one of its steps.
 */
export class Replica<S extends ReplicatedMachine = ReplicatedMachine> {
  private readonly core: RaftCore;
  private state: S;
  /**
   * The last entry applied to `state`: what reads and watches report. Not the core's
   * applied index, which a leader's snapshot moves only once the image is written,
   * while the state already is that image.
   */
  private stateApplied: number;
  private readonly requests: RequestRegistry<ResultOf<S>>;
  private readonly leadership: Leadership;
  private readonly outbox: PeerOutbox;
  private readonly writes: WritePipeline;
  private readonly snapshots: Snapshotter;
  private readonly feed: AppliedFeed<ResultOf<S>>;
  private inputs: Input[] = [];
  /** Proposals queued this turn whose data the sealer has yet to sign (signed together at the top of the turn). */
  private unsealed: Proposal[] = [];
  /** A turn of the loop is deferred. */
  private scheduled = false;
  /** The loop waits for the disk (a snapshot install, or too many writes in flight). */
  private blocked = false;
  private stopped = false;
  private fatal: Error | undefined;
  private stopTicker: (() => void) | undefined;
  private stopProbes: (() => void) | undefined;
  private readonly reachability: Reachability | undefined;
  private ticksSinceFlush = 0;
  private readCounter = 0;
  private readonly readPrefix: string;
  /** Committed entries found on disk at start, replayed before the state is current. */
  private replay: { readonly to: number; readonly from: number; readonly startedAt: number } | undefined;

  constructor(private readonly o: ReplicaOptions<S>) {
    const snap = o.storage.snapshot();
    this.state = o.restore(snap);
    this.stateApplied = snap.meta.index;
    const commit = o.storage.initialState().hardState.commit;
    if (commit > snap.meta.index) this.replay = { from: snap.meta.index, to: commit, startedAt: o.clock.monotonicMs() };
    this.readPrefix = o.random.intn(2 ** 31).toString(36);
    const m = o.metrics;
    this.requests = new RequestRegistry(
      o.maxPendingProposals,
      () => o.clock.monotonicMs(),
      m && {
        committed: (seconds) => {
          m.proposalsCommitted.inc();
          m.proposalSeconds.observe(seconds);
        },
        superseded: () => m.proposalsFailed.inc({ reason: 'superseded' }),
      },
    );
    this.leadership = new Leadership(o.clock);
    if (o.probe) this.reachability = new Reachability(o.id, o.probe.windowMs);
    this.outbox = new PeerOutbox(o.transport, (id) => this.addressOf(id), o.clock, m);
    this.feed = new AppliedFeed(o.log);
    this.writes = new WritePipeline({
      storage: o.storage,
      monotonicMs: () => o.clock.monotonicMs(),
      observe: (w) => {
        if (w.written) m?.storageWriteSeconds.observe({ synced: w.synced ? 'true' : 'false' }, w.seconds);
      },
      fail: (e) => this.die(e),
    });
    this.snapshots = new Snapshotter({
      storage: o.storage,
      pipeline: this.writes,
      termAt: (index) => this.core.termAt(index),
      clock: o.clock,
      log: o.log,
      ...(m ? { metrics: m } : {}),
      snapshotEntries: o.snapshotEntries,
      keepEntries: o.keepEntries,
      stopping: () => this.stopped,
    });
    // The state is the snapshot; the core replays the committed log after it.
    this.core = new RaftCore({ ...o.raft, id: o.id, storage: o.storage, random: o.random, applied: snap.meta.index });
  }

  start(): void {
    this.stopTicker = this.o.clock.every(this.o.tickMs, () => {
      this.input(() => this.core.tick());
      // A commit-only hard state waits for the next synced batch; when none comes (an
      // idle follower), write it out within a few ticks, in turn with the other writes.
      if (++this.ticksSinceFlush >= FLUSH_EVERY_TICKS && this.o.storage.hasDeferred()) {
        this.ticksSinceFlush = 0;
        this.writes.task(
          (done) => this.o.storage.writeDeferred(done),
          () => {}, // a failure is the pipeline's, and fatal
        );
      }
    });
    if (this.o.probe && this.reachability) {
      const reach = this.reachability;
      this.stopProbes = this.o.clock.every(this.o.probe.intervalMs, () => {
        const conf = this.core.confState();
        const probe = { hears: reach.hearing(this.o.clock.monotonicMs()) };
        for (const peer of [...conf.voters, ...conf.learners]) if (peer !== this.o.id) this.o.transport.probe(peer, this.addressOf(peer), probe);
      });
    }
    this.schedule();
  }

  /**
   * Stops the loop and the transport, and answers every waiting client (proposals: the
   * outcome is unknown; reads: unavailable). Resolves once the writes accepted so far
   * are durable. The storage stays open: its owner closes it.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.halt();
    if (!this.fatal) await new Promise<void>((resolve) => this.writes.onDrained(resolve));
  }

  /** The synchronous part of stopping: no more turns, ticks or sends; every waiting client is answered. */
  private halt(): void {
    this.stopped = true;
    this.stopTicker?.();
    this.stopProbes?.();
    const dropped = this.inputs;
    this.inputs = [];
    for (const i of dropped) i.drop?.();
    this.o.transport.close();
    this.requests.failAll(
      new OutcomeUnknownError('the node shut down before the write was known to commit'),
      new UnavailableError('the node is shutting down'),
    );
  }

  // ------------------------------------------------------------------ client API

  /**
   * Proposes an encoded command (leader only) and resolves once it is committed,
   * durable on a majority and applied here. Rejects with NotLeaderError,
   * ResourceExhaustedError (queue full), UnavailableError (definitely not applied) or
   * OutcomeUnknownError (may or may not be applied: this node stopped leading, or the
   * request was cancelled after it was proposed).
   */
  propose(data: Uint8Array, signal?: CancelSignal): Promise<Committed<ResultOf<S>>> {
    return new Promise((resolve, reject) => this.submit(data, { committed: resolve, failed: reject }, signal));
  }

  /** Proposes a membership change and resolves when it is applied. */
  proposeConfChange(change: ConfChange, signal?: CancelSignal): Promise<Committed<ResultOf<S>>> {
    return new Promise((resolve, reject) => this.submitConfChange(change, { committed: resolve, failed: reject }, signal));
  }

  /** propose() with callbacks: exactly one of cb.committed / cb.failed is called, once. */
  submit(data: Uint8Array, cb: ProposalCallbacks<ResultOf<S>>, signal?: CancelSignal): void {
    const p: Proposal = { data };
    this.submitWith(() => this.core.propose(p.data), cb, signal, p);
  }

  /**
   * Proposes through whichever node leads: appended here when this node leads (then
   * answered like submit), else sent to the leader it knows and answered
   * cb.forwarded(leader) at once: its fate shows only in the log, so only writes that
   * are safe to send again (idempotent by content) may go this way. No leader known:
   * NotLeaderError.
   */
  forward(data: Uint8Array, cb: ProposalCallbacks<ResultOf<S>>, signal?: CancelSignal): void {
    const p: Proposal = { data };
    this.submitWith(() => this.core.forward(p.data), cb, signal, p);
  }

  private sealQueued(): void {
    if (this.unsealed.length === 0) return;
    const batch = this.unsealed;
    this.unsealed = [];
    const sealed = this.o.sealer!.seal(batch.map((p) => p.data));
    for (let i = 0; i < batch.length; i++) batch[i]!.data = sealed[i]!;
  }

  /** proposeConfChange() with callbacks. */
  submitConfChange(change: ConfChange, cb: ProposalCallbacks<ResultOf<S>>, signal?: CancelSignal): void {
    this.submitWith(() => this.core.proposeConfChange(change), cb, signal);
  }

  /** `data`: the proposal's data, which the sealer (if any) signs at the top of the turn, with the rest of the turn's. */
  private submitWith(propose: () => ForwardResult, cb: ProposalCallbacks<ResultOf<S>>, signal?: CancelSignal, data?: Proposal): void {
    const down = this.unavailable();
    if (down) {
      cb.failed(down);
      return;
    }
    // The slot is taken now, not when the queued input reaches the core: a burst that
    // arrives within one turn of the event loop must meet the bound too.
    if (!this.requests.tryReserve()) {
      this.o.metrics?.backpressureRejections.inc();
      cb.failed(new ResourceExhaustedError(`${this.requests.pendingProposals()} proposals are pending on ${this.o.id}; retry shortly`, RETRY_AFTER_MS));
      return;
    }
    const once = new SettleOnce(cb, () => this.requests.release());
    if (data && this.o.sealer) this.unsealed.push(data);
    this.input(
      () => {
        if (signal?.cancelled) {
          once.failed(new UnavailableError('the request was cancelled before it was proposed'));
          return;
        }
        const r = propose();
        if (!r.ok) {
          this.o.metrics?.proposalsFailed.inc({ reason: r.reason });
          if (r.reason === 'overloaded') this.o.metrics?.backpressureRejections.inc();
          once.failed(this.refusal(r));
          return;
        }
        if ('forwardedTo' in r) {
          once.forwarded(r.forwardedTo);
          return;
        }
        this.requests.proposed(r.index, r.term, once);
        signal?.onCancel(() => {
          if (this.requests.abandon(r.index, once)) once.failed(new OutcomeUnknownError('the request was cancelled after it was proposed; it may still be applied'));
        });
      },
      () => once.failed(new UnavailableError('the node is shutting down; the write was not proposed')),
    );
  }

  private refusal(r: Extract<ProposeResult, { ok: false }>): RosterError {
    switch (r.reason) {
      case 'notLeader':
        return this.notLeader(r.leader);
      case 'transferring':
        return new UnavailableError(`leadership is moving to ${r.transferee}; retry shortly`);
      case 'overloaded':
        return new ResourceExhaustedError(`the leader has ${r.uncommittedBytes} uncommitted bytes; retry shortly`, RETRY_AFTER_MS);
      case 'confChangePending':
        return new UnavailableError(`a membership change (index ${r.pendingIndex}) is still in progress; retry when it is applied`);
      case 'invalidConfChange':
        return new InvalidArgumentError(r.detail);
    }
  }

  /**
   * Runs `read` against the state machine: after a ReadIndex barrier (linearizable),
   * or immediately when `stale`. Returns the value and the applied index it reflects.
   */
  async read<T>(read: (s: S) => T, stale: boolean, signal?: CancelSignal): Promise<{ value: T; applied: number }> {
    const down = this.unavailable();
    if (down) throw down;
    if (!stale) await new Promise<void>((resolve, reject) => this.readBarrier({ ready: resolve, failed: reject }, signal));
    return { value: read(this.state), applied: this.stateApplied };
  }

  /**
   * A linearizable read barrier (Raft thesis §6.4): cb.ready once the applied state
   * covers every write acknowledged before this call; cb.failed when this node cannot
   * get a read index (no leader, the leader changed, shutting down, cancelled).
   */
  readBarrier(cb: ReadCallbacks, signal?: CancelSignal): void {
    const down = this.unavailable();
    if (down) {
      cb.failed(down);
      return;
    }
    // A follower's ReadIndex request, or the leader's answer, can be lost (a peer link
    // reconnecting drops what it held), and Raft never resends it. So an attempt that has
    // no read index after READ_RETRY_TICKS ticks is abandoned and asked again,
    // under a fresh context so that an answer to an older attempt never counts.
    let ctx = '';
    let over = false;
    let cancelRetry = (): void => {};
    const settled: ReadCallbacks = {
      ready: () => {
        over = true;
        cancelRetry();
        cb.ready();
      },
      failed: (e) => {
        over = true;
        cancelRetry();
        cb.failed(e);
      },
    };
    const retryMs = this.o.tickMs * READ_RETRY_TICKS;
    const attempt = (): void => {
      if (over) return;
      if (ctx !== '') this.requests.abandonRead(ctx);
      ctx = `${this.o.id}-${this.readPrefix}-${++this.readCounter}`;
      const mine = ctx;
      this.requests.addRead(mine, settled);
      this.input(
        () => {
          const r = this.core.readIndex(mine);
          if (!r.ok) this.requests.failRead(mine, this.notLeader(r.leader));
        },
        () => this.requests.failRead(mine, new UnavailableError('the node is shutting down')),
      );
      cancelRetry = this.o.clock.after(retryMs, () => {
        if (!over && this.requests.awaitsIndex(mine)) attempt();
      });
    };
    signal?.onCancel(() => {
      if (this.requests.abandonRead(ctx)) settled.failed(new UnavailableError('the read was cancelled (deadline) before the read barrier completed'));
    });
    attempt();
  }

  /** Hands leadership to `target` and resolves once this node has seen a new leader. */
  transferLeadership(target: NodeId, timeoutMs: number): Promise<NodeId> {
    const down = this.unavailable();
    if (down) return Promise.reject(down);
    return new Promise<NodeId>((resolve, reject) => {
      this.input(
        () => {
          const r = this.core.transferLeadership(target);
          if (!r.ok) {
            reject(r.reason === 'notLeader' ? this.notLeader(r.leader) : new InvalidArgumentError(r.detail));
            return;
          }
          const moved = (): boolean => this.leadership.leader !== NONE && this.leadership.leader !== this.o.id;
          if (moved()) {
            resolve(this.leadership.leader);
            return;
          }
          const unsubscribe = this.leadership.subscribe(() => {
            if (!moved()) return;
            cancelTimer();
            unsubscribe();
            resolve(this.leadership.leader);
          });
          const cancelTimer = this.o.clock.after(timeoutMs, () => {
            unsubscribe();
            reject(new UnavailableError(`leadership did not move to ${target} within ${timeoutMs} ms`));
          });
        },
        () => reject(new UnavailableError('the node is shutting down')),
      );
    });
  }

  /** Starts an election now, as if the election timeout had passed (operators, tests). */
  campaign(): void {
    this.input(() => this.core.campaign());
  }

  /** Takes a snapshot of the applied state now and compacts the log. */
  snapshotNow(): Promise<SnapshotTaken> {
    const down = this.unavailable();
    if (down) return Promise.reject(down);
    return new Promise((resolve, reject) => {
      // Inputs run between Readys, so the image is of a whole applied prefix.
      this.input(
        () => this.snapshots.take(this.state, this.stateApplied, this.core.confState(), (r) => (r.ok ? resolve(r.value) : reject(r.error))),
        () => reject(new UnavailableError('the node is shutting down')),
      );
    });
  }

  // ------------------------------------------------------------------ watching

  /**
   * Calls `listener` after every applied batch, once it is durable here, in log order
   * (a snapshot install comes as one 'snapshot' batch). Returns the unsubscribe function.
   * Listeners run on the driver's loop: they must be quick and must not throw.
   */
  onApplied(listener: (b: AppliedBatch<ResultOf<S>>) => void): () => void {
    return this.feed.subscribe(listener);
  }

  /** Calls `listener` whenever this node's view of the leader or its own role changes. */
  onLeadership(listener: () => void): () => void {
    return this.leadership.subscribe(listener);
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
  appliedState(): { state: S; applied: number } {
    return { state: this.state, applied: this.stateApplied };
  }

  // ------------------------------------------------------------------ inspection

  status(): Status {
    return this.core.status();
  }

  /** The term of the entry at `index` in this node's log (durable or not); undefined if absent or compacted. */
  termAt(index: number): number | undefined {
    return this.core.termAt(index);
  }

  /** Membership as of the applied index. */
  confState(): ConfState {
    return this.core.confState();
  }

  role(): Role {
    return this.leadership.role;
  }

  leaderId(): NodeId {
    return this.leadership.leader;
  }

  /** Proposals accepted and not yet settled (what backpressure bounds). */
  pendingProposals(): number {
    return this.requests.pendingProposals();
  }

  /** The address of a member: configured, or carried by its conf change. */
  addressOf(id: NodeId): string {
    return this.o.peers[id] ?? this.state.memberAddress(id) ?? '';
  }

  linkStats(): LinkStats[] {
    return this.o.transport.links();
  }

  /** This node's partition state and the voters it reaches and does not (node/modes). */
  partition(): PartitionView {
    const conf = this.core.confState();
    return detectPartition({ self: this.o.id, voters: conf.voters, leader: this.leadership.leader, reachablePeers: this.reachablePeers(conf.voters) });
  }

  /** How this node sees its link to each other member: heard from, heard by (probes), and the transport's state. */
  peerLinks(): PeerLinkView[] {
    const conf = this.core.confState();
    const members = [...conf.voters, ...conf.learners].filter((p) => p !== this.o.id).sort();
    const transport = new Map(this.linkStats().map((l) => [l.peer, l]));
    const probed = this.reachability ? new Map(this.reachability.links(members, this.o.clock.monotonicMs()).map((l) => [l.peer, l])) : undefined;
    return members.map((peer) => {
      const t = transport.get(peer);
      const p = probed?.get(peer);
      const connected = t?.connected ?? false;
      return {
        peer,
        address: this.addressOf(peer),
        inbound: p ? p.inbound : connected,
        outbound: p ? p.outbound : connected,
        lastHeardAgoMs: p ? p.lastHeardAgoMs : -1,
        connected,
        breaker: t?.breaker ?? 'closed',
      };
    });
  }

  private reachablePeers(peers: readonly NodeId[]): Set<NodeId> {
    if (this.reachability) return this.reachability.reachable(peers, this.o.clock.monotonicMs());
    return new Set(this.linkStats().filter((l) => l.connected).map((l) => l.peer));
  }

  /** Milliseconds since a leader was last heard from (0 on the leader, -1 if never). */
  msSinceLeaderContact(): number {
    return this.leadership.msSinceContact();
  }

  isMember(id: NodeId): boolean {
    const conf = this.core.confState();
    return id in this.o.peers || conf.voters.includes(id) || conf.learners.includes(id);
  }

  /** A frame from a peer (validated by the transport): its probe counts at once, its messages go to the core at the next turn. */
  deliver(frame: PeerFrame): void {
    if (this.stopped) return;
    if (this.reachability) {
      const now = this.o.clock.monotonicMs();
      if (frame.probe) this.reachability.report(frame.from, frame.probe.hears, now);
      else this.reachability.heard(frame.from, now);
    }
    if (frame.messages.length === 0) return;
    const messages = frame.messages;
    this.input(() => {
      for (const m of messages) {
        this.leadership.heard(m);
        this.outbox.received(m);
        if (m.type === 'prop' && !this.admitForwarded(m.from, m.data)) continue;
        this.core.step(m);
      }
    });
  }

  /** Whether a peer's forwarded proposal may be appended; a refusal is counted and logged. */
  private admitForwarded(from: NodeId, data: Uint8Array): boolean {
    const problem = this.o.sealer?.admitForwarded(from, data);
    if (problem === undefined) return true;
    this.o.metrics?.forwardedRefused.inc({ peer: from });
    this.o.log.warn({ peer: from, problem }, 'refused a proposal forwarded by a peer');
    return false;
  }

  // ------------------------------------------------------------------ the loop

  /** Queues `run` for the next turn; `drop` runs instead if the node stops first. */
  private input(run: () => void, drop?: () => void): void {
    if (this.stopped) {
      drop?.();
      return;
    }
    this.inputs.push({ run, drop });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.blocked || this.stopped) return;
    this.scheduled = true;
    this.o.clock.defer(() => {
      this.scheduled = false;
      this.turn();
    });
  }

  /** One turn of the loop: feed the inputs, handle Readys until the core is idle (or the turn's budget is spent). */
  private turn(): void {
    if (this.blocked || this.stopped) return;
    let appliedThisTurn = 0;
    try {
      for (;;) {
        const inputs = this.inputs;
        this.inputs = [];
        this.sealQueued();
        for (const i of inputs) i.run();
        if (!this.core.hasReady()) return;
        const rd = this.core.ready();
        appliedThisTurn += rd.committedEntries.length;
        if (rd.snapshot) {
          this.installSnapshot(rd);
          return;
        }
        this.handleReady(rd);
        if (this.writes.pending() > MAX_PENDING_WRITES) {
          this.waitForDisk();
          return;
        }
        if (this.snapshots.due(this.stateApplied)) this.takeSnapshot();
        if (this.stopped) return;
        if (appliedThisTurn >= APPLY_PER_TURN && (this.core.hasReady() || this.inputs.length > 0)) {
          this.schedule();
          return;
        }
      }
    } catch (e) {
      this.die(e as Error);
    }
  }

  /** Bounds the writes in flight: the loop resumes once the disk has caught up. */
  private waitForDisk(): void {
    this.blocked = true;
    this.writes.onDrained(() => this.unblock());
  }

  private unblock(): void {
    this.blocked = false;
    this.schedule();
  }

  private handleReady(rd: Ready): void {
    const change = rd.softState ? this.onSoftState(rd.softState.role, rd.softState.leader) : undefined;
    this.outbox.send(rd.messages);
    // Start the log write before applying: acknowledgements (and the leader's own vote
    // toward commitment) wait on the disk, applying does not. The job is queued even
    // when it writes nothing, so acks never overtake an earlier write.
    this.core.acceptReady(rd);
    let applied: AppliedEvent<ResultOf<S>>[] = [];
    this.writes.enqueue({ entries: rd.entries, ...(rd.hardState ? { hardState: rd.hardState } : {}) }, (replacedFrom) => {
      this.outbox.send(replacedFrom === Infinity ? rd.persistedMessages : withoutAcksFrom(rd.persistedMessages, replacedFrom));
      this.input(() => this.core.persisted(rd));
      // Watchers hear of entries once they are durable here too (this write covers
      // every entry applied so far; the pipeline completes in order).
      if (applied.length > 0 && this.feed.active) this.feed.publish({ kind: 'entries', events: applied });
    });
    const { events, last } = this.applyCommitted(rd);
    applied = events;
    this.serveReads(rd, last);
    if (change) this.settleLeadershipChange(change);
  }

  /** A snapshot from the leader replaces everything: written alone, the loop waiting for it (rare). */
  private installSnapshot(rd: Ready): void {
    this.blocked = true;
    const change = rd.softState ? this.onSoftState(rd.softState.role, rd.softState.leader) : undefined;
    this.outbox.send(rd.messages);
    const snap = rd.snapshot!;
    this.state = this.o.restore(snap);
    this.snapshots.installed(snap.meta.index);
    this.stateApplied = snap.meta.index;
    this.o.log.info({ index: snap.meta.index, bytes: snap.data.length }, 'installed a snapshot from the leader');
    const { events, last } = this.applyCommitted(rd);
    this.serveReads(rd, last);
    if (change) this.settleLeadershipChange(change);
    const batch = { snapshot: snap, entries: rd.entries, ...(rd.hardState ? { hardState: rd.hardState } : {}) };
    this.writes.task(
      (done) => this.o.storage.write(batch, (r) => done(r.ok ? { ok: true, value: undefined } : r)),
      (r) => {
        if (!r.ok || this.stopped) return; // a failure is the pipeline's, and fatal
        this.o.metrics?.snapshots.inc({ origin: 'leader' });
        this.outbox.send(rd.persistedMessages);
        if (this.feed.active) {
          this.feed.publish({ kind: 'snapshot', index: snap.meta.index });
          if (events.length > 0) this.feed.publish({ kind: 'entries', events });
        }
        try {
          this.core.advance(rd);
        } catch (e) {
          this.die(e as Error);
          return;
        }
        this.unblock();
      },
    );
  }

  /** Records Ready.softState, logs and counts a change of leader; what changed is settled after the Ready's entries are applied. */
  private onSoftState(role: Role, leader: NodeId): LeadershipChange {
    const change = this.leadership.update(role, leader);
    if (change.leaderChanged) {
      if (leader !== NONE) this.o.metrics?.leaderChanges.inc();
      this.o.log.info({ term: this.core.status().term, leader: leader || null, role }, 'leader changed');
    }
    return change;
  }

  /**
   * After a Ready's committed entries settled the proposals they decide: if this node
   * stopped leading, the rest cannot be decided here any more; if the leader changed,
   * reads still waiting for their read index may never get it. Both fail now, not at
   * the clients' deadlines.
   */
  private settleLeadershipChange(change: LeadershipChange): void {
    if (change.lost) this.requests.leadershipLost();
    if (change.leaderChanged) this.requests.leaderChanged();
  }

  /**
   * Applies rd's committed entries in memory and answers their clients at once: they
   * are durable on a majority already, whatever happens to this node's own write.
   */
  private applyCommitted(rd: Ready): { events: AppliedEvent<ResultOf<S>>[]; last: number | undefined } {
    const events: AppliedEvent<ResultOf<S>>[] = [];
    for (const e of rd.committedEntries) {
      const result = this.state.apply(e) as ResultOf<S> | undefined;
      events.push(result !== undefined ? { entry: e, result } : { entry: e });
    }
    for (const { entry, result } of events) this.requests.applied(entry, result);
    const last = rd.committedEntries[rd.committedEntries.length - 1]?.index ?? rd.snapshot?.meta.index;
    if (last !== undefined) this.stateApplied = last;
    if (this.replay && this.stateApplied >= this.replay.to) {
      const r = this.replay;
      this.replay = undefined;
      this.o.log.info({ entries: r.to - r.from, ms: Math.round(this.o.clock.monotonicMs() - r.startedAt), applied: this.stateApplied }, 'replayed the local log');
    }
    return { events, last };
  }

  /** Releases reads whose barrier is now met, and fails those whose leader is gone. */
  private serveReads(rd: Ready, last: number | undefined): void {
    for (const rs of rd.readStates) this.requests.readIndex(rs.context, rs.index, this.stateApplied);
    if (last !== undefined) this.requests.releaseReads(last);
    for (const rf of rd.readFailures) this.requests.failRead(rf.context, this.notLeader(rf.leader));
  }

  private takeSnapshot(): void {
    this.snapshots.take(this.state, this.stateApplied, this.core.confState(), (r) => {
      if (!r.ok && !this.fatal) this.die(r.error);
    });
  }

  private notLeader(leader: NodeId): NotLeaderError {
    return new NotLeaderError(leader, leader ? this.addressOf(leader) : '');
  }

  /** Why no request can be served now, if so. */
  private unavailable(): RosterError | undefined {
    if (this.fatal) return new UnavailableError(`the node stopped serving after a fatal error: ${this.fatal.message}`);
    if (this.stopped) return new UnavailableError('the node is shutting down');
    return undefined;
  }

  /** A failed disk write leaves memory ahead of disk: stop serving at once (crash-stop). */
  private die(e: Error): void {
    if (this.fatal) return;
    this.fatal = e;
    this.o.log.fatal({ err: e.message, stack: e.stack }, 'fatal error in the raft loop; stopping');
    if (!this.stopped) this.halt();
    this.o.onFatal(e);
  }
}

/**
 * The messages without the acknowledgements of entries at or after `index`: a later
 * Ready, written in the same merged write, replaced those entries before they reached
 * the disk, so acknowledging them would promise entries this node does not hold (Raft
 * Figure 2: respond only after persisting). The leader learns the truth from its next probe.
 */
function withoutAcksFrom(messages: readonly Message[], index: number): Message[] {
  return messages.filter((m) => m.type !== 'appResp' || m.reject || m.index < index);
}

/**
 * A proposal's callbacks that settle once and give the backpressure slot back when they
 * do (a class, not an object of closures: one allocation on the hot path).
 */
class SettleOnce<R> implements ProposalCallbacks<R> {
  private settled = false;

  constructor(
    private readonly cb: ProposalCallbacks<R>,
    private readonly release: () => void,
  ) {}

  appended(index: number, term: number): void {
    this.cb.appended?.(index, term);
  }

  committed(c: Committed<R>): void {
    if (this.settled) return;
    this.settled = true;
    this.release();
    this.cb.committed(c);
  }

  failed(e: RosterError): void {
    if (this.settled) return;
    this.settled = true;
    this.release();
    this.cb.failed(e);
  }

  forwarded(leader: NodeId): void {
    if (this.settled) return;
    this.settled = true;
    this.release();
    this.cb.forwarded?.(leader);
  }
}
