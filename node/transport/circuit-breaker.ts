/**
 * A per-peer circuit breaker: after `failureThreshold` consecutive failed connections
 * it opens for `cooldownMs`, during which messages to that peer are dropped at once
 * instead of queueing behind a dead connection; then one trial connection decides.
 */
export interface BreakerOptions {
  /** Consecutive failures that open the breaker. Default 5. */
  readonly failureThreshold: number;
  /** How long it stays open, in milliseconds. Default 3000. */
  readonly cooldownMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, cooldownMs: 3000 };

export type BreakerState = 'closed' | 'open' | 'halfOpen';

export class CircuitBreaker {
  private failures = 0;
  private openedAt = -Infinity;

  constructor(private readonly o: BreakerOptions, private readonly now: () => number) {}

  state(): BreakerState {
    if (this.failures < this.o.failureThreshold) return 'closed';
    return this.now() - this.openedAt < this.o.cooldownMs ? 'open' : 'halfOpen';
  }

  /** Whether a message may be queued / a connection attempted now. */
  allows(): boolean {
    return this.state() !== 'open';
  }

  success(): void {
    this.failures = 0;
  }

  failure(): void {
    this.failures++;
    if (this.failures >= this.o.failureThreshold) this.openedAt = this.now();
  }

  consecutiveFailures(): number {
    return this.failures;
  }
}
