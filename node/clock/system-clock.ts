import type { Clock } from './clock.ts';

/**
 * The process's clock. Timers are unref'd: a node's liveness is decided by its servers
 * and signal handlers, never by a pending tick or lease timer.
 */
export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }

  monotonicMs(): number {
    return performance.now();
  }

  defer(fn: () => void): void {
    setImmediate(fn);
  }

  after(ms: number, fn: () => void): () => void {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  }

  every(ms: number, fn: () => void): () => void {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  }
}
