import { resolveConfig, type RaftConfig, type ResolvedRaftConfig } from './config.ts';
import { entryBytes } from './entry-size.ts';
import { RaftLog } from './log.ts';
import { Progress } from './progress.ts';
import { committedIndex, majority, voteOutcome } from './quorum.ts';
import { ReadOnlyQueue } from './read-only.ts';
import { CompactedError } from './storage.ts';
import { SnapshotReceiver } from './snapshot-receiver.ts';
import {
  NONE,
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type ProposeResult,
  type ReadFailure,
  type ReadIndexResult,
  type ReadState,
  type Ready,
  type Role,
  type Snapshot,
  type SoftState,
  type Status,
  type TransferResult,
} from './types.ts';

type MessageOf<T extends Message['type']> = Extract<Message, { type: T }>;
/** A message before the core fills in `from` and (unless given) `term`. */
type Outgoing = Message extends infer M ? (M extends Message ? Omit<M, 'from' | 'term'> & { term?: number } : never) : never;

/**
 * Messages that promise durability of the sender's state (a vote, an acknowledged
 * append, a candidate's own term and vote) wait until the Ready is persisted; the rest
 * (a leader's replication, heartbeats, reads) may go out in parallel (thesis §10.2.1).
 */
const AFTER_PERSIST: ReadonlySet<Message['type']> = new Set(['vote', 'voteResp', 'appResp']);

/**
 * The Raft consensus core (Ongaro & Ousterhout; Ongaro's thesis), as a deterministic
 * state machine: inputs are tick(), step(), propose(), readIndex(), transferLeadership();
 * outputs are collected in a Ready. No I/O, no clock, no ambient randomness.
 *
 * Includes pre-vote and check-quorum (thesis §9.6), fast log back-off, batching and
 * pipelining, ReadIndex (thesis §6.4), leadership transfer (thesis §3.10), chunked
 * InstallSnapshot (Raft §7) and single-server membership changes (thesis §4.1).
 *
 * Contract with the driver: ready() hands out at most one Ready at a time; until
 * advance(ready) is called no other method may be called (the driver queues inputs).
 */
export class RaftCore {
  private readonly cfg: ResolvedRaftConfig;
  readonly id: NodeId;
  private readonly log: RaftLog;

  private term = 0;
  private vote: NodeId = NONE;
  private role: Role = 'follower';
  private leader: NodeId = NONE;
  private conf: ConfState;

  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTimeout = 0;

  private readonly prs = new Map<NodeId, Progress>();
  private readonly votes = new Map<NodeId, boolean>();
  private leadTransferee: NodeId = NONE;
  /** Index of the latest conf change appended by this leader; none may follow until it is applied. */
  private pendingConfIndex = 0;
  private uncommittedBytes = 0;

  private readonly readOnly = new ReadOnlyQueue();
  /** Reads that arrived before this leader committed an entry of its term (thesis §6.4 step 1). */
  private readsAwaitingCommit: { context: string; from: NodeId }[] = [];
  private readHeartbeatDue = false;
  private broadcastDue = false;
  private readonly snapshotIn = new SnapshotReceiver();

  private msgs: Message[] = [];
  private persistedMsgs: Message[] = [];
  private readStates: ReadState[] = [];
  private readFailures: ReadFailure[] = [];
  private prevHard: HardState;
  private prevSoft: SoftState;
  private outstanding = false;

  constructor(config: RaftConfig) {
    this.cfg = resolveConfig(config);
    this.id = this.cfg.id;
    const { hardState, conf } = this.cfg.storage.initialState();
    const snapIndex = this.cfg.storage.snapshot().meta.index;
    if (this.cfg.applied < snapIndex || this.cfg.applied > Math.max(hardState.commit, snapIndex)) {
      throw new RangeError(`raft: applied ${this.cfg.applied} outside [snapshot ${snapIndex}, commit ${hardState.commit}]`);
    }
    this.log = new RaftLog(this.cfg.storage, Math.max(hardState.commit, snapIndex), this.cfg.applied);
    this.conf = conf;
    // Conf changes take effect when applied; replay those the state machine already applied.
    if (this.cfg.applied > snapIndex) {
      for (const e of this.log.slice(snapIndex + 1, this.cfg.applied + 1, Number.MAX_SAFE_INTEGER)) {
        if (e.type === 'conf') this.conf = applyToConf(this.conf, e.change);
      }
    }
    this.term = hardState.term;
    this.vote = hardState.vote;
    const pristine = hardState.term === 0 && snapIndex === 0 && this.cfg.storage.lastIndex() === 0;
    if (pristine && (conf.voters.length > 0 || conf.learners.length > 0)) this.bootstrap(conf);
    this.becomeFollower(this.term, NONE);
    // What is durable, so the first Ready carries whatever differs (e.g. the bootstrap).
    this.prevHard = hardState;
    this.prevSoft = { leader: this.leader, role: this.role };
  }

  /**
   * Writes the initial membership into the log as committed term-1 conf changes,
   * sorted so every initial member writes identical entries. Kept in the log (not only
   * in snapshot metadata) so a node added later learns it like any other change, with
   * or without a snapshot (Raft thesis §4.1; etcd bootstraps the same way). They go
   * out in the first Ready: persisted, then applied, like any committed entry.
   */
  private bootstrap(initial: ConfState): void {
    const changes: ConfChange[] = [];
    for (const v of [...initial.voters].sort()) changes.push({ kind: 'addLearner', node: v }, { kind: 'promote', node: v });
    for (const l of [...initial.learners].sort()) changes.push({ kind: 'addLearner', node: l });
    this.conf = { voters: [], learners: [] };
    this.log.append(changes.map((change, i) => ({ type: 'conf', term: 1, index: i + 1, change })));
    this.log.commitTo(changes.length);
    this.term = 1;
  }

  // ---------------------------------------------------------------- inputs

  /** One logical clock tick. */
  tick(): void {
    this.assertNoReady();
    if (this.role === 'leader') this.tickHeartbeat();
    else this.tickElection();
  }

  /** Starts an election now, as if the election timeout had elapsed. */
  campaign(): void {
    this.assertNoReady();
    this.hup(false);
  }

  /** Appends a client command (leader only). */
  propose(data: Uint8Array): ProposeResult {
    this.assertNoReady();
    const refused = this.refuseProposal(24 + data.length);
    if (refused) return refused;
    return this.appendOwn({ type: 'normal', term: this.term, index: 0, data });
  }

  /** Appends a single-server membership change (thesis §4.1); one at a time. */
  proposeConfChange(change: ConfChange): ProposeResult {
    this.assertNoReady();
    const refused = this.refuseProposal(40);
    if (refused) return refused;
    if (this.pendingConfIndex > this.log.applied) {
      return { ok: false, reason: 'confChangePending', pendingIndex: this.pendingConfIndex };
    }
    const invalid = this.validateConfChange(change);
    if (invalid) return { ok: false, reason: 'invalidConfChange', detail: invalid };
    const res = this.appendOwn({ type: 'conf', term: this.term, index: 0, change });
    if (res.ok) this.pendingConfIndex = res.index;
    return res;
  }

  /**
   * Asks for a linearizable read barrier (thesis §6.4). `context` must be unique per
   * attempt. The answer comes later as Ready.readStates (serve once applied >= index)
   * or Ready.readFailures (this node lost or changed leader before answering).
   */
  readIndex(context: string): ReadIndexResult {
    this.assertNoReady();
    if (this.role === 'leader') {
      this.leaderReadIndex(context, this.id);
      return { ok: true };
    }
    if (this.leader === NONE) return { ok: false, reason: 'notLeader', leader: NONE };
    this.send({ type: 'readIndex', to: this.leader, context });
    return { ok: true };
  }

  /** Hands leadership to `target` once it is caught up (thesis §3.10). */
  transferLeadership(target: NodeId): TransferResult {
    this.assertNoReady();
    if (this.role !== 'leader') return { ok: false, reason: 'notLeader', leader: this.leader };
    if (target === this.id) return { ok: true };
    if (!this.conf.voters.includes(target)) {
      return { ok: false, reason: 'invalidTarget', detail: `${target} is not a voting member` };
    }
    if (this.leadTransferee === target) return { ok: true };
    this.leadTransferee = target;
    // The transfer must finish within one election timeout, or it is abandoned (tickHeartbeat).
    this.electionElapsed = 0;
    const pr = this.prs.get(target)!;
    if (pr.match === this.log.lastIndex()) this.send({ type: 'timeoutNow', to: target });
    else this.sendAppend(target, true);
    return { ok: true };
  }

  /** A message from a peer. Messages addressed elsewhere are ignored. */
  step(m: Message): void {
    this.assertNoReady();
    if (m.to !== this.id) return;
    if (m.term > this.term) {
      if (m.type === 'vote' || m.type === 'preVote') {
        // Leader lease (thesis §4.2.3): while we hear from a leader, ignore disruptors.
        const inLease = this.cfg.checkQuorum && this.leader !== NONE && this.electionElapsed < this.cfg.electionTicks;
        if (!m.transfer && inLease) return;
      }
      if (m.type === 'preVote' || (m.type === 'preVoteResp' && !m.reject)) {
        // A pre-vote never changes terms: it is sent with the term the candidate would take.
      } else if (m.type === 'app' || m.type === 'heartbeat' || m.type === 'snap') {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.cfg.checkQuorum || this.cfg.preVote) && (m.type === 'app' || m.type === 'heartbeat')) {
        // Tell the sender our newer term so it steps down. Needed with pre-vote: a node
        // whose term ran ahead while cut off cannot win a pre-vote with a stale log, and
        // ignoring the leader's lower-term messages it would never rejoin (thesis §9.6).
        this.send({ type: 'appResp', to: m.from, index: 0, reject: false, hintIndex: 0, hintTerm: 0 });
      } else if (m.type === 'preVote') {
        this.send({ type: 'preVoteResp', to: m.from, reject: true });
      }
      return;
    }

    if (m.type === 'vote' || m.type === 'preVote') {
      this.handleVoteRequest(m);
      return;
    }
    switch (this.role) {
      case 'leader':
        this.stepLeader(m);
        break;
      case 'candidate':
      case 'preCandidate':
        this.stepCandidate(m);
        break;
      case 'follower':
        this.stepFollower(m);
        break;
    }
  }

  // ---------------------------------------------------------------- ready / advance

  hasReady(): boolean {
    if (this.outstanding) return false;
    return (
      this.broadcastDue ||
      this.readHeartbeatDue ||
      this.msgs.length > 0 ||
      this.persistedMsgs.length > 0 ||
      this.readStates.length > 0 ||
      this.readFailures.length > 0 ||
      this.log.hasEntriesToPersist() ||
      this.log.snapshotToPersist() !== undefined ||
      this.log.hasNextCommittedEntries() ||
      this.hardChanged() ||
      this.softChanged()
    );
  }

  /** What the driver must do now; see Ready for the order. */
  ready(): Ready {
    this.assertNoReady();
    this.flushLeaderSends();
    const hard = this.hardState();
    const soft: SoftState = { leader: this.leader, role: this.role };
    const snapshot = this.log.snapshotToPersist();
    const rd: Ready = {
      ...(this.softChanged() ? { softState: soft } : {}),
      ...(this.hardChanged() ? { hardState: hard } : {}),
      ...(snapshot ? { snapshot } : {}),
      entries: this.log.entriesToPersist(),
      committedEntries: this.log.nextCommittedEntries(this.cfg.maxCommittedBytesPerReady),
      messages: this.msgs,
      persistedMessages: this.persistedMsgs,
      readStates: this.readStates,
      readFailures: this.readFailures,
    };
    this.prevHard = hard;
    this.prevSoft = soft;
    this.msgs = [];
    this.persistedMsgs = [];
    this.readStates = [];
    this.readFailures = [];
    this.outstanding = true;
    return rd;
  }

  /** The driver persisted, sent and applied `rd`: acceptReady(rd) and persisted(rd) at once. */
  advance(rd: Ready): void {
    this.acceptReady(rd);
    this.persisted(rd);
  }

  /**
   * Asynchronous storage (the Raft thesis §10.2.1 pipeline, etcd's async writes): the
   * driver handed rd's snapshot, entries and hard state to storage, sent rd.messages and
   * applied rd.committedEntries, but the write may still be in flight. The core may now
   * produce the next Ready; the driver must keep writes in order, send
   * rd.persistedMessages only once rd's write is durable, and then call persisted(rd).
   */
  acceptReady(rd: Ready): void {
    if (!this.outstanding) throw new Error('raft: acceptReady() without an outstanding ready()');
    this.outstanding = false;
    const lastEntry = rd.entries[rd.entries.length - 1];
    this.log.acceptInProgress(lastEntry?.index ?? 0, rd.snapshot !== undefined);
    if (rd.snapshot) this.log.appliedTo(rd.snapshot.meta.index);
    const lastCommitted = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastCommitted) {
      this.log.appliedTo(lastCommitted.index);
      for (const e of rd.committedEntries) {
        if (this.role === 'leader') this.uncommittedBytes = Math.max(0, this.uncommittedBytes - entryBytes(e));
        if (e.type === 'conf') this.applyConfChange(e.change);
      }
    }
  }

  /**
   * rd's write is durable. May come after later Readys were handed out; entries that
   * were replaced meanwhile are recognised by their term and ignored.
   */
  persisted(rd: Ready): void {
    this.assertNoReady();
    if (rd.snapshot) this.log.stableSnapshotTo(rd.snapshot.meta.index);
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry) {
      this.log.stableTo(lastEntry.index, lastEntry.term);
      // The leader counts itself toward commitment only once its own write is durable.
      if (this.role === 'leader' && this.log.term(lastEntry.index) === lastEntry.term) {
        this.prs.get(this.id)?.maybeUpdate(lastEntry.index);
        this.maybeCommit();
      }
    }
  }

  // ---------------------------------------------------------------- inspection

  status(): Status {
    return {
      id: this.id,
      role: this.role,
      term: this.term,
      vote: this.vote,
      leader: this.leader,
      commit: this.log.committed,
      applied: this.log.applied,
      firstIndex: this.log.firstIndex(),
      lastIndex: this.log.lastIndex(),
      conf: this.conf,
      progress: this.role === 'leader' ? [...this.prs.values()].filter((p) => p.id !== this.id).map((p) => p.status()) : [],
      leadTransferee: this.leadTransferee,
    };
  }

  /** The highest applied index: status().applied without building the whole status (hot path). */
  appliedIndex(): number {
    return this.log.applied;
  }

  /** The term of the entry at `index` in this node's log (durable or not); undefined if absent. */
  termAt(index: number): number | undefined {
    return this.log.term(index);
  }

  /** Membership as of the applied index: what a snapshot taken now must record. */
  confState(): ConfState {
    return this.conf;
  }

  // ---------------------------------------------------------------- roles

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
    }
    this.leader = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout = this.cfg.electionTicks + this.cfg.random.intn(this.cfg.electionTicks);
    this.leadTransferee = NONE;
    this.votes.clear();
    this.pendingConfIndex = 0;
    this.uncommittedBytes = 0;
    this.broadcastDue = false;
    this.readHeartbeatDue = false;
    this.failPendingReads();
    this.prs.clear();
    const next = this.log.lastIndex() + 1;
    for (const v of this.conf.voters) this.prs.set(v, new Progress(v, next, false, this.cfg.maxInflightMessages));
    for (const l of this.conf.learners) this.prs.set(l, new Progress(l, next, true, this.cfg.maxInflightMessages));
  }

  private becomeFollower(term: number, leader: NodeId): void {
    this.reset(term);
    this.role = 'follower';
    this.leader = leader;
  }

  private becomePreCandidate(): void {
    // Pre-vote keeps the term: a node that cannot win must not disturb the others.
    this.role = 'preCandidate';
    this.votes.clear();
    this.leader = NONE;
  }

  private becomeCandidate(): void {
    this.reset(this.term + 1);
    this.vote = this.id;
    this.role = 'candidate';
  }

  private becomeLeader(): void {
    this.reset(this.term);
    this.role = 'leader';
    this.leader = this.id;
    for (const pr of this.prs.values()) pr.recentActive = true;
    // No membership change until this term's no-op is applied (thesis §4.1, the
    // single-server change bug); reads wait for it too (thesis §6.4).
    this.pendingConfIndex = this.log.lastIndex() + 1;
    this.appendOwn({ type: 'normal', term: this.term, index: 0, data: new Uint8Array(0) });
  }

  private promotable(): boolean {
    return this.conf.voters.includes(this.id);
  }

  private hup(transfer: boolean): void {
    if (this.role === 'leader' || !this.promotable()) return;
    // A committed but unapplied conf change could change who may vote: wait for it.
    if (this.log.committed > this.log.applied) {
      const pending = this.log.slice(Math.max(this.log.applied + 1, this.log.firstIndex()), this.log.committed + 1, Number.MAX_SAFE_INTEGER);
      if (pending.some((e) => e.type === 'conf')) return;
    }
    if (this.cfg.preVote && !transfer) this.startElection('pre', false);
    else this.startElection('real', transfer);
  }

  private startElection(kind: 'pre' | 'real', transfer: boolean): void {
    if (kind === 'pre') this.becomePreCandidate();
    else this.becomeCandidate();
    const term = kind === 'pre' ? this.term + 1 : this.term;
    this.votes.set(this.id, true);
    if (this.tally() === 'won') return;
    const type = kind === 'pre' ? 'preVote' : 'vote';
    for (const v of this.conf.voters) {
      if (v === this.id) continue;
      this.send({ type, to: v, term, index: this.log.lastIndex(), logTerm: this.log.lastTerm(), transfer });
    }
  }

  /** Counts votes and acts on the outcome; returns it. */
  private tally(): 'won' | 'lost' | 'pending' {
    const outcome = voteOutcome(this.conf.voters, this.votes);
    if (outcome === 'won') {
      if (this.role === 'preCandidate') this.startElection('real', false);
      else this.becomeLeader();
    } else if (outcome === 'lost') {
      this.becomeFollower(this.term, NONE);
    }
    return outcome;
  }

  // ---------------------------------------------------------------- timers

  private tickElection(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.hup(false);
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.cfg.electionTicks) {
      this.electionElapsed = 0;
      if (this.cfg.checkQuorum) {
        if (!this.quorumActive()) {
          this.becomeFollower(this.term, NONE);
          return;
        }
        for (const pr of this.prs.values()) if (pr.id !== this.id) pr.recentActive = false;
      }
      this.leadTransferee = NONE; // a transfer that did not finish in time is abandoned
    }
    if (this.heartbeatElapsed >= this.cfg.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat(this.readOnly.last() ?? '');
    }
  }

  private quorumActive(): boolean {
    let active = 0;
    for (const v of this.conf.voters) {
      if (v === this.id || this.prs.get(v)?.recentActive) active++;
    }
    return active >= majority(this.conf.voters.length);
  }

  // ---------------------------------------------------------------- per-role steps

  private handleVoteRequest(m: MessageOf<'vote' | 'preVote'>): void {
    const canVote =
      this.vote === m.from ||
      (this.vote === NONE && this.leader === NONE) ||
      (m.type === 'preVote' && m.term > this.term);
    const respType = m.type === 'vote' ? 'voteResp' : 'preVoteResp';
    if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {
      // A granted pre-vote answers in the candidate's future term so it is counted.
      this.send({ type: respType, to: m.from, term: m.term, reject: false });
      if (m.type === 'vote') {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send({ type: respType, to: m.from, reject: true });
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case 'app':
        this.electionElapsed = 0;
        this.leader = m.from;
        this.handleAppend(m);
        break;
      case 'heartbeat':
        this.electionElapsed = 0;
        this.leader = m.from;
        this.handleHeartbeat(m);
        break;
      case 'snap':
        this.electionElapsed = 0;
        this.leader = m.from;
        this.handleSnapshotChunk(m);
        break;
      case 'timeoutNow':
        this.hup(true);
        break;
      case 'readIndex':
        this.send({ type: 'readIndexResp', to: m.from, index: 0, context: m.context, reject: true });
        break;
      case 'readIndexResp':
        if (m.reject) this.readFailures.push({ context: m.context, leader: this.leader });
        else this.readStates.push({ index: m.index, context: m.context });
        break;
      default:
        break;
    }
  }

  private stepCandidate(m: Message): void {
    switch (m.type) {
      case 'app':
        this.becomeFollower(m.term, m.from);
        this.handleAppend(m);
        break;
      case 'heartbeat':
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        break;
      case 'snap':
        this.becomeFollower(m.term, m.from);
        this.handleSnapshotChunk(m);
        break;
      case 'preVoteResp':
      case 'voteResp':
        if ((m.type === 'preVoteResp') !== (this.role === 'preCandidate')) return;
        this.votes.set(m.from, !m.reject);
        this.tally();
        break;
      case 'readIndex':
        this.send({ type: 'readIndexResp', to: m.from, index: 0, context: m.context, reject: true });
        break;
      case 'readIndexResp':
        if (m.reject) this.readFailures.push({ context: m.context, leader: NONE });
        break;
      default:
        break;
    }
  }

  private stepLeader(m: Message): void {
    if (m.type === 'readIndex') {
      this.leaderReadIndex(m.context, m.from);
      return;
    }
    const pr = this.prs.get(m.from);
    if (!pr) return; // not a member (any more)
    switch (m.type) {
      case 'appResp':
        pr.recentActive = true;
        this.handleAppendResponse(m, pr);
        break;
      case 'heartbeatResp':
        pr.recentActive = true;
        this.handleHeartbeatResponse(m, pr);
        break;
      case 'snapResp':
        pr.recentActive = true;
        this.handleSnapshotResponse(m, pr);
        break;
      default:
        break;
    }
  }

  // ---------------------------------------------------------------- follower handlers

  private handleAppend(m: MessageOf<'app'>): void {
    if (m.index < this.log.committed) {
      this.send({ type: 'appResp', to: m.from, index: this.log.committed, reject: false, hintIndex: 0, hintTerm: 0 });
      return;
    }
    const appended = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (appended !== undefined) {
      if (appended.truncatedFrom !== undefined) this.dropUnwrittenAcks(appended.truncatedFrom);
      this.send({ type: 'appResp', to: m.from, index: appended.lastNew, reject: false, hintIndex: 0, hintTerm: 0 });
      return;
    }
    // Fast back-off: point the leader at the last index of a term it may share with us.
    const hint = this.log.findConflictByTerm(Math.min(m.index, this.log.lastIndex()), m.logTerm);
    this.send({ type: 'appResp', to: m.from, index: m.index, reject: true, hintIndex: hint.index, hintTerm: hint.term });
  }

  private handleHeartbeat(m: MessageOf<'heartbeat'>): void {
    // The leader sends min(match, commit), so this never exceeds what we hold.
    if (m.commit > this.log.committed && m.commit <= this.log.lastIndex()) this.log.commitTo(m.commit);
    this.send({ type: 'heartbeatResp', to: m.from, context: m.context });
  }

  private handleSnapshotChunk(m: MessageOf<'snap'>): void {
    if (m.meta.index <= this.log.committed) {
      // Already have it all: tell the leader where we are so it resumes appends.
      this.snapshotIn.clear();
      this.send({ type: 'appResp', to: m.from, index: this.log.committed, reject: false, hintIndex: 0, hintTerm: 0 });
      return;
    }
    const got = this.snapshotIn.receive(m);
    if (got.kind === 'partial' || got.kind === 'mismatch') {
      this.send({ type: 'snapResp', to: m.from, index: m.meta.index, offset: got.offset, reject: got.kind === 'mismatch' });
      return;
    }
    this.restore(got.snapshot);
    this.send({ type: 'appResp', to: m.from, index: this.log.lastIndex(), reject: false, hintIndex: 0, hintTerm: 0 });
  }

  /** Installs a snapshot from the leader (Raft §7), unless our log already holds its last entry. */
  private restore(snap: Snapshot): void {
    if (this.log.matchTerm(snap.meta.index, snap.meta.term)) {
      // Our log already contains the image's last entry: just fast-forward commitment.
      this.log.commitTo(snap.meta.index);
      return;
    }
    this.dropUnwrittenAcks(0);
    this.log.restore(snap);
    this.conf = snap.meta.conf;
  }

  /**
   * Acknowledgements wait in persistedMsgs until the next Ready is written. If the log
   * is cut at `from` before then, acks for entries at or past the cut would promise
   * entries that will never reach the disk (Raft Figure 2: respond only after
   * persisting): drop them; the old leader learns the truth from its next probe.
   */
  private dropUnwrittenAcks(from: number): void {
    this.persistedMsgs = this.persistedMsgs.filter((m) => m.type !== 'appResp' || m.reject || m.index < from);
  }

  // ---------------------------------------------------------------- leader handlers

  private handleAppendResponse(m: MessageOf<'appResp'>, pr: Progress): void {
    if (m.reject) {
      let next = m.hintIndex;
      if (m.hintTerm > 0) next = this.log.findConflictByTerm(m.hintIndex, m.hintTerm).index;
      if (pr.maybeDecrTo(m.index, next)) {
        if (pr.state === 'replicate') pr.becomeProbe();
        this.sendAppend(m.from, true);
      }
      return;
    }
    // A probe answered at the index we already knew still proves where the follower is.
    const probeConfirmed = pr.state === 'probe' && m.index === pr.match;
    if (!pr.maybeUpdate(m.index) && !probeConfirmed) return;
    switch (pr.state) {
      case 'probe':
        pr.becomeReplicate();
        break;
      case 'snapshot':
        if (pr.match + 1 >= this.log.firstIndex()) {
          pr.becomeProbe();
          pr.becomeReplicate();
        }
        break;
      case 'replicate':
        pr.freeUpTo(m.index);
        break;
    }
    this.maybeCommit();
    // Keep the pipeline full: send whatever the window allows.
    while (this.sendAppend(m.from, false)) {
      if (pr.state !== 'replicate') break;
    }
    if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) {
      this.send({ type: 'timeoutNow', to: m.from });
    }
  }

  private handleHeartbeatResponse(m: MessageOf<'heartbeatResp'>, pr: Progress): void {
    pr.probeSent = false;
    if (pr.state === 'replicate' && pr.inflightFull()) pr.freeFirst();
    if (pr.state === 'snapshot') this.retrySnapshotChunk(m.from, pr);
    else if (pr.match < this.log.lastIndex()) this.sendAppend(m.from, true);
    if (m.context === '') return;
    const acks = this.readOnly.ack(m.from, m.context);
    if (!acks) return;
    const n = this.conf.voters.filter((v) => v === this.id || acks.has(v)).length;
    if (n < majority(this.conf.voters.length)) return;
    for (const r of this.readOnly.release(m.context)) this.answerRead(r.context, r.index, r.from);
  }

  /**
   * One chunk in flight at a time. An answer naming the offset we already know is the
   * echo of a duplicate and changes nothing (resending on it would cascade duplicates);
   * any other offset is where the follower stands, so the next chunk starts there.
   */
  private handleSnapshotResponse(m: MessageOf<'snapResp'>, pr: Progress): void {
    if (pr.state !== 'snapshot' || m.index !== pr.pendingSnapshot) return;
    if (m.offset === pr.snapshotOffset) return;
    pr.snapshotOffset = m.offset;
    pr.snapshotChunkInFlight = false;
    this.sendSnapshotChunk(m.from, pr);
  }

  /** A heartbeat answer from a follower receiving a snapshot: resend a chunk that seems lost. */
  private retrySnapshotChunk(to: NodeId, pr: Progress): void {
    // Two heartbeat round trips without progress: the chunk (or its answer) was lost.
    if (pr.snapshotChunkInFlight && ++pr.snapshotStalls < 2) return;
    pr.snapshotChunkInFlight = false;
    this.sendSnapshotChunk(to, pr);
  }

  /** Commits the highest index a majority holds, if it is of the current term (Raft §5.4.2, Figure 8). */
  private maybeCommit(): boolean {
    const idx = committedIndex(this.conf.voters, (id) => this.prs.get(id)?.match ?? 0);
    if (idx <= this.log.committed || this.log.term(idx) !== this.term) return false;
    const firstInTerm = this.log.term(this.log.committed) !== this.term;
    this.log.commitTo(idx);
    this.broadcastDue = true;
    if (firstInTerm) {
      const waiting = this.readsAwaitingCommit;
      this.readsAwaitingCommit = [];
      for (const r of waiting) this.leaderReadIndex(r.context, r.from);
    }
    return true;
  }

  private leaderReadIndex(context: string, from: NodeId): void {
    if (this.log.term(this.log.committed) !== this.term) {
      this.readsAwaitingCommit.push({ context, from });
      return;
    }
    if (this.conf.voters.length === 1 && this.conf.voters[0] === this.id) {
      this.answerRead(context, this.log.committed, from);
      return;
    }
    this.readOnly.add(this.log.committed, context, from);
    this.readHeartbeatDue = true;
  }

  private answerRead(context: string, index: number, from: NodeId): void {
    if (from === this.id) this.readStates.push({ index, context });
    else this.send({ type: 'readIndexResp', to: from, index, context, reject: false });
  }

  private failPendingReads(): void {
    const pending: { context: string; from: NodeId }[] = [...this.readsAwaitingCommit, ...this.readOnly.drain()];
    this.readsAwaitingCommit = [];
    for (const r of pending) {
      if (r.from === this.id) this.readFailures.push({ context: r.context, leader: NONE });
      else this.send({ type: 'readIndexResp', to: r.from, index: 0, context: r.context, reject: true });
    }
  }

  // ---------------------------------------------------------------- sending

  private flushLeaderSends(): void {
    if (this.role !== 'leader') return;
    if (this.broadcastDue) {
      this.broadcastDue = false;
      // Only new entries are sent: a commit index alone rides on the next append or
      // heartbeat (which carries min(match, commit)), so a commit costs followers no
      // extra round of work; a ReadIndex round's heartbeat carries it at once.
      for (const [id, pr] of this.prs) {
        if (id === this.id) continue;
        while (this.sendAppend(id, false)) {
          if (pr.state !== 'replicate') break;
        }
      }
    }
    if (this.readHeartbeatDue) {
      this.readHeartbeatDue = false;
      const ctx = this.readOnly.last();
      if (ctx !== undefined) this.broadcastHeartbeat(ctx);
    }
  }

  private broadcastHeartbeat(context: string): void {
    if (context !== '') this.readOnly.ack(this.id, context);
    for (const [id, pr] of this.prs) {
      if (id === this.id) continue;
      this.send({ type: 'heartbeat', to: id, commit: Math.min(pr.match, this.log.committed), context });
    }
  }

  /**
   * Sends the follower what it lacks from pr.next on, bounded by maxMessageBytes; a
   * snapshot if that part of the log is compacted. Returns whether anything was sent.
   */
  private sendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.prs.get(to);
    if (!pr || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = this.log.term(prevIndex);
    if (prevTerm === undefined) return this.startSnapshot(to, pr);
    let entries: Entry[];
    try {
      entries = this.log.entriesFrom(pr.next, this.cfg.maxMessageBytes);
    } catch (e) {
      if (e instanceof CompactedError) return this.startSnapshot(to, pr);
      throw e;
    }
    if (entries.length === 0 && !sendIfEmpty) return false;
    this.send({ type: 'app', to, index: prevIndex, logTerm: prevTerm, entries, commit: this.log.committed });
    const last = entries[entries.length - 1];
    if (pr.state === 'replicate') {
      if (last) pr.sentEntries(last.index);
    } else {
      pr.probeSent = true;
    }
    return true;
  }

  private startSnapshot(to: NodeId, pr: Progress): boolean {
    if (!pr.recentActive) return false; // do not ship an image to a node that may be down
    const snap = this.log.snapshot();
    if (snap.meta.index === 0) throw new Error(`raft: ${to} needs compacted entries but no snapshot exists`);
    pr.becomeSnapshot(snap.meta.index);
    this.sendSnapshotChunk(to, pr);
    return true;
  }

  private sendSnapshotChunk(to: NodeId, pr: Progress): void {
    const snap = this.log.snapshot();
    if (snap.meta.index !== pr.pendingSnapshot) {
      // A newer image replaced the one being sent: start over with it.
      pr.becomeSnapshot(snap.meta.index);
    }
    if (pr.snapshotChunkInFlight) return;
    pr.snapshotChunkInFlight = true;
    pr.snapshotStalls = 0;
    const offset = Math.min(pr.snapshotOffset, snap.data.length);
    const end = Math.min(offset + this.cfg.snapshotChunkBytes, snap.data.length);
    this.send({
      type: 'snap',
      to,
      meta: snap.meta,
      offset,
      totalBytes: snap.data.length,
      data: snap.data.subarray(offset, end),
      done: end === snap.data.length,
    });
  }

  private send(m: Outgoing): void {
    const full = { ...m, from: this.id, term: m.term ?? this.term } as Message;
    if (AFTER_PERSIST.has(full.type)) this.persistedMsgs.push(full);
    else this.msgs.push(full);
  }

  // ---------------------------------------------------------------- proposals

  private refuseProposal(bytes: number): ProposeResult | undefined {
    if (this.role !== 'leader') return { ok: false, reason: 'notLeader', leader: this.leader };
    if (this.leadTransferee !== NONE) {
      return { ok: false, reason: 'transferring', leader: this.id, transferee: this.leadTransferee };
    }
    if (this.uncommittedBytes > 0 && this.uncommittedBytes + bytes > this.cfg.maxUncommittedBytes) {
      return { ok: false, reason: 'overloaded', uncommittedBytes: this.uncommittedBytes, limit: this.cfg.maxUncommittedBytes };
    }
    return undefined;
  }

  private appendOwn(e: Entry): ProposeResult {
    const index = this.log.lastIndex() + 1;
    const entry: Entry = { ...e, term: this.term, index };
    this.log.append([entry]);
    this.uncommittedBytes += entryBytes(entry);
    this.broadcastDue = true;
    return { ok: true, index, term: this.term };
  }

  // ---------------------------------------------------------------- membership

  private validateConfChange(c: ConfChange): string | undefined {
    const isVoter = this.conf.voters.includes(c.node);
    const isLearner = this.conf.learners.includes(c.node);
    switch (c.kind) {
      case 'addLearner':
        if (c.node === '') return 'node id must not be empty';
        return isVoter || isLearner ? `${c.node} is already a member` : undefined;
      case 'promote': {
        if (!isLearner) return `${c.node} is not a learner`;
        const pr = this.prs.get(c.node);
        const lag = this.log.lastIndex() - (pr?.match ?? 0);
        return lag > this.cfg.maxPromoteLagEntries ? `${c.node} is not caught up (${lag} entries behind)` : undefined;
      }
      case 'remove':
        if (!isVoter && !isLearner) return `${c.node} is not a member`;
        if (isVoter && this.conf.voters.length === 1) return `cannot remove the last voter ${c.node}`;
        return undefined;
    }
  }

  private applyConfChange(c: ConfChange): void {
    this.conf = applyToConf(this.conf, c);
    if (this.role !== 'leader') return;
    const next = this.log.lastIndex() + 1;
    switch (c.kind) {
      case 'addLearner':
        if (!this.prs.has(c.node)) {
          const pr = new Progress(c.node, next, true, this.cfg.maxInflightMessages);
          pr.recentActive = true;
          this.prs.set(c.node, pr);
        }
        break;
      case 'promote': {
        const pr = this.prs.get(c.node);
        if (pr) pr.learner = false;
        break;
      }
      case 'remove':
        if (c.node === this.id) {
          this.becomeFollower(this.term, NONE);
          return;
        }
        this.prs.delete(c.node);
        if (this.leadTransferee === c.node) this.leadTransferee = NONE;
        break;
    }
    // The quorum changed: something may now be committed.
    this.maybeCommit();
    this.broadcastDue = true;
  }

  // ---------------------------------------------------------------- helpers

  private hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  private hardChanged(): boolean {
    return this.prevHard.term !== this.term || this.prevHard.vote !== this.vote || this.prevHard.commit !== this.log.committed;
  }

  private softChanged(): boolean {
    return this.prevSoft.leader !== this.leader || this.prevSoft.role !== this.role;
  }

  private assertNoReady(): void {
    if (this.outstanding) throw new Error('raft: call advance() before giving the core new input');
  }
}

/** The membership after a change; pure, shared by the core and state machines. */
export function applyToConf(conf: ConfState, c: ConfChange): ConfState {
  const voters = conf.voters.filter((v) => v !== c.node);
  const learners = conf.learners.filter((l) => l !== c.node);
  switch (c.kind) {
    case 'addLearner':
      if (conf.voters.includes(c.node)) return conf;
      return { voters, learners: [...learners, c.node] };
    case 'promote':
      return { voters: [...voters, c.node], learners };
    case 'remove':
      return { voters, learners };
  }
}
