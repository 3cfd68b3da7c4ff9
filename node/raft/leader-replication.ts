/**
 * A leader's side of log replication (Raft §5.3, §7): what to send each follower
 * (AppendEntries bounded by maxMessageBytes, pipelined within the inflight window;
 * chunked InstallSnapshot when the entries it lacks are compacted; heartbeats) and how
 * its answers move its Progress between probe, replicate and snapshot. Commitment,
 * ReadIndex and leadership transfer, which these answers also feed, are leadership.ts's.
 */
import type { RaftLog } from './log.ts';
import type { Progress } from './progress.ts';
import type { ProgressTracker } from './progress-tracker.ts';
import type { Send } from './ready-tracker.ts';
import { CompactedError } from './storage.ts';
import type { Entry, Message, NodeId } from './types.ts';

/** Sends a leader's replication traffic through `send`, reading and updating `tracker`. */
export class LeaderReplication {
  private broadcastDue = false;

  constructor(
    private readonly self: NodeId,
    private readonly log: RaftLog,
    private readonly tracker: ProgressTracker,
    private readonly maxMessageBytes: number,
    private readonly snapshotChunkBytes: number,
    private readonly send: Send,
  ) {}

  /** Whether new entries wait to be sent to the followers (at the next flush). */
  get due(): boolean {
    return this.broadcastDue;
  }

  /** New entries or a new membership: send followers what they lack at the next flush. */
  markDue(): void {
    this.broadcastDue = true;
  }

  /** Forgets a pending broadcast (the role or term changed). */
  clear(): void {
    this.broadcastDue = false;
  }

  /**
   * If a broadcast is due, sends every follower what its window allows. Only new entries
   * are sent: a commit index alone rides on the next append or heartbeat (which carries
   * min(match, commit)), so a commit costs followers no extra round of work; a ReadIndex
   * round's heartbeat carries it at once. The exception is a follower waiting to apply a
   * write it forwarded (Progress.commitWanted): it gets an empty append carrying the
   * commit now, not a heartbeat interval later.
   */
  flush(): void {
    if (!this.broadcastDue) return;
    this.broadcastDue = false;
    for (const pr of this.tracker.all()) {
      if (pr.id === this.self) continue;
      this.fillPipeline(pr.id, pr);
      if (this.owesCommit(pr)) this.sendAppend(pr.id, true);
    }
  }

  /** Whether pr forwarded an entry that is committed and was sent to it, but was not told of the commit. */
  private owesCommit(pr: Progress): boolean {
    return pr.commitWanted !== 0 && pr.commitWanted <= this.log.committed && pr.state === 'replicate' && pr.next - 1 >= pr.commitWanted;
  }

  /** Sends `to` appends until its window is full or it has everything (keeps the pipeline full). */
  fillPipeline(to: NodeId, pr: Progress): void {
    while (this.sendAppend(to, false)) {
      if (pr.state !== 'replicate') break;
    }
  }

  /** Sends every follower a heartbeat carrying `context` ('' when no read waits). */
  heartbeat(context: string): void {
    for (const pr of this.tracker.all()) {
      if (pr.id === this.self) continue;
      const commit = Math.min(pr.match, this.log.committed);
      if (commit >= pr.commitWanted) pr.commitWanted = 0;
      this.send({ type: 'heartbeat', to: pr.id, commit, context });
    }
  }

  /**
   * Sends the follower what it lacks from pr.next on, bounded by maxMessageBytes; a
   * snapshot if that part of the log is compacted. Returns whether anything was sent.
   */
  sendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.tracker.get(to);
    if (!pr || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = this.log.term(prevIndex);
    if (prevTerm === undefined) return this.startSnapshot(to, pr);
    let entries: Entry[];
    try {
      entries = this.log.entriesFrom(pr.next, this.maxMessageBytes);
    } catch (e) {
      if (e instanceof CompactedError) return this.startSnapshot(to, pr);
      throw e;
    }
    if (entries.length === 0 && !sendIfEmpty) return false;
    this.send({ type: 'app', to, index: prevIndex, logTerm: prevTerm, entries, commit: this.log.committed });
    // The follower commits up to min(commit, the append's last index).
    if (pr.commitWanted !== 0 && Math.min(this.log.committed, prevIndex + entries.length) >= pr.commitWanted) pr.commitWanted = 0;
    const last = entries[entries.length - 1];
    if (pr.state === 'replicate') {
      if (last) pr.sentEntries(last.index);
    } else {
      pr.probeSent = true;
    }
    return true;
  }

  /**
   * Moves pr on an AppendEntries answer. A rejection backs pr.next off (by the follower's
   * hint: fast back-off) and probes again. Returns true when an acceptance moved the
   * follower on (or confirmed a probe): the caller then checks commitment and refills
   * the pipeline with fillPipeline(), in that order, so the appends carry the new commit.
   */
  handleAppendResponse(m: Extract<Message, { type: 'appResp' }>, pr: Progress): boolean {
    if (m.reject) {
      let next = m.hintIndex;
      if (m.hintTerm > 0) next = this.log.findConflictByTerm(m.hintIndex, m.hintTerm).index;
      if (pr.maybeDecrTo(m.index, next)) {
        if (pr.state === 'replicate') pr.becomeProbe();
        this.sendAppend(m.from, true);
      }
      return false;
    }
    // A probe answered at the index we already knew still proves where the follower is.
    const probeConfirmed = pr.state === 'probe' && m.index === pr.match;
    if (!pr.maybeUpdate(m.index) && !probeConfirmed) return false;
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
    return true;
  }

  /** A heartbeat answer proves `from` alive: unblock it and send what it lacks. */
  handleHeartbeatResponse(from: NodeId, pr: Progress): void {
    pr.probeSent = false;
    if (pr.state === 'replicate' && pr.inflightFull()) pr.freeFirst();
    if (pr.state === 'snapshot') this.retrySnapshotChunk(from, pr);
    else if (pr.match < this.log.lastIndex()) this.sendAppend(from, true);
  }

  /**
   * One chunk in flight at a time. An answer naming the offset we already know is the
   * echo of a duplicate and changes nothing (resending on it would cascade duplicates);
   * any other offset is where the follower stands, so the next chunk starts there.
   */
  handleSnapshotResponse(m: Extract<Message, { type: 'snapResp' }>, pr: Progress): void {
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
    const end = Math.min(offset + this.snapshotChunkBytes, snap.data.length);
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
}
