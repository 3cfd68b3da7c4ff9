import type { NodeId } from './types.ts';

/** A ReadIndex request waiting for a quorum of heartbeat acknowledgements (Raft thesis §6.4). */
export interface PendingRead {
  readonly context: string;
  /** The leader's commit index when the request arrived: the read must see at least this. */
  readonly index: number;
  /** Who asked: the leader itself (a local client) or a follower that forwarded it. */
  readonly from: NodeId;
  readonly acks: Set<NodeId>;
}

/**
 * The leader's queue of ReadIndex requests. Contexts must be unique per attempt (the
 * driver makes a fresh one on every retry); an acknowledgement of a later request
 * confirms every earlier one too, since heartbeats are answered in order of leadership.
 */
export class ReadOnlyQueue {
  private readonly byContext = new Map<string, PendingRead>();
  private readonly queue: string[] = [];

  add(index: number, context: string, from: NodeId): void {
    if (this.byContext.has(context)) return;
    this.byContext.set(context, { context, index, from, acks: new Set() });
    this.queue.push(context);
  }

  /** Records an acknowledgement; returns the acks so far, or undefined for an unknown context. */
  ack(from: NodeId, context: string): ReadonlySet<NodeId> | undefined {
    const p = this.byContext.get(context);
    if (!p) return undefined;
    p.acks.add(from);
    return p.acks;
  }

  /** Removes and returns every request up to and including `context`. */
  release(context: string): PendingRead[] {
    const at = this.queue.indexOf(context);
    if (at < 0) return [];
    const done = this.queue.splice(0, at + 1);
    return done.map((c) => {
      const p = this.byContext.get(c)!;
      this.byContext.delete(c);
      return p;
    });
  }

  /** The newest request's context: the one to piggyback on the next heartbeat. */
  last(): string | undefined {
    return this.queue[this.queue.length - 1];
  }

  /** Removes and returns every pending request (leadership lost). */
  drain(): PendingRead[] {
    const all = this.queue.map((c) => this.byContext.get(c)!);
    this.queue.length = 0;
    this.byContext.clear();
    return all;
  }

  get size(): number {
    return this.queue.length;
  }
}
