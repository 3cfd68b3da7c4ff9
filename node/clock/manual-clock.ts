import type { Clock } from './clock.ts';

interface Timer {
  /** Mutable: a periodic timer is re-armed in place, so its cancel function stays valid. */
  due: number;
  seq: number;
  readonly scope: number;
  readonly fn: () => void;
  /** Repeat period for every(); undefined for after(). */
  readonly period: number | undefined;
  cancelled: boolean;
}

/** A Clock whose work can be dropped at once: a crashed process's timers die with it. */
export interface ClockScope extends Clock {
  /** Cancels every timer and deferred call of this scope, now and later. */
  dispose(): void;
  readonly disposed: boolean;
}

/**
 * The in-memory twin of SystemClock: time moves only when advanced, and deferred work
 * runs only when run. Everything is ordered deterministically (timers by due time, then
 * by creation; deferred calls FIFO), so a seeded run replays exactly.
 *
 * Work belongs to a scope (scope()): the simulation gives each simulated process its
 * own and disposes it on a crash, so nothing of the dead process runs afterwards.
 */
export class ManualClock {
  private now = 0;
  private seq = 0;
  private nextScope = 0;
  private readonly timers: Timer[] = [];
  private deferred: { scope: number; fn: () => void }[] = [];
  private readonly disposedScopes = new Set<number>();

  /**
   * @param wallOffsetMs  added to the clock's time for nowMs(): the wall clock the
   *   simulated processes read (monotonicMs() starts at 0).
   */
  constructor(private readonly wallOffsetMs = 0) {}

  /** Milliseconds advanced so far. */
  get elapsedMs(): number {
    return this.now;
  }

  /** A fresh scope: a Clock for one simulated process. */
  scope(): ClockScope {
    const id = this.nextScope++;
    const clock = this;
    return {
      nowMs: () => clock.now + clock.wallOffsetMs,
      monotonicMs: () => clock.now,
      defer: (fn) => {
        if (!clock.disposedScopes.has(id)) clock.deferred.push({ scope: id, fn });
      },
      after: (ms, fn) => clock.addTimer(id, Math.max(0, ms), fn, undefined),
      every: (ms, fn) => clock.addTimer(id, Math.max(1, ms), fn, Math.max(1, ms)),
      dispose: () => {
        clock.disposedScopes.add(id);
      },
      get disposed() {
        return clock.disposedScopes.has(id);
      },
    };
  }

  /**
   * Moves time forward to `now + ms`, firing every timer due on the way in order (time
   * stands at each timer's due time while it runs). Deferred work is not run: call
   * runDeferred() when the caller wants it.
   */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.now = next.due;
      const fn = next.fn;
      if (next.period !== undefined) {
        next.due += next.period;
        next.seq = this.seq++;
        this.insert(next);
      }
      fn();
    }
    this.now = target;
  }

  /** Runs deferred work (and what it defers in turn) until none is left, or `limit` calls. */
  runDeferred(limit = 1_000_000): number {
    let ran = 0;
    while (this.deferred.length > 0) {
      const batch = this.deferred;
      this.deferred = [];
      for (const d of batch) {
        if (this.disposedScopes.has(d.scope)) continue;
        if (++ran > limit) throw new Error(`ManualClock: more than ${limit} deferred calls without going idle`);
        d.fn();
      }
    }
    return ran;
  }

  /** Deferred calls waiting to run. */
  pendingDeferred(): number {
    return this.deferred.length;
  }

  private addTimer(scope: number, delay: number, fn: () => void, period: number | undefined): () => void {
    if (this.disposedScopes.has(scope)) return () => {};
    const t: Timer = { due: this.now + delay, seq: this.seq++, scope, fn, period, cancelled: false };
    this.insert(t);
    return () => {
      t.cancelled = true;
    };
  }

  private insert(t: Timer): void {
    // Kept sorted by (due, seq); timers are few (a handful per process).
    let i = this.timers.length;
    while (i > 0 && (this.timers[i - 1]!.due > t.due || (this.timers[i - 1]!.due === t.due && this.timers[i - 1]!.seq > t.seq))) i--;
    this.timers.splice(i, 0, t);
  }

  private nextDue(target: number): Timer | undefined {
    while (this.timers.length > 0) {
      const t = this.timers[0]!;
      if (t.due > target) return undefined;
      this.timers.shift();
      if (t.cancelled || this.disposedScopes.has(t.scope)) continue;
      return t;
    }
    return undefined;
  }
}
