import type { Logger } from 'pino';
import type { Entry } from '../raft/types.ts';

/** One applied log entry, as watchers see it (after it is durable here). */
export interface AppliedEvent<R> {
  readonly entry: Entry;
  /** The apply result for client commands; absent for no-ops and membership changes. */
  readonly result?: R;
}

/** What a watcher is told after each batch is applied: entries in log order, or a snapshot install. */
export type AppliedBatch<R> = { readonly kind: 'entries'; readonly events: readonly AppliedEvent<R>[] } | { readonly kind: 'snapshot'; readonly index: number };

/**
 * Fan-out of applied batches to watchers (the Watch streams). Listeners run on the
 * driver's loop: they must be quick; one that throws is logged and the others still run.
 */
export class AppliedFeed<R> {
  private readonly listeners = new Set<(b: AppliedBatch<R>) => void>();

  constructor(private readonly log: Logger) {}

  subscribe(listener: (b: AppliedBatch<R>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether anyone listens (the driver skips building batches for nobody). */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  publish(b: AppliedBatch<R>): void {
    for (const l of this.listeners) {
      try {
        l(b);
      } catch (e) {
        this.log.error({ err: (e as Error).message }, 'an applied-entries listener threw; ignored');
      }
    }
  }
}
