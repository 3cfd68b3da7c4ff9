/**
 * The Ready bookkeeping of one core: the output collected between two Readys, what the
 * driver last saw of the hard and soft state, the one-outstanding-Ready contract, and
 * the log's side of handing a Ready out, accepting it and learning it is durable. What
 * an accepted or durable Ready means for roles, membership and commitment is raft.ts's.
 */
import type { RaftLog } from './log.ts';
import type { HardState, Message, NodeId, ReadFailure, ReadState, Ready, Role, SoftState } from './types.ts';

/** A message before the core fills in `from` and (unless given) `term`. */
export type Outgoing = Message extends infer M ? (M extends Message ? Omit<M, 'from' | 'term'> & { term?: number } : never) : never;

/** Stamps an Outgoing message with the sender's id and term and queues it for the next Ready. */
export type Send = (m: Outgoing) => void;

/**
 * Messages that promise durability of the sender's state (a vote, an acknowledged
 * append, a candidate's own term and vote) wait until the Ready is persisted; the rest
 * (a leader's replication, heartbeats, reads) may go out in parallel (thesis §10.2.1).
 */
const AFTER_PERSIST: ReadonlySet<Message['type']> = new Set(['vote', 'voteResp', 'appResp']);

/**
 * Collects a core's output until the driver asks for it, and enforces that at most one
 * Ready is outstanding: between take() and accept() the core must take no input.
 */
export class ReadyTracker {
  private msgs: Message[] = [];
  private persistedMsgs: Message[] = [];
  private readStates: ReadState[] = [];
  private readFailures: ReadFailure[] = [];
  private prevHard: HardState;
  private prevSoft: SoftState;
  private handedOut = false;

  /**
   * `durable` and `soft` are what the driver is taken to know already: the first Ready
   * carries whatever differs from them (e.g. a bootstrap's term and commit).
   */
  constructor(
    private readonly log: RaftLog,
    private readonly maxCommittedBytesPerReady: number,
    durable: HardState,
    soft: SoftState,
  ) {
    this.prevHard = durable;
    this.prevSoft = soft;
  }

  /** Whether a Ready was handed out and not yet accepted. */
  get outstanding(): boolean {
    return this.handedOut;
  }

  /** Throws while a Ready is outstanding: the driver queues inputs until it accepts it. */
  assertNoReady(): void {
    if (this.handedOut) throw new Error('raft: call advance() before giving the core new input');
  }

  /** Queues a complete message: in persistedMessages if it promises durable state, else in messages. */
  send(m: Message): void {
    if (AFTER_PERSIST.has(m.type)) this.persistedMsgs.push(m);
    else this.msgs.push(m);
  }

  /** Queues the answer to a read this node asked for (serve once applied >= index). */
  readState(rs: ReadState): void {
    this.readStates.push(rs);
  }

  /** Queues the failure of a read this node asked for. */
  readFailure(f: ReadFailure): void {
    this.readFailures.push(f);
  }

  /**
   * Acknowledgements wait in persistedMessages until the next Ready is written. If the
   * log is cut at `from` before then, acks for entries at or past the cut would promise
   * entries that will never reach the disk (Raft Figure 2: respond only after
   * persisting): drop them; the old leader learns the truth from its next probe.
   */
  dropUnwrittenAcks(from: number): void {
    this.persistedMsgs = this.persistedMsgs.filter((m) => m.type !== 'appResp' || m.reject || m.index < from);
  }

  /** Whether messages, reads or log work (entries, a snapshot, committed entries) wait to be handed out. */
  hasOutput(): boolean {
    return (
      this.msgs.length > 0 ||
      this.persistedMsgs.length > 0 ||
      this.readStates.length > 0 ||
      this.readFailures.length > 0 ||
      this.log.hasEntriesToPersist() ||
      this.log.snapshotToPersist() !== undefined ||
      this.log.hasNextCommittedEntries()
    );
  }

  /** Whether the hard state (term, vote, and the log's commit index) differs from the last one handed out. */
  hardChanged(term: number, vote: NodeId): boolean {
    return this.prevHard.term !== term || this.prevHard.vote !== vote || this.prevHard.commit !== this.log.committed;
  }

  /** Whether the soft state differs from the last one handed out. */
  softChanged(leader: NodeId, role: Role): boolean {
    return this.prevSoft.leader !== leader || this.prevSoft.role !== role;
  }

  /**
   * Hands out everything collected, with `hard` and `soft` only where they changed, and
   * marks the Ready outstanding. The caller has checked assertNoReady().
   */
  take(hard: HardState, soft: SoftState): Ready {
    const snapshot = this.log.snapshotToPersist();
    const rd: Ready = {
      ...(this.softChanged(soft.leader, soft.role) ? { softState: soft } : {}),
      ...(this.hardChanged(hard.term, hard.vote) ? { hardState: hard } : {}),
      ...(snapshot ? { snapshot } : {}),
      entries: this.log.entriesToPersist(),
      committedEntries: this.log.nextCommittedEntries(this.maxCommittedBytesPerReady),
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
    this.handedOut = true;
    return rd;
  }

  /**
   * The driver took `rd` (its write may be in flight) and applied rd.committedEntries:
   * the log stops handing those entries out and counts them applied. Throws if no Ready
   * is outstanding.
   */
  accept(rd: Ready): void {
    if (!this.handedOut) throw new Error('raft: acceptReady() without an outstanding ready()');
    this.handedOut = false;
    const lastEntry = rd.entries[rd.entries.length - 1];
    this.log.acceptInProgress(lastEntry?.index ?? 0, rd.snapshot !== undefined);
    if (rd.snapshot) this.log.appliedTo(rd.snapshot.meta.index);
    const lastCommitted = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastCommitted) this.log.appliedTo(lastCommitted.index);
  }

  /**
   * rd's write is durable: the log marks its snapshot and entries stable (entries
   * replaced since are recognised by their term and stay unstable).
   */
  persisted(rd: Ready): void {
    if (rd.snapshot) this.log.stableSnapshotTo(rd.snapshot.meta.index);
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry) this.log.stableTo(lastEntry.index, lastEntry.term);
  }
}
