/**
 * A leader's side of ReadIndex (Raft thesis §6.4): reads waiting for the first commit of
 * the leader's term, reads waiting for a quorum of heartbeat acknowledgements
 * (read-only.ts), when a heartbeat round for them is due, and answering or failing
 * them: this node's own reads through the Ready, a follower's by message. A follower
 * forwarding its reads to the leader and receiving the answers is raft.ts's.
 */
import type { RaftLog } from './log.ts';
import type { ProgressTracker } from './progress-tracker.ts';
import { ReadOnlyQueue } from './read-only.ts';
import type { ReadyTracker, Send } from './ready-tracker.ts';
import { NONE, type NodeId } from './types.ts';

/** The pending reads of one leadership; reset() fails them all when it ends. */
export class LeaderReads {
  private readonly confirming = new ReadOnlyQueue();
  /** Reads that arrived before this leader committed an entry of its term (thesis §6.4 step 1). */
  private awaitingCommit: { context: string; from: NodeId }[] = [];
  private roundDue = false;

  constructor(
    private readonly self: NodeId,
    private readonly log: RaftLog,
    private readonly tracker: ProgressTracker,
    private readonly output: ReadyTracker,
    private readonly send: Send,
  ) {}

  /** Whether a heartbeat round must go out to confirm newly queued reads. */
  get heartbeatDue(): boolean {
    return this.roundDue;
  }

  /**
   * A read from `from` (this node or a follower that forwarded it) reaches the leader of
   * `term`. Answered at the commit index once a quorum confirms the leadership; at once
   * if this node is the only voter; after the first commit of `term` if that is pending.
   */
  request(context: string, from: NodeId, term: number): void {
    if (this.log.term(this.log.committed) !== term) {
      this.awaitingCommit.push({ context, from });
      return;
    }
    if (this.tracker.soleVoter()) {
      this.answer(context, this.log.committed, from);
      return;
    }
    this.confirming.add(this.log.committed, context, from);
    this.roundDue = true;
  }

  /** The leader of `term` committed its first entry of the term: the reads that waited for it proceed. */
  termCommitted(term: number): void {
    const waiting = this.awaitingCommit;
    this.awaitingCommit = [];
    for (const r of waiting) this.request(r.context, r.from, term);
  }

  /** `from` answered a heartbeat carrying `context`: answer the reads up to it once a quorum has. */
  ack(from: NodeId, context: string): void {
    if (context === '') return;
    const acks = this.confirming.ack(from, context);
    if (!acks || !this.tracker.quorumAcked(acks)) return;
    for (const r of this.confirming.release(context)) this.answer(r.context, r.index, r.from);
  }

  /** The context a periodic heartbeat carries: the newest pending read's (acknowledged by this node), or ''. */
  heartbeatContext(): string {
    return this.selfAck(this.confirming.last() ?? '');
  }

  /** If a round is due, ends it and returns the context its heartbeat carries (acknowledged by this node). */
  takeDueRound(): string | undefined {
    if (!this.roundDue) return undefined;
    this.roundDue = false;
    const context = this.confirming.last();
    return context === undefined ? undefined : this.selfAck(context);
  }

  /**
   * The leadership ended (or the core changed term or role): every pending read fails,
   * this node's into Ready.readFailures, a follower's by a rejection.
   */
  reset(): void {
    this.roundDue = false;
    const pending: { context: string; from: NodeId }[] = [...this.awaitingCommit, ...this.confirming.drain()];
    this.awaitingCommit = [];
    for (const r of pending) {
      if (r.from === this.self) this.output.readFailure({ context: r.context, leader: NONE });
      else this.send({ type: 'readIndexResp', to: r.from, index: 0, context: r.context, reject: true });
    }
  }

  private selfAck(context: string): string {
    if (context !== '') this.confirming.ack(this.self, context);
    return context;
  }

  private answer(context: string, index: number, from: NodeId): void {
    if (from === this.self) this.output.readState({ index, context });
    else this.send({ type: 'readIndexResp', to: from, index, context, reject: false });
  }
}
