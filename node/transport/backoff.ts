/** Exponential backoff with jitter for reconnects. All durations in milliseconds. */
export interface BackoffOptions {
  /** First retry delay. Default 50 ms. */
  readonly initialMs: number;
  /** Ceiling of the delay. Default 2000 ms. */
  readonly maxMs: number;
  /** Growth per consecutive failure. Default 2. */
  readonly multiplier: number;
  /** Each delay is scaled by a random factor in [1 - jitter, 1 + jitter]. Default 0.2. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 50, maxMs: 2000, multiplier: 2, jitter: 0.2 };

/** The delay before retry number `attempt` (1-based); `random` returns [0, 1). */
export function backoffDelayMs(attempt: number, o: BackoffOptions, random: () => number): number {
  const base = Math.min(o.maxMs, o.initialMs * Math.pow(o.multiplier, Math.max(0, attempt - 1)));
  return Math.max(0, Math.round(base * (1 - o.jitter + 2 * o.jitter * random())));
}
