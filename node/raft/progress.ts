import type { PeerStatus, ProgressState, NodeId } from './types.ts';

/**
 * The leader's view of one follower's log (Raft thesis §3.5; the probe / replicate /
 * snapshot states follow etcd's tracker). Owned by the core; drivers only read PeerStatus.
 */
export class Progress {
  /** Highest index known durable on the follower. */
  match = 0;
  /** Next index to send. */
  next: number;
  state: ProgressState = 'probe';
  /** Probe: one AppendEntries is out; wait for its answer or a heartbeat answer. */
  probeSent = false;
  /** Snapshot: the index of the image being sent, and the bytes the follower acknowledged. */
  pendingSnapshot = 0;
  snapshotOffset = 0;
  /** Snapshot: one chunk is out, and how many heartbeat answers came since without progress. */
  snapshotChunkInFlight = false;
  snapshotStalls = 0;
  /** Heard from within the current check-quorum period. */
  recentActive = false;
  /**
   * The highest index of an entry this follower forwarded (a 'prop') whose commit it has
   * not been sent yet; 0 for none. A forwarder answers its client only once it applies
   * the entry, and no commit would otherwise reach it before the next append or
   * heartbeat (a heartbeat interval, when it has nothing else coming).
   */
  commitWanted = 0;
  /** Last indexes of AppendEntries in flight (replicate state), oldest first; bounded. */
  private readonly inflight: number[] = [];

  constructor(
    readonly id: NodeId,
    next: number,
    public learner: boolean,
    private readonly maxInflight: number,
  ) {
    this.next = next;
  }

  becomeProbe(): void {
    // Leaving snapshot: the follower holds at least the image's index once it is done.
    this.next = this.state === 'snapshot' ? Math.max(this.match + 1, this.pendingSnapshot + 1) : this.match + 1;
    this.resetState('probe');
  }

  becomeReplicate(): void {
    this.next = this.match + 1;
    this.resetState('replicate');
  }

  becomeSnapshot(index: number): void {
    this.resetState('snapshot');
    this.pendingSnapshot = index;
  }

  private resetState(state: ProgressState): void {
    this.state = state;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.snapshotOffset = 0;
    this.snapshotChunkInFlight = false;
    this.snapshotStalls = 0;
    this.inflight.length = 0;
  }

  /** An acknowledgement of index n; returns whether match advanced. */
  maybeUpdate(n: number): boolean {
    const updated = this.match < n;
    if (updated) {
      this.match = n;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  /**
   * A rejection of the append after `rejected`; `hint` is the highest index that may
   * still match. Returns false for stale rejections (already superseded).
   */
  maybeDecrTo(rejected: number, hint: number): boolean {
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, hint + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }

  /** Records an AppendEntries whose last entry is `last` as in flight. */
  sentEntries(last: number): void {
    this.next = last + 1;
    this.inflight.push(last);
  }

  /** Frees the in-flight slots acknowledged by `index`. */
  freeUpTo(index: number): void {
    let n = 0;
    while (n < this.inflight.length && this.inflight[n]! <= index) n++;
    if (n > 0) this.inflight.splice(0, n);
  }

  /** A heartbeat answer proves the follower is alive: let one more append through. */
  freeFirst(): void {
    this.inflight.shift();
  }

  inflightFull(): boolean {
    return this.inflight.length >= this.maxInflight;
  }

  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.inflightFull();
      case 'snapshot':
        return true;
    }
  }

  status(): PeerStatus {
    return {
      id: this.id,
      match: this.match,
      next: this.next,
      state: this.state,
      learner: this.learner,
      recentActive: this.recentActive,
    };
  }
}
