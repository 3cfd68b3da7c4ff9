/**
 * Exponential backoff with jitter: the one delay rule for everything in rosterd that
 * retries after a failure, the peer links' reconnects (peer-link.ts) and rosterctl's
 * rounds over its endpoints (cli/client.ts, cli/watch.ts). Each caller keeps its own
 * BackoffOptions; the arithmetic is here only. All durations in milliseconds.
 */
export interface BackoffOptions {
  /** Nominal delay before the first retry. */
  readonly initialMs: number;
  /** Ceiling of the nominal delay; no delay is longer. */
  readonly maxMs: number;
  /** Growth of the nominal delay per consecutive failure (2: doubling). */
  readonly multiplier: number;
  /**
   * The random part of each delay, a fraction in [0, 1]: a delay is drawn uniformly from
   * [(1 - jitter) * nominal, nominal]. 0 is no jitter; 0.5 is "equal jitter" (half fixed,
   * half random). Clients that failed together then retry apart.
   */
  readonly jitter: number;
}

/**
 * The peer links' reconnect backoff. A link redials one peer, and Raft retransmits
 * whatever a link dropped, so waiting up to 2 s costs a recovering peer little; a node
 * has only a few links, so a little jitter is enough to keep them apart.
 */
export const DEFAULT_BACKOFF: BackoffOptions = Object.freeze({ initialMs: 50, maxMs: 2000, multiplier: 2, jitter: 0.2 });

/**
 * The delay before retry number `attempt` (1-based: 1 is the first retry):
 * min(maxMs, initialMs * multiplier^(attempt - 1)), less up to `jitter` of it at random.
 * `random` returns values in [0, 1). The result is a whole number of milliseconds, never
 * more than maxMs and never negative.
 */
export function backoffDelayMs(attempt: number, o: BackoffOptions, random: () => number): number {
  const nominal = Math.min(o.maxMs, o.initialMs * o.multiplier ** Math.max(0, attempt - 1));
  return Math.max(0, Math.round(nominal * (1 - o.jitter * (1 - random()))));
}
