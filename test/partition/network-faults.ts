/**
 * The network faults a nemesis injects, whatever injects them: iptables rules in each
 * facility's network namespace (netns.ts, through deploy/netns/cluster.sh) or a
 * Toxiproxy server between the facilities (toxiproxy.ts). Nemeses are written against
 * this interface only, so every backend runs the same scenarios.
 */

/** Latency, jitter, loss and reordering of a facility's outgoing traffic. */
export interface NetemSpec {
  readonly delayMs: number;
  readonly jitterMs: number;
  readonly lossPct: number;
  readonly reorderPct: number;
}

export interface NetworkFaults {
  /** The backend's name, for reports. */
  readonly name: string;
  /** Drops all traffic between facilities `a` and `b`, both ways. */
  cut(a: string, b: string): Promise<void>;
  /** Cuts facility `id` off from every other facility. */
  isolate(id: string): Promise<void>;
  /** Ends the partitions of `ids` (all facilities when none are named). */
  heal(...ids: string[]): Promise<void>;
  /** Degrades facility `id`'s outgoing traffic (a backend may apply only part of the spec; it says which in its doc). */
  netem(id: string, spec: NetemSpec): Promise<void>;
  /** Ends the degradation of `ids` (all facilities when none are named). */
  netemClear(...ids: string[]): Promise<void>;
}
