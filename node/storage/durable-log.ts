import type { LogStorage } from '../raft/storage.ts';
import type { ConfState, Entry, HardState, Snapshot } from '../raft/types.ts';

/** Everything one Ready writes, atomically. */
export interface PersistBatch {
  /** A snapshot installed from the leader: replaces the whole log. */
  readonly snapshot?: Snapshot;
  readonly entries: readonly Entry[];
  readonly hardState?: HardState;
}

/** What a write did: `synced` when it was fsynced, `written` when anything reached the disk at all. */
export interface PersistOutcome {
  readonly synced: boolean;
  readonly written: boolean;
}

/** The end of an asynchronous storage operation. */
export type Completion<T> = (result: { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Error }) => void;

/**
 * The durable log as the replica's driver uses it: the core's synchronous LogStorage
 * reads, plus writes that complete later. LevelStorage is the real one; MemoryDurableLog
 * its in-memory twin for the simulation and in-process tests.
 *
 * Writes complete through callbacks, not promises: a promise always resolves on a later
 * microtask, which a synchronous simulation step can never reach, while a callback lets
 * the simulation complete a write exactly when its simulated disk says so.
 *
 * Contract, for every implementation:
 * - Calls of write, writeDeferred and writeSnapshot never overlap: the caller (the write
 *   pipeline) starts one only after the previous one completed. writeImage may overlap
 *   any of them: it writes only the image, which nothing names yet.
 * - After `done` reports ok, the reads (entries, term, lastIndex, snapshot, ...) reflect
 *   the write; before, they do not.
 * - A failed write leaves memory and disk disagreeing: the caller must stop (crash-stop).
 */
export interface DurableLog extends LogStorage {
  /**
   * Makes one Ready's snapshot, entries (replacing any stored suffix from the first
   * entry's index on) and hard state durable in ONE atomic write. A batch holding only a
   * new commit index may be deferred (written with the next batch or writeDeferred): the
   * commit index is recomputable after a crash. A snapshot not newer than the one held is
   * ignored (the rest of the batch is written).
   */
  write(batch: PersistBatch, done: Completion<PersistOutcome>): void;
  /** Whether a deferred commit-only hard state waits to be written. */
  hasDeferred(): boolean;
  /** Writes a deferred hard state (unsynced is fine: see write()). */
  writeDeferred(done: Completion<void>): void;
  /**
   * Writes the image of a local snapshot at `index` (whose entry has `term`) durably,
   * apart from the log: the big write of a snapshot, kept out of the ordered writes so
   * they need not wait for it. Nothing names the image until writeSnapshot does; an
   * image never named is discarded (at the latest when the storage is opened again).
   */
  writeImage(index: number, term: number, data: Uint8Array, done: Completion<ImageRef>): void;
  /**
   * Records the snapshot of the local state machine whose image writeImage wrote
   * (`image.index` <= applied, and durable here; `data` the image's bytes, kept for
   * reads) and discards the log up to `compactTo` (<= image.index), durably, in one
   * small write. A snapshot not newer than the one held is ignored (its image is
   * discarded) and the held one returned. The image named before is discarded once
   * this write is durable, never earlier.
   */
  writeSnapshot(image: ImageRef, conf: ConfState, data: Uint8Array, compactTo: number, done: Completion<Snapshot>): void;
}

/** A snapshot image written apart from the log, as the log's snapshot record names it. */
export interface ImageRef {
  /** The snapshot's index and term. */
  readonly index: number;
  readonly term: number;
  /** Where the image is: a file name in the storage's image folder. */
  readonly file: string;
  /** The image's length and SHA-256 digest, checked when it is read back. */
  readonly bytes: number;
  readonly sha256: Uint8Array;
}

/** Adapts a promise to a Completion: what an implementation over an async API does. */
export function complete<T>(p: Promise<T>, done: Completion<T>): void {
  p.then(
    (value) => done({ ok: true, value }),
    (e: unknown) => done({ ok: false, error: e instanceof Error ? e : new Error(String(e)) }),
  );
}
