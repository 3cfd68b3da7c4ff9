import { createHash } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import type { MemoryStorage } from '../raft/storage.ts';
import type { ConfState, Entry, HardState, Snapshot } from '../raft/types.ts';
import type { Completion, DurableLog, ImageRef, PersistBatch, PersistOutcome } from './durable-log.ts';
import { imageName } from './snapshot-files.ts';

/** Hooks a checker uses to watch the disk change (the simulation's safety checker). */
export interface DiskObserver {
  /** Just before `batch` reaches the disk (the disk still shows the state before it). */
  beforeWrite(batch: PersistBatch): void;
  /** Just after it did. */
  afterWrite(): void;
}

export interface MemoryDurableLogOptions {
  /**
   * The "disk". It outlives this object: a simulated crash drops the log with its
   * unfinished writes, and a restart opens a new one on the same disk.
   */
  readonly disk: MemoryStorage;
  /** Completes writes: after `latencyMs()` ms, or after the current turn when that is 0. */
  readonly clock: Clock;
  /** Milliseconds a write takes; drawn per write. Default 0. */
  readonly latencyMs?: () => number;
  readonly observer?: DiskObserver;
}

/**
 * The in-memory twin of LevelStorage: same DurableLog contract, the disk a MemoryStorage
 * that survives the object. Reads see only completed writes. Every batch is written
 * whole (commit-only hard states are not deferred: the contract allows either).
 *
 * An image (writeImage) takes the disk's latency like any write and may complete
 * before or after the log writes started after it, as a file beside LevelDB does; its
 * bytes reach the disk with the writeSnapshot that names it, which refuses an image
 * this log never finished writing.
 */
export class MemoryDurableLog implements DurableLog {
  private inFlight = 0;
  /** Images written and not yet named or discarded, by file name. */
  private readonly images = new Set<string>();

  constructor(private readonly o: MemoryDurableLogOptions) {}

  /** Writes started and not yet completed: at most one log write, plus image writes. */
  pendingWrites(): number {
    return this.inFlight;
  }

  initialState(): { hardState: HardState; conf: ConfState } {
    return this.o.disk.initialState();
  }
  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    return this.o.disk.entries(lo, hi, maxBytes);
  }
  term(i: number): number {
    return this.o.disk.term(i);
  }
  firstIndex(): number {
    return this.o.disk.firstIndex();
  }
  lastIndex(): number {
    return this.o.disk.lastIndex();
  }
  snapshot(): Snapshot {
    return this.o.disk.snapshot();
  }

  write(batch: PersistBatch, done: Completion<PersistOutcome>): void {
    const empty = !batch.snapshot && batch.entries.length === 0 && !batch.hardState;
    this.later(empty, () => {
      const disk = this.o.disk;
      this.o.observer?.beforeWrite(batch);
      if (batch.snapshot) disk.applySnapshot(batch.snapshot);
      disk.append(batch.entries);
      if (batch.hardState) disk.setHardState(batch.hardState);
      this.o.observer?.afterWrite();
      return { synced: true, written: true };
    }, done);
  }

  hasDeferred(): boolean {
    return false;
  }

  writeDeferred(done: Completion<void>): void {
    this.later(true, () => undefined, done);
  }

  writeImage(index: number, term: number, data: Uint8Array, done: Completion<ImageRef>): void {
    this.later(false, () => {
      const file = imageName(index, term);
      this.images.add(file);
      return { index, term, file, bytes: data.length, sha256: new Uint8Array(createHash('sha256').update(data).digest()) };
    }, done);
  }

  writeSnapshot(image: ImageRef, conf: ConfState, data: Uint8Array, compactTo: number, done: Completion<Snapshot>): void {
    this.later(false, () => {
      if (!this.images.delete(image.file)) throw new Error(`snapshot at ${image.index}: its image ${image.file} was never written (or was named already)`);
      const disk = this.o.disk;
      if (image.index > disk.snapshot().meta.index && disk.term(image.index) !== image.term) {
        throw new Error(`snapshot at ${image.index}: the image is of term ${image.term}, the log says ${disk.term(image.index)}`);
      }
      const snap = disk.createSnapshot(image.index, conf, data);
      const compact = Math.min(compactTo, snap.meta.index);
      if (compact >= disk.firstIndex()) disk.compact(compact);
      return snap;
    }, done);
  }

  /** Runs `work` as the disk would: after the write latency, or after this turn when there is nothing to write. */
  private later<T>(nothingToWrite: boolean, work: () => T, done: Completion<T>): void {
    this.inFlight++;
    const latency = nothingToWrite ? 0 : (this.o.latencyMs?.() ?? 0);
    if (latency > 0) this.o.clock.after(latency, () => this.finish(work, done));
    else this.o.clock.defer(() => this.finish(work, done));
  }

  private finish<T>(work: () => T, done: Completion<T>): void {
    this.inFlight--;
    let value: T;
    try {
      value = work();
    } catch (e) {
      done({ ok: false, error: e as Error });
      return;
    }
    done({ ok: true, value });
  }
}
