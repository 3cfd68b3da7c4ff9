/**
 * What a node holds and does only while it leads: admitting proposals (one conf change
 * at a time, a bound on uncommitted bytes), advancing the commit index (Raft §5.3,
 * §5.4.2), leadership transfer (thesis §3.10), and the handling of followers' answers,
 * with replication (leader-replication.ts) and ReadIndex (leader-reads.ts) below it.
 * Becoming leader, stepping down and the timers that decide them are raft.ts's.
 */
import type { ResolvedRaftConfig } from './config.ts';
import { trackConfChange, validateConfChange } from './conf-change.ts';
import { entryBytes } from './entry-size.ts';
import { LeaderReads } from './leader-reads.ts';
import { LeaderReplication } from './leader-replication.ts';
import type { RaftLog } from './log.ts';
import type { ProgressTracker } from './progress-tracker.ts';
import type { ReadyTracker, Send } from './ready-tracker.ts';
import { NONE, type ConfChange, type Entry, type Message, type NodeId, type ProposeResult } from './types.ts';

/**
 * The leader's state for the current term. raft.ts calls it only while this node leads,
 * except reset() (on every change of role or term) and the getters. `term` reads the
 * node's current term.
 */
export class Leadership {
  private leadTransferee: NodeId = NONE;
  /** Index of the latest conf change appended by this leader; none may follow until it is applied. */
  private pendingConfIndex = 0;
  private uncommittedBytes = 0;
  private readonly replication: LeaderReplication;
  private readonly reads: LeaderReads;

  constructor(
    private readonly self: NodeId,
    private readonly cfg: ResolvedRaftConfig,
    private readonly log: RaftLog,
    private readonly tracker: ProgressTracker,
    output: ReadyTracker,
    private readonly send: Send,
    private readonly term: () => number,
  ) {
    this.replication = new LeaderReplication(self, log, tracker, cfg.maxMessageBytes, cfg.snapshotChunkBytes, send);
    this.reads = new LeaderReads(self, log, tracker, output, send);
  }

  /** The voter leadership is being handed to; NONE if no transfer is under way. */
  get transferee(): NodeId {
    return this.leadTransferee;
  }

  /** Whether flush() has appends or a ReadIndex heartbeat round to send. */
  get sendsDue(): boolean {
    return this.replication.due || this.reads.heartbeatDue;
  }

  /** Ends the previous leadership, if any: pending sends are dropped and pending reads fail. */
  reset(): void {
    this.leadTransferee = NONE;
    this.pendingConfIndex = 0;
    this.uncommittedBytes = 0;
    this.replication.clear();
    this.reads.reset();
  }

  /** This node won the election of the current term (the tracker was reset for it). */
  start(): void {
    this.tracker.markAllActive();
    // No membership change until this term's no-op is applied (thesis §4.1, the
    // single-server change bug); reads wait for it too (thesis §6.4).
    this.pendingConfIndex = this.log.lastIndex() + 1;
    this.appendOwn({ type: 'normal', term: this.term(), index: 0, data: new Uint8Array(0) });
  }

  /** Appends a client command, unless a transfer is under way or too many bytes are uncommitted. */
  propose(data: Uint8Array): ProposeResult {
    const refused = this.refuseProposal(24 + data.length);
    if (refused) return refused;
    return this.appendOwn({ type: 'normal', term: this.term(), index: 0, data });
  }

  /** A proposal forwarded by follower `from`: appended as our own, and `from` is told of its commit at once. */
  proposeForwarded(from: NodeId, data: Uint8Array): ProposeResult {
    const res = this.propose(data);
    const pr = this.tracker.get(from);
    if (res.ok && pr && from !== this.self) pr.commitWanted = Math.max(pr.commitWanted, res.index);
    return res;
  }

  /** Appends a membership change if proposals are admitted, none is pending and it is valid now. */
  proposeConfChange(change: ConfChange): ProposeResult {
    const refused = this.refuseProposal(40);
    if (refused) return refused;
    if (this.pendingConfIndex > this.log.applied) {
      return { ok: false, reason: 'confChangePending', pendingIndex: this.pendingConfIndex };
    }
    const invalid = validateConfChange(this.tracker, change, this.log.lastIndex(), this.cfg.maxPromoteLagEntries);
    if (invalid) return { ok: false, reason: 'invalidConfChange', detail: invalid };
    const res = this.appendOwn({ type: 'conf', term: this.term(), index: 0, change });
    if (res.ok) this.pendingConfIndex = res.index;
    return res;
  }

  /** A read from this node or a follower; see LeaderReads.request. */
  readIndex(context: string, from: NodeId): void {
    this.reads.request(context, from, this.term());
  }

  /** Starts handing leadership to voter `target`: TimeoutNow once it holds our whole log. */
  transferTo(target: NodeId): void {
    this.leadTransferee = target;
    const pr = this.tracker.get(target)!;
    if (pr.match === this.log.lastIndex()) this.send({ type: 'timeoutNow', to: target });
    else this.replication.sendAppend(target, true);
  }

  /** A transfer that did not finish within an election timeout is abandoned. */
  abandonTransfer(): void {
    this.leadTransferee = NONE;
  }

  /** The periodic heartbeat, carrying the newest pending read's context. */
  heartbeat(): void {
    this.replication.heartbeat(this.reads.heartbeatContext());
  }

  /** Sends what is due before a Ready is handed out: new entries, then a ReadIndex round. */
  flush(): void {
    this.replication.flush();
    const context = this.reads.takeDueRound();
    if (context !== undefined) this.replication.heartbeat(context);
  }

  /** A message of the current term from a peer (vote requests are raft.ts's). */
  step(m: Message): void {
    if (m.type === 'readIndex') {
      this.readIndex(m.context, m.from);
      return;
    }
    const pr = this.tracker.get(m.from);
    if (!pr) return; // not a member (any more)
    switch (m.type) {
      case 'appResp':
        pr.recentActive = true;
        if (!this.replication.handleAppendResponse(m, pr)) break;
        this.maybeCommit();
        this.replication.fillPipeline(m.from, pr);
        if (m.from === this.leadTransferee && pr.match === this.log.lastIndex()) {
          this.send({ type: 'timeoutNow', to: m.from });
        }
        break;
      case 'heartbeatResp':
        pr.recentActive = true;
        this.replication.handleHeartbeatResponse(m.from, pr);
        this.reads.ack(m.from, m.context);
        break;
      case 'snapResp':
        pr.recentActive = true;
        this.replication.handleSnapshotResponse(m, pr);
        break;
      default:
        break;
    }
  }

  /** The driver applied `e`: its bytes no longer count against maxUncommittedBytes. */
  entryApplied(e: Entry): void {
    this.uncommittedBytes = Math.max(0, this.uncommittedBytes - entryBytes(e));
  }

  /**
   * A conf change other than this node's own removal was applied (tracker.conf already
   * follows it): track the change, and since the quorum changed, commit what it allows.
   */
  confChangeApplied(c: ConfChange): void {
    trackConfChange(this.tracker, c, this.log.lastIndex() + 1);
    if (c.kind === 'remove' && this.leadTransferee === c.node) this.leadTransferee = NONE;
    this.maybeCommit();
    this.replication.markDue();
  }

  /**
   * Entries up to `last` are durable here. The leader counts itself toward commitment only
   * once its own write is durable, and only if `last` was not replaced meanwhile.
   */
  persisted(last: Entry): void {
    if (this.log.term(last.index) !== last.term) return;
    this.tracker.get(this.self)?.maybeUpdate(last.index);
    this.maybeCommit();
  }

  private refuseProposal(bytes: number): ProposeResult | undefined {
    if (this.leadTransferee !== NONE) {
      return { ok: false, reason: 'transferring', leader: this.self, transferee: this.leadTransferee };
    }
    if (this.uncommittedBytes > 0 && this.uncommittedBytes + bytes > this.cfg.maxUncommittedBytes) {
      return { ok: false, reason: 'overloaded', uncommittedBytes: this.uncommittedBytes, limit: this.cfg.maxUncommittedBytes };
    }
    return undefined;
  }

  private appendOwn(e: Entry): ProposeResult {
    const term = this.term();
    const index = this.log.lastIndex() + 1;
    const entry: Entry = { ...e, term, index };
    this.log.append([entry]);
    this.uncommittedBytes += entryBytes(entry);
    this.replication.markDue();
    return { ok: true, index, term };
  }

  /** Commits the highest index a majority holds, if it is of the current term (Raft §5.4.2, Figure 8). */
  private maybeCommit(): void {
    const term = this.term();
    const idx = this.tracker.committed();
    if (idx <= this.log.committed || this.log.term(idx) !== term) return;
    const firstInTerm = this.log.term(this.log.committed) !== term;
    this.log.commitTo(idx);
    this.replication.markDue();
    if (firstInTerm) this.reads.termCommitted(term);
  }
}
