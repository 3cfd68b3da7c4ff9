/**
 * A follower's side of log replication (Raft §5.3, §7): accepting or rejecting
 * AppendEntries (with the fast back-off hint), taking the commit index a heartbeat
 * carries, and reassembling and installing a chunked snapshot. Which role and leader
 * these messages imply, and the election timer they reset, are raft.ts's.
 */
import type { RaftLog } from './log.ts';
import type { ProgressTracker } from './progress-tracker.ts';
import type { ReadyTracker, Send } from './ready-tracker.ts';
import { SnapshotReceiver } from './snapshot-receiver.ts';
import type { Message, Snapshot } from './types.ts';

/** Answers the leader's replication traffic through `send`, writing the log and, on a snapshot, the membership. */
export class FollowerReplication {
  private readonly snapshotIn = new SnapshotReceiver();

  constructor(
    private readonly log: RaftLog,
    private readonly tracker: ProgressTracker,
    private readonly output: ReadyTracker,
    private readonly send: Send,
  ) {}

  /** AppendEntries: appends what is new if our log matches at (m.index, m.logTerm), and answers. */
  handleAppend(m: Extract<Message, { type: 'app' }>): void {
    if (m.index < this.log.committed) {
      this.send({ type: 'appResp', to: m.from, index: this.log.committed, reject: false, hintIndex: 0, hintTerm: 0 });
      return;
    }
    const appended = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (appended !== undefined) {
      if (appended.truncatedFrom !== undefined) this.output.dropUnwrittenAcks(appended.truncatedFrom);
      this.send({ type: 'appResp', to: m.from, index: appended.lastNew, reject: false, hintIndex: 0, hintTerm: 0 });
      return;
    }
    // Fast back-off: point the leader at the last index of a term it may share with us.
    const hint = this.log.findConflictByTerm(Math.min(m.index, this.log.lastIndex()), m.logTerm);
    this.send({ type: 'appResp', to: m.from, index: m.index, reject: true, hintIndex: hint.index, hintTerm: hint.term });
  }

  /** A heartbeat: commits up to the index it carries, and answers with its read context. */
  handleHeartbeat(m: Extract<Message, { type: 'heartbeat' }>): void {
    // The leader sends min(match, commit), so this never exceeds what we hold.
    if (m.commit > this.log.committed && m.commit <= this.log.lastIndex()) this.log.commitTo(m.commit);
    this.send({ type: 'heartbeatResp', to: m.from, context: m.context });
  }

  /** One InstallSnapshot chunk: answers with the offset reached, or installs the completed image. */
  handleSnapshotChunk(m: Extract<Message, { type: 'snap' }>): void {
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
    this.output.dropUnwrittenAcks(0);
    this.log.restore(snap);
    this.tracker.conf = snap.meta.conf;
  }
}
