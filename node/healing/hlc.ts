/**
 * Hybrid logical clock timestamps (Kulkarni et al., "Logical Physical Clocks", 2014):
 * close to wall time, yet strictly increasing on each node and never behind a timestamp
 * the node has seen, so "earlier HLC wins" orders emergency writes the way people
 * expect while staying consistent with causality.
 *
 * Pure: the wall clock is an input. The driver persists the last timestamp issued and
 * restores it at start, so timestamps stay monotonic across restarts even if the wall
 * clock stepped back.
 */

/** A timestamp: wall milliseconds, then a counter for events within one millisecond. */
export interface Hlc {
  readonly wallMs: number;
  readonly logical: number;
}

export const HLC_ZERO: Hlc = Object.freeze({ wallMs: 0, logical: 0 });

/** Total order of timestamps: by wall time, then by counter. */
export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wallMs - b.wallMs || a.logical - b.logical;
}

/** ISO wall time plus the counter (`2026-12-06T10:00:00.000Z+3`), for logs and messages. */
export function formatHlc(t: Hlc): string {
  return `${new Date(t.wallMs).toISOString()}+${t.logical}`;
}

/** A remote timestamp too far ahead of this node's wall clock. */
export class ClockDriftError extends Error {
  override readonly name = 'ClockDriftError';
}

/**
 * The clock of one node. `maxDriftMs` bounds how far ahead of wall time it may be
 * pushed by a timestamp from elsewhere: a peer with a wildly wrong clock must not drag
 * every node's timestamps into the future.
 */
export class HybridClock {
  private last: Hlc;

  constructor(
    restored: Hlc,
    private readonly maxDriftMs: number,
  ) {
    this.last = restored;
  }

  /** The last timestamp issued or seen. */
  get latest(): Hlc {
    return this.last;
  }

  /** A new timestamp for a local event at wall time `wallMs`: larger than every earlier one. */
  now(wallMs: number): Hlc {
    const t = wallMs > this.last.wallMs ? { wallMs, logical: 0 } : { wallMs: this.last.wallMs, logical: this.last.logical + 1 };
    this.last = t;
    return t;
  }

  /**
   * Takes in a timestamp seen elsewhere (receive event): later local timestamps will be
   * larger. Throws ClockDriftError, changing nothing, when `remote` is more than
   * maxDriftMs ahead of `wallMs`.
   */
  observe(remote: Hlc, wallMs: number): void {
    if (remote.wallMs - wallMs > this.maxDriftMs) {
      throw new ClockDriftError(`a timestamp ${remote.wallMs - wallMs} ms ahead of this node's clock exceeds the bound of ${this.maxDriftMs} ms`);
    }
    if (compareHlc(remote, this.last) > 0) this.last = remote;
  }
}
