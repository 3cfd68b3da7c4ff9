import type { Clock } from '../clock/clock.ts';
import { NONE, type Message, type NodeId, type Role } from '../raft/types.ts';

/** What a change of the core's soft state means to the driver. */
export interface LeadershipChange {
  /** This node led and no longer does. */
  readonly lost: boolean;
  /** The leader this node follows (or is) changed. */
  readonly leaderChanged: boolean;
}

/**
 * Who leads, as this node last saw it (Ready.softState), and when it last heard from a
 * leader. Listeners hear of every change.
 */
export class Leadership {
  role: Role = 'follower';
  leader: NodeId = NONE;
  /** Wall-clock ms of the last message from the leader (or of becoming leader); -1: never. */
  private lastContactMs = -1;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  /** Records Ready.softState; returns what changed. */
  update(role: Role, leader: NodeId): LeadershipChange {
    const change = { lost: this.role === 'leader' && role !== 'leader', leaderChanged: leader !== this.leader };
    this.role = role;
    this.leader = leader;
    if (leader !== NONE) this.lastContactMs = this.clock.nowMs();
    for (const l of [...this.listeners]) l();
    return change;
  }

  /** A message arrived: a leader's (append, heartbeat, snapshot) counts as contact. */
  heard(m: Message): void {
    if (m.from === this.leader || m.type === 'app' || m.type === 'heartbeat' || m.type === 'snap') this.lastContactMs = this.clock.nowMs();
  }

  /** Milliseconds since a leader was last heard from (0 on the leader, -1 if never). */
  msSinceContact(): number {
    if (this.role === 'leader') return 0;
    return this.lastContactMs < 0 ? -1 : this.clock.nowMs() - this.lastContactMs;
  }

  /** Calls `fn` after every change; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
