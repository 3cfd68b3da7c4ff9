/**
 * The membership and what one core knows of each member (etcd's tracker package): the
 * ConfState, a Progress per member (the leader's view of that member's log), the votes
 * of the election in progress, and the quorum questions asked of them: who won, whether
 * a quorum was heard from, which index a majority holds.
 */
import { Progress } from './progress.ts';
import { committedIndex, majority, voteOutcome, type VoteOutcome } from './quorum.ts';
import type { ConfState, NodeId, PeerStatus } from './types.ts';

/**
 * Members, progress and votes. The progress map is rebuilt from the membership on every
 * role change (reset) and kept in step with membership changes only while leading
 * (conf-change.ts); it means something only to a leader. Iteration follows the map's
 * insertion order (voters, learners, later additions), which fixes the order in which a
 * leader addresses its followers.
 */
export class ProgressTracker {
  /** Membership as of the applied index. */
  conf: ConfState;
  private readonly prs = new Map<NodeId, Progress>();
  private readonly votes = new Map<NodeId, boolean>();
  private readonly matchOf = (id: NodeId): number => this.prs.get(id)?.match ?? 0;

  constructor(
    private readonly self: NodeId,
    conf: ConfState,
    private readonly maxInflight: number,
  ) {
    this.conf = conf;
  }

  /** Forgets all progress and votes; every member starts over in probe at `next`. */
  reset(next: number): void {
    this.votes.clear();
    this.prs.clear();
    for (const v of this.conf.voters) this.prs.set(v, new Progress(v, next, false, this.maxInflight));
    for (const l of this.conf.learners) this.prs.set(l, new Progress(l, next, true, this.maxInflight));
  }

  /** `id`'s progress; undefined if it is not tracked (not a member, or removed). */
  get(id: NodeId): Progress | undefined {
    return this.prs.get(id);
  }

  /** Whether `id`'s progress is tracked. */
  has(id: NodeId): boolean {
    return this.prs.has(id);
  }

  /** Starts tracking `id` at `next` and returns its progress. */
  add(id: NodeId, next: number, learner: boolean): Progress {
    const pr = new Progress(id, next, learner, this.maxInflight);
    this.prs.set(id, pr);
    return pr;
  }

  /** Stops tracking `id` (a removed member). */
  delete(id: NodeId): void {
    this.prs.delete(id);
  }

  /** Every tracked member's progress, this node's own included, in insertion order. */
  all(): IterableIterator<Progress> {
    return this.prs.values();
  }

  /** Whether `id` is a voter in the membership. */
  isVoter(id: NodeId): boolean {
    return this.conf.voters.includes(id);
  }

  /** Whether this node is the only voter (it decides alone). */
  soleVoter(): boolean {
    return this.conf.voters.length === 1 && this.conf.voters[0] === this.self;
  }

  /** Records `id`'s answer in the election in progress. */
  recordVote(id: NodeId, granted: boolean): void {
    this.votes.set(id, granted);
  }

  /** Forgets the votes of the previous election (a pre-vote keeps the term, so reset does not run). */
  clearVotes(): void {
    this.votes.clear();
  }

  /** The election's outcome so far; answers from non-voters do not count. */
  tally(): VoteOutcome {
    return voteOutcome(this.conf.voters, this.votes);
  }

  /** The largest index a majority of voters hold durably: the leader's commit candidate (Raft §5.3). */
  committed(): number {
    return committedIndex(this.conf.voters, this.matchOf);
  }

  /** Whether a majority of voters (this node counted) was heard from in this check-quorum period. */
  quorumActive(): boolean {
    let active = 0;
    for (const v of this.conf.voters) {
      if (v === this.self || this.prs.get(v)?.recentActive) active++;
    }
    return active >= majority(this.conf.voters.length);
  }

  /** Whether a majority of voters (this node counted) are in `acks`. */
  quorumAcked(acks: ReadonlySet<NodeId>): boolean {
    const n = this.conf.voters.filter((v) => v === this.self || acks.has(v)).length;
    return n >= majority(this.conf.voters.length);
  }

  /** Counts every member as heard from (a new leader gives everyone a full period). */
  markAllActive(): void {
    for (const pr of this.prs.values()) pr.recentActive = true;
  }

  /** Starts a new check-quorum period: every other member is unheard until it answers. */
  resetActivity(): void {
    for (const pr of this.prs.values()) if (pr.id !== this.self) pr.recentActive = false;
  }

  /** The other members' progress, for Status. */
  peerStatuses(): PeerStatus[] {
    return [...this.prs.values()].filter((p) => p.id !== this.self).map((p) => p.status());
  }
}
