import type { Logger } from 'pino';
import type { Clock } from '../clock/clock.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import type { ConfState } from '../raft/types.ts';
import type { Completion, DurableLog } from '../storage/durable-log.ts';
import type { ReplicatedMachine } from './replicated-machine.ts';
import type { WritePipeline } from './write-pipeline.ts';

export interface SnapshotterOptions {
  readonly storage: DurableLog;
  readonly pipeline: WritePipeline;
  /** The term of the log entry at `index`, durable or not (the core's log); undefined if absent. */
  readonly termAt: (index: number) => number | undefined;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics?: NodeMetrics;
  /** Take a snapshot once this many entries were applied since the last one. */
  readonly snapshotEntries: number;
  /** Entries kept behind a snapshot, so a briefly lagging follower needs no image. */
  readonly keepEntries: number;
  /** The node is stopping: an image encoded or written meanwhile is not recorded (the log still holds everything). */
  readonly stopping: () => boolean;
}

/** Where a snapshot landed. */
export interface SnapshotTaken {
  readonly index: number;
  readonly bytes: number;
}

/**
 * The snapshot policy and the taking of local snapshots (Raft §7): when enough entries
 * were applied, capture the state (cheap: the records are immutable), encode it a slice
 * per turn of the loop while the loop goes on, write the image to its own file while
 * log writes go on, then record it (naming the image) and compact the log as a pipeline
 * task behind the writes before it, so the entries it covers are durable first.
 * Encoding tens of megabytes in one go would hold the loop past an election timeout;
 * writing them as a pipeline task would hold every client write queued behind it.
 */
export class Snapshotter {
  /** The index of the latest snapshot, taken here or installed from the leader. */
  private index: number;
  private taking = false;

  constructor(private readonly o: SnapshotterOptions) {
    this.index = o.storage.snapshot().meta.index;
  }

  get snapshotIndex(): number {
    return this.index;
  }

  /** Whether a snapshot should be taken now that `applied` entries are applied. */
  due(applied: number): boolean {
    return !this.taking && applied - this.index >= this.o.snapshotEntries;
  }

  /** A snapshot from the leader replaced the state. */
  installed(index: number): void {
    this.index = Math.max(this.index, index);
  }

  /** Takes a snapshot of `state`, which has applied exactly `applied` entries with membership `conf`. */
  take(state: ReplicatedMachine, applied: number, conf: ConfState, done: Completion<SnapshotTaken>): void {
    if (applied <= this.index) {
      done({ ok: true, value: { index: this.index, bytes: this.o.storage.snapshot().data.length } });
      return;
    }
    const term = this.o.termAt(applied);
    if (term === undefined) {
      done({ ok: false, error: new Error(`snapshot at ${applied}: the log holds no entry there`) });
      return;
    }
    this.taking = true;
    const started = this.o.clock.monotonicMs();
    const slices = state.snapshotSlices();
    const finish: Completion<SnapshotTaken> = (r) => {
      this.taking = false;
      done(r);
    };
    const step = (): void => {
      let data: Uint8Array;
      try {
        const s = slices.next();
        if (!s.done) {
          this.o.clock.defer(step);
          return;
        }
        data = s.value;
      } catch (e) {
        finish({ ok: false, error: e as Error });
        return;
      }
      const encodeMs = this.o.clock.monotonicMs() - started;
      if (this.o.stopping()) {
        finish({ ok: true, value: { index: this.index, bytes: 0 } });
        return;
      }
      const imageStarted = this.o.clock.monotonicMs();
      // Not a pipeline task: the image touches only its file, so the log writes go on.
      this.o.storage.writeImage(applied, term, data, (img) => {
        if (!img.ok) {
          finish(img);
          return;
        }
        // Stopping: the pipeline may be drained and the storage closing; the unnamed
        // image is deleted at the next open (the log still holds everything).
        if (this.o.stopping()) {
          finish({ ok: true, value: { index: this.index, bytes: 0 } });
          return;
        }
        const imageMs = this.o.clock.monotonicMs() - imageStarted;
        let taken: SnapshotTaken = { index: this.index, bytes: data.length };
        // The record naming the image is ordered: the entries it covers are durable before it.
        this.o.pipeline.task(
          (written) =>
            this.o.storage.writeSnapshot(img.value, conf, data, applied - this.o.keepEntries, (r) => {
              if (!r.ok) {
                written(r);
                return;
              }
              this.index = Math.max(this.index, r.value.meta.index);
              taken = { index: r.value.meta.index, bytes: data.length };
              this.o.metrics?.snapshots.inc({ origin: 'local' });
              this.o.log.info(
                {
                  index: taken.index,
                  bytes: data.length,
                  firstIndex: this.o.storage.firstIndex(),
                  encodeMs: Math.round(encodeMs),
                  imageMs: Math.round(imageMs),
                  totalMs: Math.round(this.o.clock.monotonicMs() - started),
                },
                'snapshot taken; log compacted',
              );
              written({ ok: true, value: undefined });
            }),
          (r) => finish(r.ok ? { ok: true, value: taken } : r),
        );
      });
    };
    step();
  }
}
