/**
 * Time and scheduling as a driver sees them. Every driver in node/ (the replica's loop,
 * its write pipeline, snapshotter and timers) takes one of these instead of calling
 * Date.now, performance.now, setImmediate or setInterval itself, so that the same code
 * runs under the simulation's ManualClock.
 *
 * Callbacks run on the caller's thread, one at a time; a callback that throws is a bug
 * in the caller (the clock does not catch it).
 */
export interface Clock {
  /** Wall-clock milliseconds since the Unix epoch: timestamps people read. */
  nowMs(): number;
  /** Monotonic milliseconds from an arbitrary origin: durations only. */
  monotonicMs(): number;
  /**
   * Runs `fn` once, after the current turn (setImmediate): work that must not run inside
   * the caller's stack but should not wait for a timer either. FIFO.
   */
  defer(fn: () => void): void;
  /** Runs `fn` once after `ms` milliseconds; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Runs `fn` every `ms` milliseconds until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}
