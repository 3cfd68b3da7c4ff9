import { Level } from 'level';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MemoryStorage, type LogStorage } from '../raft/storage.ts';
import type { ConfState, Entry, HardState, Snapshot } from '../raft/types.ts';
import {
  decodeEntry,
  decodeHardState,
  decodeSnapshotMeta,
  encodeEntry,
  encodeHardState,
  encodeSnapshotMeta,
} from '../wire/raft-codec.ts';
import { DataDirError } from './data-dir-error.ts';

/** A state-machine row change, written in the same batch as the applied index. */
export type RowWrite = { readonly type: 'put'; readonly key: string; readonly value: Uint8Array } | { readonly type: 'del'; readonly key: string };

/** Everything one Ready (plus the apply of its committed entries) writes, atomically. */
export interface PersistBatch {
  /** A snapshot installed from the leader: replaces the whole log. */
  readonly snapshot?: Snapshot;
  readonly entries: readonly Entry[];
  readonly hardState?: HardState;
  /** State-machine rows (keys under ROW_PREFIX) changed by applying committed entries. */
  readonly rows: readonly RowWrite[];
  /** The applied index after those rows; omitted when nothing was applied. */
  readonly applied?: number;
}

export interface OpenOptions {
  readonly dir: string;
  readonly cluster: string;
  readonly node: string;
  /** Membership to start from when no snapshot exists (the bootstrap voters). */
  readonly initialConf: ConfState;
}

export interface Recovered {
  readonly storage: LevelStorage;
  readonly applied: number;
  /** State-machine rows as of `applied`. */
  readonly rows: [string, Uint8Array][];
}

/** Keys: m/ metadata, r/ raft state, sm/ state machine rows. */
export const ROW_PREFIX = 'sm/';
const FORMAT_KEY = 'm/format';
const APPLIED_KEY = 'm/applied';
const HARD_STATE_KEY = 'r/hs';
const SNAP_META_KEY = 'r/snap/meta';
const SNAP_DATA_KEY = 'r/snap/data';
const LOG_PREFIX = 'r/log/';
const FORMAT_NAME = 'rosterd-data';
/** Deferred unsynced ops beyond which persist() writes them out at once. */
const MAX_DEFERRED_OPS = 20_000;
const FORMAT_VERSION = 1;

function logKey(index: number): string {
  return LOG_PREFIX + index.toString(16).padStart(16, '0');
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

type Op = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/**
 * The durable storage of one node: LevelDB holds the Raft log, hard state, latest
 * snapshot and the state machine's rows; an in-memory MemoryStorage mirrors the log so
 * the core's synchronous reads never touch the disk. Every persist() is ONE LevelDB
 * batch, fsynced whenever it holds entries, a snapshot or a new term or vote, before
 * it resolves; the mirror changes only after.
 */
export class LevelStorage implements LogStorage {
  /**
   * Writes that need no fsync (state rows, applied and commit index), held back to ride
   * along with the next synced batch: a commit then costs no disk write of its own.
   * Kept in order; rows always travel with their applied index, so whatever prefix a
   * crash leaves on disk is consistent, and the log (never compacted past a flushed
   * applied index) replays the rest.
   */
  private deferred: Op[] = [];

  private constructor(
    private readonly db: Level<string, Uint8Array>,
    private readonly mem: MemoryStorage,
    readonly dir: string,
  ) {}

  /**
   * Opens (or creates) a data directory and recovers everything in it. Refuses with a
   * DataDirError, touching nothing, a directory that is in use by another process,
   * holds something other than a rosterd database, belongs to another node or cluster,
   * or does not decode.
   */
  static async open(opts: OpenOptions): Promise<Recovered> {
    const dir = path.resolve(opts.dir);
    const fresh = await checkDirectory(dir);
    const db = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view', createIfMissing: fresh, errorIfExists: false });
    try {
      await db.open();
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      if (code === 'LEVEL_LOCKED') {
        throw new DataDirError(dir, 'is in use by another rosterd process (LevelDB lock held); stop it first or use another --data-dir');
      }
      if (code === 'LEVEL_CORRUPTION') throw new DataDirError(dir, `is corrupt (${(e as Error).cause})`);
      throw new DataDirError(dir, `could not be opened: ${(e as Error).message}; ${String((e as Error).cause ?? '')}`);
    }
    try {
      await checkFormat(db, dir, opts);
      const { mem, applied, rows } = await loadState(db, dir, opts.initialConf);
      return { storage: new LevelStorage(db, mem, dir), applied, rows };
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  // ---- LogStorage (synchronous reads from the mirror)
  initialState(): { hardState: HardState; conf: ConfState } {
    return this.mem.initialState();
  }
  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    return this.mem.entries(lo, hi, maxBytes);
  }
  term(i: number): number {
    return this.mem.term(i);
  }
  firstIndex(): number {
    return this.mem.firstIndex();
  }
  lastIndex(): number {
    return this.mem.lastIndex();
  }
  snapshot(): Snapshot {
    return this.mem.snapshot();
  }

  /**
   * Makes one Ready's worth of state durable as one batch, then updates the mirror.
   * A batch with entries, a snapshot or a new term or vote is fsynced (with anything
   * deferred before it); any other batch is deferred (see `deferred`) until the next
   * synced one, flush() or MAX_DEFERRED_OPS. Callers must not overlap calls.
   */
  async persist(b: PersistBatch): Promise<{ synced: boolean; written: boolean }> {
    const ops: Op[] = [];
    let lastStored = this.mem.lastIndex();
    if (b.snapshot) {
      for (let i = this.mem.firstIndex(); i <= lastStored; i++) ops.push({ type: 'del', key: logKey(i) });
      ops.push({ type: 'put', key: SNAP_META_KEY, value: encodeSnapshotMeta(b.snapshot.meta) });
      ops.push({ type: 'put', key: SNAP_DATA_KEY, value: b.snapshot.data });
      lastStored = b.snapshot.meta.index;
    }
    if (b.entries.length > 0) {
      const newLast = b.entries[b.entries.length - 1]!.index;
      // A conflicting suffix longer than the replacement must not survive on disk.
      for (let i = newLast + 1; i <= lastStored; i++) ops.push({ type: 'del', key: logKey(i) });
      for (const e of b.entries) ops.push({ type: 'put', key: logKey(e.index), value: encodeEntry(e) });
    }
    if (b.hardState) ops.push({ type: 'put', key: HARD_STATE_KEY, value: encodeHardState(b.hardState) });
    for (const r of b.rows) {
      if (!r.key.startsWith(ROW_PREFIX)) throw new Error(`state row key ${r.key} must start with ${ROW_PREFIX}`);
      ops.push(r);
    }
    if (b.applied !== undefined) ops.push({ type: 'put', key: APPLIED_KEY, value: utf8.encode(String(b.applied)) });
    if (ops.length === 0) return { synced: false, written: false };
    // fsync only what Raft's promises rest on: log entries, snapshots, term and vote.
    // The commit index and state rows are recomputable from the durable log.
    const prev = this.mem.hardState();
    const sync = b.snapshot !== undefined || b.entries.length > 0 || (b.hardState !== undefined && (b.hardState.term !== prev.term || b.hardState.vote !== prev.vote));
    if (!sync) {
      for (const op of ops) this.deferred.push(op);
      if (b.hardState) this.mem.setHardState(b.hardState);
      if (this.deferred.length < MAX_DEFERRED_OPS) return { synced: false, written: false };
      await this.flush();
      return { synced: false, written: true };
    }
    const all = this.deferred.length > 0 ? this.deferred.concat(ops) : ops;
    this.deferred = [];
    await this.db.batch(all, { sync: true });
    if (b.snapshot) this.mem.applySnapshot(b.snapshot);
    this.mem.append(b.entries);
    if (b.hardState) this.mem.setHardState(b.hardState);
    return { synced: true, written: true };
  }

  /** Writes (without fsync) whatever persist() deferred. Callers must not overlap it with persist(). */
  async flush(): Promise<void> {
    if (this.deferred.length === 0) return;
    const ops = this.deferred;
    this.deferred = [];
    await this.db.batch(ops, { sync: false });
  }

  hasDeferred(): boolean {
    return this.deferred.length > 0;
  }

  /**
   * Records a snapshot of the local state machine at `index` (<= applied) and discards
   * log entries up to `compactTo` (<= index), durably, in one batch.
   */
  async saveSnapshot(index: number, conf: ConfState, data: Uint8Array, compactTo: number): Promise<Snapshot> {
    const current = this.mem.snapshot();
    if (index <= current.meta.index) return current;
    const term = this.mem.term(index);
    const snap: Snapshot = { meta: { index, term, conf }, data };
    // Deferred rows first: the applied index on disk must reach the snapshot's.
    const ops: Op[] = [
      ...this.deferred.splice(0),
      { type: 'put', key: SNAP_META_KEY, value: encodeSnapshotMeta(snap.meta) },
      { type: 'put', key: SNAP_DATA_KEY, value: data },
    ];
    const compact = Math.min(compactTo, index);
    for (let i = this.mem.firstIndex(); i <= compact; i++) ops.push({ type: 'del', key: logKey(i) });
    await this.db.batch(ops, { sync: true });
    this.mem.createSnapshot(index, conf, data);
    if (compact >= this.mem.firstIndex()) this.mem.compact(compact);
    return snap;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.db.close();
  }
}

/** Returns true when the directory is new or empty; throws DataDirError for anything foreign. */
async function checkDirectory(dir: string): Promise<boolean> {
  let names: string[];
  try {
    const st = await fs.stat(dir);
    if (!st.isDirectory()) throw new DataDirError(dir, 'exists and is not a directory');
    names = await fs.readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      await fs.mkdir(dir, { recursive: true });
      return true;
    }
    throw e;
  }
  if (names.length === 0) return true;
  if (!names.includes('CURRENT')) {
    throw new DataDirError(dir, 'is not empty and holds no rosterd database; refusing to touch it');
  }
  return false;
}

/** Accepts our own fresh or matching database; refuses anything else, writing nothing. */
async function checkFormat(db: Level<string, Uint8Array>, dir: string, opts: OpenOptions): Promise<void> {
  const format = await db.get(FORMAT_KEY);
  if (format === undefined) {
    for await (const _ of db.keys({ limit: 1 })) {
      throw new DataDirError(dir, "holds a LevelDB database that is not rosterd's; refusing to touch it");
    }
    const marker = { format: FORMAT_NAME, version: FORMAT_VERSION, cluster: opts.cluster, node: opts.node };
    await db.put(FORMAT_KEY, utf8.encode(JSON.stringify(marker)), { sync: true });
    return;
  }
  let marker: { format?: string; version?: number; cluster?: string; node?: string };
  try {
    marker = JSON.parse(fromUtf8.decode(format));
  } catch {
    throw new DataDirError(dir, `has an unreadable format marker (${FORMAT_KEY})`);
  }
  if (marker.format !== FORMAT_NAME) throw new DataDirError(dir, 'is not a rosterd data directory');
  if (marker.version !== FORMAT_VERSION) {
    throw new DataDirError(dir, `has format version ${marker.version}; this rosterd reads version ${FORMAT_VERSION}`);
  }
  if (marker.cluster !== opts.cluster || marker.node !== opts.node) {
    throw new DataDirError(dir, `belongs to node ${marker.node} of cluster ${marker.cluster}, not node ${opts.node} of cluster ${opts.cluster}`);
  }
}

function decodeAt<T>(dir: string, key: string, bytes: Uint8Array, decode: (b: Uint8Array) => T): T {
  try {
    return decode(bytes);
  } catch (e) {
    throw new DataDirError(dir, `is corrupt: key ${key}: ${(e as Error).message}`);
  }
}

/** Rebuilds the log mirror and reads the state-machine rows, checking every invariant on the way. */
async function loadState(
  db: Level<string, Uint8Array>,
  dir: string,
  initialConf: ConfState,
): Promise<{ mem: MemoryStorage; applied: number; rows: [string, Uint8Array][] }> {
  const mem = new MemoryStorage(initialConf);
  const metaBytes = await db.get(SNAP_META_KEY);
  if (metaBytes !== undefined) {
    const meta = decodeAt(dir, SNAP_META_KEY, metaBytes, decodeSnapshotMeta);
    const data = await db.get(SNAP_DATA_KEY);
    if (data === undefined) throw new DataDirError(dir, 'is corrupt: snapshot metadata without data');
    mem.applySnapshot({ meta, data });
  }
  const entries: Entry[] = [];
  for await (const [key, value] of db.iterator({ gte: LOG_PREFIX, lt: LOG_PREFIX + '\uffff' })) {
    const e = decodeAt(dir, key, value, decodeEntry);
    if (key !== logKey(e.index)) throw new DataDirError(dir, `is corrupt: key ${key} holds entry ${e.index}`);
    // Entries kept behind the snapshot (keepEntries) are covered by it.
    if (e.index <= mem.snapshot().meta.index) continue;
    const expected = (entries.length > 0 ? entries[entries.length - 1]!.index : mem.lastIndex()) + 1;
    if (e.index !== expected) throw new DataDirError(dir, `is corrupt: log entry ${expected} is missing (found ${e.index})`);
    entries.push(e);
  }
  mem.append(entries);
  const hsBytes = await db.get(HARD_STATE_KEY);
  if (hsBytes !== undefined) {
    const hs = decodeAt(dir, HARD_STATE_KEY, hsBytes, decodeHardState);
    if (hs.commit > mem.lastIndex()) {
      throw new DataDirError(dir, `is corrupt: commit ${hs.commit} is beyond the last log entry ${mem.lastIndex()}`);
    }
    mem.setHardState(hs);
  }
  // Rows are written with the applied index in one batch, so they always agree; a
  // store that never applied anything has neither.
  const appliedBytes = await db.get(APPLIED_KEY);
  const applied = appliedBytes === undefined ? mem.snapshot().meta.index : Number(fromUtf8.decode(appliedBytes));
  if (!Number.isSafeInteger(applied) || applied < mem.snapshot().meta.index || applied > Math.max(mem.hardState().commit, mem.snapshot().meta.index)) {
    throw new DataDirError(dir, `is corrupt: applied index ${String(applied)} is outside [snapshot, commit]`);
  }
  const rows: [string, Uint8Array][] = [];
  for await (const [key, value] of db.iterator({ gte: ROW_PREFIX, lt: ROW_PREFIX + '\uffff' })) rows.push([key, value]);
  return { mem, applied, rows };
}
