import type { NodeId } from '../raft/types.ts';

/** One row of a node's view of the links: who it hears from, as of when. */
export interface LinkView {
  readonly peer: NodeId;
  /** Whether anything from `peer` arrived within the window. */
  readonly inbound: boolean;
  /** Whether `peer`'s latest report (within the window) says it hears this node. */
  readonly outbound: boolean;
  /** Monotonic ms since anything arrived from `peer`; -1 if never. */
  readonly lastHeardAgoMs: number;
}

/**
 * Which peers a node can reach, from what arrives: any frame from a peer proves the
 * peer reaches us (inbound); each peer's periodic probe lists whom it hears, which
 * proves we reach it (outbound). A link counts only both ways, within `windowMs`: a
 * follower hears only its leader in Raft's own traffic, so the probes are what tell it
 * about the other followers.
 *
 * Pure: times are inputs (monotonic milliseconds).
 */
export class Reachability {
  private readonly heardAt = new Map<NodeId, number>();
  private readonly reports = new Map<NodeId, { readonly at: number; readonly hears: ReadonlySet<NodeId> }>();

  constructor(
    private readonly self: NodeId,
    private readonly windowMs: number,
  ) {}

  /** Something arrived from `peer` at `nowMs`. */
  heard(peer: NodeId, nowMs: number): void {
    this.heardAt.set(peer, nowMs);
  }

  /** `peer`'s probe arrived at `nowMs`: it hears `hears` (and, having sent it, reaches us). */
  report(peer: NodeId, hears: readonly NodeId[], nowMs: number): void {
    this.heardAt.set(peer, nowMs);
    this.reports.set(peer, { at: nowMs, hears: new Set(hears) });
  }

  /** The peers heard from within the window: what this node's own probe reports. */
  hearing(nowMs: number): NodeId[] {
    return [...this.heardAt].filter(([, at]) => nowMs - at <= this.windowMs).map(([p]) => p).sort();
  }

  /** The view of the link to each of `peers`. */
  links(peers: readonly NodeId[], nowMs: number): LinkView[] {
    return peers
      .filter((p) => p !== this.self)
      .map((peer) => {
        const at = this.heardAt.get(peer);
        const r = this.reports.get(peer);
        return {
          peer,
          inbound: at !== undefined && nowMs - at <= this.windowMs,
          outbound: r !== undefined && nowMs - r.at <= this.windowMs && r.hears.has(this.self),
          lastHeardAgoMs: at === undefined ? -1 : nowMs - at,
        };
      });
  }

  /** The peers among `peers` reachable both ways now. */
  reachable(peers: readonly NodeId[], nowMs: number): Set<NodeId> {
    return new Set(this.links(peers, nowMs).filter((l) => l.inbound && l.outbound).map((l) => l.peer));
  }
}
