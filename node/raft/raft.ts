/**
 * The Raft protocol of one node (what etcd keeps in raft.go): the term, vote, role and
 * known leader, the election and heartbeat timers, elections with pre-vote and the
 * leader lease (thesis §9.6, §4.2.3), role changes, the handling of messages from other
 * terms and their dispatch by role, and when committed conf changes take effect. A
 * leader's duties are in leadership.ts, a follower's side of replication in
 * follower-replication.ts. The driver contract (one outstanding Ready, no input while it
 * is out) is core.ts's.
 */
import type { ResolvedRaftConfig } from './config.ts';
import { applyToConf, bootstrapChanges } from './conf-change.ts';
import { FollowerReplication } from './follower-replication.ts';
import { Leadership } from './leadership.ts';
import type { RaftLog } from './log.ts';
import { ProgressTracker } from './progress-tracker.ts';
import type { ReadyTracker, Send } from './ready-tracker.ts';
import {
  NONE,
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type ForwardResult,
  type ProposeResult,
  type ReadIndexResult,
  type Role,
  type SoftState,
  type Status,
  type TransferResult,
} from './types.ts';

/**
 * One node's protocol state; its outputs go to the ReadyTracker it is given. Its inputs
 * are RaftCore's and documented there; RaftCore keeps them away while a Ready is out.
 */
export class Raft {
  readonly id: NodeId;
  private readonly tracker: ProgressTracker;
  private readonly leadership: Leadership;
  private readonly following: FollowerReplication;

  private term = 0;
  private vote: NodeId = NONE;
  private role: Role = 'follower';
  private leader: NodeId = NONE;

  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedElectionTimeout = 0;

  /** Stamps a message with this node's id and (unless given) the current term, and queues it. */
  private readonly send: Send = (m) => {
    this.output.send({ ...m, from: this.id, term: m.term ?? this.term } as Message);
  };

  /**
   * Starts as a follower from the durable `hardState` and the membership `conf` recorded
   * at the snapshot `snapIndex`; conf changes in the log up to cfg.applied are applied
   * again. A pristine node with a non-empty `conf` bootstraps it into the log.
   */
  constructor(
    private readonly cfg: ResolvedRaftConfig,
    private readonly log: RaftLog,
    private readonly output: ReadyTracker,
    hardState: HardState,
    conf: ConfState,
    snapIndex: number,
  ) {
    this.id = cfg.id;
    this.tracker = new ProgressTracker(this.id, conf, cfg.maxInflightMessages);
    this.leadership = new Leadership(this.id, cfg, log, this.tracker, output, this.send, () => this.term);
    this.following = new FollowerReplication(log, this.tracker, output, this.send);
    // Conf changes take effect when applied; replay those the state machine already applied.
    if (cfg.applied > snapIndex) {
      for (const e of log.slice(snapIndex + 1, cfg.applied + 1, Number.MAX_SAFE_INTEGER)) {
        if (e.type === 'conf') this.tracker.conf = applyToConf(this.tracker.conf, e.change);
      }
    }
    this.term = hardState.term;
    this.vote = hardState.vote;
    const pristine = hardState.term === 0 && snapIndex === 0 && cfg.storage.lastIndex() === 0;
    if (pristine && (conf.voters.length > 0 || conf.learners.length > 0)) this.bootstrap(conf);
    this.becomeFollower(this.term, NONE);
  }

  /**
   * Writes the initial membership into the log as committed term-1 conf changes, the
   * same on every initial member. Kept in the log (not only in snapshot metadata) so a
   * node added later learns it like any other change, with or without a snapshot (Raft
   * thesis §4.1; etcd bootstraps the same way). They go out in the first Ready:
   * persisted, then applied, like any committed entry.
   */
  private bootstrap(initial: ConfState): void {
    const changes = bootstrapChanges(initial);
    this.tracker.conf = { voters: [], learners: [] };
    this.log.append(changes.map((change, i) => ({ type: 'conf', term: 1, index: i + 1, change })));
    this.log.commitTo(changes.length);
    this.term = 1;
  }

  // ---------------------------------------------------------------- inputs (see RaftCore)

  tick(): void {
    if (this.role === 'leader') this.tickHeartbeat();
    else this.tickElection();
  }

  campaign(): void {
    this.hup(false);
  }

  propose(data: Uint8Array): ProposeResult {
    if (this.role !== 'leader') return { ok: false, reason: 'notLeader', leader: this.leader };
    return this.leadership.propose(data);
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    if (this.role !== 'leader') return { ok: false, reason: 'notLeader', leader: this.leader };
    return this.leadership.proposeConfChange(change);
  }

  /** A leader appends; a follower (or candidate) that knows a leader sends it the proposal. */
  forward(data: Uint8Array): ForwardResult {
    if (this.role === 'leader') return this.leadership.propose(data);
    if (this.leader === NONE) return { ok: false, reason: 'notLeader', leader: NONE };
    this.send({ type: 'prop', to: this.leader, term: 0, data });
    return { ok: true, forwardedTo: this.leader };
  }

  /** A leader queues the read; a follower forwards it to the leader it knows. */
  readIndex(context: string): ReadIndexResult {
    if (this.role === 'leader') {
      this.leadership.readIndex(context, this.id);
      return { ok: true };
    }
    if (this.leader === NONE) return { ok: false, reason: 'notLeader', leader: NONE };
    this.send({ type: 'readIndex', to: this.leader, context });
    return { ok: true };
  }

  transferLeadership(target: NodeId): TransferResult {
    if (this.role !== 'leader') return { ok: false, reason: 'notLeader', leader: this.leader };
    if (target === this.id) return { ok: true };
    if (!this.tracker.isVoter(target)) {
      return { ok: false, reason: 'invalidTarget', detail: `${target} is not a voting member` };
    }
    if (this.leadership.transferee === target) return { ok: true };
    // The transfer must finish within one election timeout, or it is abandoned (tickHeartbeat).
    this.electionElapsed = 0;
    this.leadership.transferTo(target);
    return { ok: true };
  }

  /** Applies the term rules (Raft §5.1, pre-vote, the lease), then hands `m` to the role. */
  step(m: Message): void {
    if (m.to !== this.id) return;
    if (m.type === 'prop') {
      // Outside the term rules (etcd treats MsgProp as local): only a leader takes it;
      // a refusal drops it, as a lost message would be.
      if (this.role === 'leader') this.leadership.proposeForwarded(m.from, m.data);
      return;
    }
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
        this.leadership.step(m);
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

  // ---------------------------------------------------------------- around a Ready

  /** Whether a leader has sends due that ready() would flush (the rest of hasReady is the ReadyTracker's). */
  get sendsDue(): boolean {
    return this.leadership.sendsDue;
  }

  /** Before a Ready is taken: a leader sends the appends and ReadIndex round that are due. */
  flush(): void {
    if (this.role === 'leader') this.leadership.flush();
  }

  /** The state a Ready's hardState carries: what must be durable before votes and acks go out. */
  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  /** The state a Ready's softState carries. */
  softState(): SoftState {
    return { leader: this.leader, role: this.role };
  }

  /** Whether the hard or soft state differs from the last one handed out. */
  stateChanged(): boolean {
    return this.output.hardChanged(this.term, this.vote) || this.output.softChanged(this.leader, this.role);
  }

  /** The driver applied `entries`: a leader stops counting their bytes, and conf changes take effect, in order. */
  applied(entries: readonly Entry[]): void {
    for (const e of entries) {
      if (this.role === 'leader') this.leadership.entryApplied(e);
      if (e.type === 'conf') this.applyConfChange(e.change);
    }
  }

  /** Entries up to `last` are durable here: a leader counts itself toward commitment. */
  persisted(last: Entry): void {
    if (this.role === 'leader') this.leadership.persisted(last);
  }

  /** See RaftCore.status. */
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
      conf: this.tracker.conf,
      progress: this.role === 'leader' ? this.tracker.peerStatuses() : [],
      leadTransferee: this.leadership.transferee,
    };
  }

  /** Membership as of the applied index. */
  confState(): ConfState {
    return this.tracker.conf;
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
    this.leadership.reset();
    this.tracker.reset(this.log.lastIndex() + 1);
  }

  private becomeFollower(term: number, leader: NodeId): void {
    this.reset(term);
    this.role = 'follower';
    this.leader = leader;
  }

  private becomePreCandidate(): void {
    // Pre-vote keeps the term: a node that cannot win must not disturb the others.
    this.role = 'preCandidate';
    this.tracker.clearVotes();
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
    this.leadership.start();
  }

  /** A committed conf change is applied: the membership changes everywhere, the progress tracking on a leader. */
  private applyConfChange(c: ConfChange): void {
    this.tracker.conf = applyToConf(this.tracker.conf, c);
    if (this.role !== 'leader') return;
    if (c.kind === 'remove' && c.node === this.id) this.becomeFollower(this.term, NONE);
    else this.leadership.confChangeApplied(c);
  }

  // ---------------------------------------------------------------- elections

  private hup(transfer: boolean): void {
    if (this.role === 'leader' || !this.tracker.isVoter(this.id)) return;
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
    this.tracker.recordVote(this.id, true);
    if (this.tally() === 'won') return;
    const type = kind === 'pre' ? 'preVote' : 'vote';
    for (const v of this.tracker.conf.voters) {
      if (v === this.id) continue;
      this.send({ type, to: v, term, index: this.log.lastIndex(), logTerm: this.log.lastTerm(), transfer });
    }
  }

  /** Counts votes and acts on the outcome; returns it. */
  private tally(): 'won' | 'lost' | 'pending' {
    const outcome = this.tracker.tally();
    if (outcome === 'won') {
      if (this.role === 'preCandidate') this.startElection('real', false);
      else this.becomeLeader();
    } else if (outcome === 'lost') {
      this.becomeFollower(this.term, NONE);
    }
    return outcome;
  }

  private handleVoteRequest(m: Extract<Message, { type: 'vote' | 'preVote' }>): void {
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
        if (!this.tracker.quorumActive()) {
          this.becomeFollower(this.term, NONE);
          return;
        }
        this.tracker.resetActivity();
      }
      this.leadership.abandonTransfer();
    }
    if (this.heartbeatElapsed >= this.cfg.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.leadership.heartbeat();
    }
  }

  // ---------------------------------------------------------------- follower and candidate steps

  private stepFollower(m: Message): void {
    switch (m.type) {
      case 'app':
        this.electionElapsed = 0;
        this.leader = m.from;
        this.following.handleAppend(m);
        break;
      case 'heartbeat':
        this.electionElapsed = 0;
        this.leader = m.from;
        this.following.handleHeartbeat(m);
        break;
      case 'snap':
        this.electionElapsed = 0;
        this.leader = m.from;
        this.following.handleSnapshotChunk(m);
        break;
      case 'timeoutNow':
        this.hup(true);
        break;
      case 'readIndex':
        this.send({ type: 'readIndexResp', to: m.from, index: 0, context: m.context, reject: true });
        break;
      case 'readIndexResp':
        if (m.reject) this.output.readFailure({ context: m.context, leader: this.leader });
        else this.output.readState({ index: m.index, context: m.context });
        break;
      default:
        break;
    }
  }

  private stepCandidate(m: Message): void {
    switch (m.type) {
      case 'app':
        this.becomeFollower(m.term, m.from);
        this.following.handleAppend(m);
        break;
      case 'heartbeat':
        this.becomeFollower(m.term, m.from);
        this.following.handleHeartbeat(m);
        break;
      case 'snap':
        this.becomeFollower(m.term, m.from);
        this.following.handleSnapshotChunk(m);
        break;
      case 'preVoteResp':
      case 'voteResp':
        if ((m.type === 'preVoteResp') !== (this.role === 'preCandidate')) return;
        this.tracker.recordVote(m.from, !m.reject);
        this.tally();
        break;
      case 'readIndex':
        this.send({ type: 'readIndexResp', to: m.from, index: 0, context: m.context, reject: true });
        break;
      case 'readIndexResp':
        if (m.reject) this.output.readFailure({ context: m.context, leader: NONE });
        break;
      default:
        break;
    }
  }
}
