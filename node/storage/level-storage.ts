import { Level } from 'level';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ConfState, Entry, HardState, Snapshot, SnapshotMeta } from '../raft/types.ts';
import {
  decodeHardState,
  decodeLogRecord,
  decodeSnapshotMeta,
  decodeStoredSnapshot,
  encodeHardState,
  encodeLogRecord,
  encodeStoredSnapshot,
  type StoredSnapshot,
} from '../wire/raft-codec.ts';
import { DataDirError } from './data-dir-error.ts';
import { complete, type Completion, type DurableLog, type ImageRef, type PersistBatch, type PersistOutcome } from './durable-log.ts';
import { SnapshotFiles } from './snapshot-files.ts';
import { RecordIndex } from './record-index.ts';
import { TailCachedLog, type ReadStored } from './tail-cached-log.ts';
import { CompactedError } from '../raft/storage.ts';
import { entryBytes } from '../raft/entry-size.ts';
import type { JournalStore } from './journal-store.ts';
import type { VoteStore } from './vote-store.ts';
import { FACILITY_KEY_FILE_NAME } from '../ledger/key-file.ts';
import { compareWrites } from '../schedule/coverage.ts';
import { decodeCommand, encodeCommand } from '../schedule/codec.ts';
import { validateCommand } from '../schedule/validate.ts';
import type { CoverageWrite } from '../schedule/command.ts';

export interface OpenOptions {
  readonly dir: string;
  readonly cluster: string;
  readonly node: string;
  /** Membership to start from when no snapshot exists (the bootstrap voters). */
  readonly initialConf: ConfState;
  /** Hears what opening did beyond reading (a format migration, stray images removed). */
  readonly log?: Logger;
  /** Log entries kept in memory (the most recent); older ones are read from disk. Default TAIL_ENTRIES. */
  readonly tailEntries?: number;
}

/**
 * The most recent log entries kept in memory by default (--log-cache-entries): what is
 * sent to followers and applied comes from here; a follower further behind is sent
 * entries read back from disk. 4,096 entries cover many rounds of 128 writes in
 * flight, and hold ~2.5 MiB at the bench's ~600-byte entries.
 */
export const TAIL_ENTRIES = 4096;

/** Keys: m/ metadata, r/ raft state. */
const FORMAT_KEY = 'm/format';
const HARD_STATE_KEY = 'r/hs';
/** The snapshot record: its Raft metadata and the image file holding its bytes (StoredSnapshot). */
const SNAP_META_KEY = 'r/snap/meta';
/** Format 2 only: the snapshot image inside LevelDB (its meta then a bare SnapshotMeta). */
const SNAP_DATA_KEY_V2 = 'r/snap/data';
const LOG_PREFIX = 'r/log/';
/** Votes this node signed (node-local): v/<block>\0<version, 16 hex digits> -> the 32-byte digest. */
const VOTE_PREFIX = 'v/';

/** The emergency journal (node-local): j/<write id> -> the write as a coverage Command. */
const JOURNAL_PREFIX = 'j/';
const FORMAT_NAME = 'rosterd-data';
/**
 * 3: snapshot images in files of their own under snap/, LevelDB naming them. 2: the
 * image inside LevelDB (migrated at open). 1: an entry per key and state-machine rows
 * (refused).
 */
const FORMAT_VERSION = 3;
const MIGRATABLE_VERSION = 2;

/** The key of the log record whose first entry is `index`. */
function logKey(index: number): string {
  return LOG_PREFIX + index.toString(16).padStart(16, '0');
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

type Op = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/**
 * The durable storage of one node: LevelDB holds the Raft log, hard state and the
 * record of the latest snapshot, whose image is a file of its own under snap/
 * (SnapshotFiles). The core's reads are synchronous: the hard state, the snapshot and
 * every entry's term are held in memory, the entries themselves only for the recent
 * tail (TailCachedLog); older entries are read back from their records (LevelDB's
 * getSync), which only a lagging follower, a resuming watch or the replay at start
 * asks for. The state machine is not stored row by row: it is the latest
 * snapshot plus the committed log after it, replayed at start (as etcd replays its
 * WAL), so a write costs one log record and the hard state, whatever it changes.
 *
 * The log is kept in records, one per write: key r/log/<first index>, value the
 * consecutive entries that write appended. A record replaces everything from its first
 * index on: writing one deletes every record starting at or after that index in the
 * same batch, so records on disk, in key order, are also in write order, and the loader
 * rebuilds the log by letting each record cut the log at its first index.
 *
 * Every persist() is ONE LevelDB batch, fsynced whenever it holds entries, a snapshot
 * or a new term or vote, before it resolves; what is held in memory changes only after.
 *
 * A snapshot's image is written to its file (fsynced, renamed into place) BEFORE the
 * batch that names it, and the image named before is deleted only AFTER that batch is
 * durable: whatever a crash interrupts, the record names a whole image, and the only
 * leftovers are unnamed files, which open() deletes.
 */
export class LevelStorage implements DurableLog, JournalStore, VoteStore {
  /**
   * A commit-only hard state, held back to ride along with the next synced batch: a
   * commit then costs no disk write of its own (the commit index is recomputable).
   */
  private deferredHardState: HardState | undefined;

  private constructor(
    private readonly db: Level<string, Uint8Array>,
    private hard: HardState,
    /** The latest snapshot (its image held in memory, for a follower that needs it). */
    private snap: Snapshot,
    private readonly log: TailCachedLog,
    /** Shared with the log's disk reads: what a batch in flight deletes (see readRecords). */
    private readonly deleting: DeletingRecords,
    /** Records on disk, by first index. */
    private readonly records: RecordIndex,
    /** The emergency journal as on disk, by write id. */
    private readonly journalWrites: Map<string, CoverageWrite>,
    /** Signed votes as on disk, by voteKey. */
    private readonly votes: Map<string, Uint8Array>,
    private readonly files: SnapshotFiles,
    /** The image the snapshot record names (none before the first snapshot). */
    private named: ImageRef | undefined,
    readonly dir: string,
  ) {}

  /**
   * Opens (or creates) a data directory and recovers everything in it. Refuses with a
   * DataDirError, touching nothing, a directory that is in use by another process,
   * holds something other than a rosterd database, belongs to another node or cluster,
   * or does not decode, or whose snapshot image is missing or not the bytes named.
   * Migrates a format-2 directory (image inside LevelDB) to format 3, and deletes
   * snapshot images no record names (left by a crash).
   */
  static async open(opts: OpenOptions): Promise<LevelStorage> {
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
    const files = new SnapshotFiles(dir);
    try {
      const version = await checkFormat(db, dir, opts);
      if (version === MIGRATABLE_VERSION) await migrateFrom2(db, dir, files, opts);
      const deleting: DeletingRecords = { through: -1 };
      const { hard, snap, log, records, image } = await loadState(db, dir, files, opts.initialConf, opts.tailEntries ?? TAIL_ENTRIES, deleting);
      const journal = await loadJournal(db, dir);
      const votes = await loadVotes(db, dir);
      await files.prepare();
      const removed = await files.removeStrays(image?.file);
      if (removed.length > 0) opts.log?.info({ dir, removed }, 'removed snapshot images no record names');
      return new LevelStorage(db, hard, snap, log, deleting, records, journal, votes, files, image, dir);
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  // ---- LogStorage (synchronous: memory, and the disk for entries older than the tail)
  initialState(): { hardState: HardState; conf: ConfState } {
    return { hardState: this.hard, conf: this.snap.meta.conf };
  }
  entries(lo: number, hi: number, maxBytes: number): Entry[] {
    return this.log.entries(lo, hi, maxBytes);
  }
  term(i: number): number {
    return this.log.term(i);
  }
  firstIndex(): number {
    return this.log.firstIndex();
  }
  lastIndex(): number {
    return this.log.lastIndex();
  }
  snapshot(): Snapshot {
    return this.snap;
  }
  /** Log entries held in memory (the tail); the rest of the log is read from disk when asked for. */
  cachedEntries(): number {
    return this.log.cachedEntries();
  }

  /**
   * Makes one Ready's worth of state durable as one batch, then what is held in memory.
   * A batch with entries, a newer snapshot or a new term or vote is fsynced (with a deferred
   * hard state); a commit-only hard state is deferred (see `deferredHardState`) until
   * the next synced batch or flush(). Callers must not overlap calls.
   */
  async persist(b: PersistBatch): Promise<PersistOutcome> {
    const prev = this.hard;
    // A snapshot not newer than the held one is ignored, as MemoryStorage ignores it:
    // writing its record would name an older image on disk than memory keeps, and its
    // deletes would take records the held log still reads.
    const snapshot = b.snapshot !== undefined && b.snapshot.meta.index > this.snap.meta.index ? b.snapshot : undefined;
    const sync = snapshot !== undefined || b.entries.length > 0 || (b.hardState !== undefined && (b.hardState.term !== prev.term || b.hardState.vote !== prev.vote));
    if (!sync) {
      if (!b.hardState) return { synced: false, written: false };
      this.deferredHardState = b.hardState;
      this.hard = b.hardState;
      return { synced: false, written: false };
    }
    const ops: Op[] = [];
    // The image first: the batch names it only once it is whole on disk.
    const image = snapshot ? await this.writeImageFile(snapshot.meta.index, snapshot.meta.term, snapshot.data) : undefined;
    if (snapshot && image) {
      for (const r of this.records.all()) ops.push({ type: 'del', key: logKey(r.first) });
      ops.push({ type: 'put', key: SNAP_META_KEY, value: encodeStoredSnapshot(storedSnapshot(snapshot.meta, image)) });
    }
    if (b.entries.length > 0) {
      const first = b.entries[0]!.index;
      // After a snapshot in the same batch every record is deleted already.
      if (!snapshot) for (const r of this.records.replacedBy(first)) if (r.first !== first) ops.push({ type: 'del', key: logKey(r.first) });
      ops.push({ type: 'put', key: logKey(first), value: encodeLogRecord(b.entries) });
    }
    const hs = b.hardState ?? this.deferredHardState;
    if (hs) ops.push({ type: 'put', key: HARD_STATE_KEY, value: encodeHardState(hs) });
    await this.batchDeleting(ops, snapshot ? snapshot.meta.index : -1);
    this.deferredHardState = undefined;
    if (snapshot) this.records.clear();
    if (b.entries.length > 0) this.records.written(b.entries[0]!.index, b.entries[b.entries.length - 1]!.index);
    if (snapshot) {
      this.snap = snapshot;
      this.log.reset(snapshot.meta.index, snapshot.meta.term);
    }
    this.log.append(b.entries);
    if (b.hardState) this.hard = b.hardState;
    if (image) await this.nameImage(image);
    return { synced: true, written: true };
  }

  /** Writes (without fsync) a hard state persist() deferred. Callers must not overlap it with persist(). */
  async flush(): Promise<void> {
    const hs = this.deferredHardState;
    if (!hs) return;
    this.deferredHardState = undefined;
    await this.db.put(HARD_STATE_KEY, encodeHardState(hs), { sync: false });
  }

  hasDeferred(): boolean {
    return this.deferredHardState !== undefined;
  }

  /**
   * Writes the image of a snapshot at `index` and `term` to its own file, durably,
   * without naming it: saveSnapshot or persist names it. May run while log batches are
   * written (it touches only the file). Refuses to replace the image the record names.
   */
  async saveImage(index: number, term: number, data: Uint8Array): Promise<ImageRef> {
    return this.writeImageFile(index, term, data);
  }

  /**
   * Records the snapshot of the local state machine whose image saveImage wrote
   * (`image.index` <= applied, and durable here) and discards log records wholly at or
   * below `compactTo` (<= image.index), durably, in one small batch; then deletes the
   * image named before. A snapshot not newer than the held one is ignored: its image
   * is deleted and the held snapshot returned.
   */
  async saveSnapshot(image: ImageRef, conf: ConfState, data: Uint8Array, compactTo: number): Promise<Snapshot> {
    const current = this.snap;
    const index = image.index;
    if (index <= current.meta.index) {
      if (image.file !== this.named?.file) await this.files.remove(image.file);
      return current;
    }
    const term = this.log.term(index);
    if (term !== image.term || data.length !== image.bytes) {
      throw new Error(`snapshot at ${index}: the image ${image.file} is of term ${image.term} and ${image.bytes} bytes; the log says term ${term}, the data is ${data.length} bytes`);
    }
    const snap: Snapshot = { meta: { index, term, conf }, data };
    const ops: Op[] = [{ type: 'put', key: SNAP_META_KEY, value: encodeStoredSnapshot(storedSnapshot(snap.meta, image)) }];
    if (this.deferredHardState) ops.push({ type: 'put', key: HARD_STATE_KEY, value: encodeHardState(this.deferredHardState) });
    const compact = Math.min(compactTo, index);
    for (const r of this.records.coveredBy(compact)) ops.push({ type: 'del', key: logKey(r.first) });
    await this.batchDeleting(ops, compact);
    this.deferredHardState = undefined;
    this.records.dropCovered(compact);
    this.snap = snap;
    if (compact >= this.log.firstIndex()) this.log.compact(compact);
    await this.nameImage(image);
    return snap;
  }

  /**
   * Writes `ops` as one synced batch that may delete the records of entries up to
   * `through` (a new snapshot covers them). Until it resolves, what is held in memory
   * still says those entries are there, and a read of them may find their record gone:
   * such a read answers CompactedError (as it will once memory catches up) instead of
   * reporting the data directory corrupt.
   */
  private async batchDeleting(ops: Op[], through: number): Promise<void> {
    this.deleting.through = through;
    try {
      await this.db.batch(ops, { sync: true });
    } finally {
      this.deleting.through = -1;
    }
  }

  /** Writes an image file, unless it would replace the one the record names (its bytes are what the record checks). */
  private async writeImageFile(index: number, term: number, data: Uint8Array): Promise<ImageRef> {
    if (this.named !== undefined && this.named.index === index && this.named.term === term) {
      throw new Error(`snapshot image ${this.named.file} is the one the data directory names; it is not written again`);
    }
    return this.files.write(index, term, data);
  }

  /**
   * Called once a batch naming `image` is durable: the image named before is now
   * unnamed and deleted. A failure to delete it reaches the caller (a disk refusing an
   * unlink is failing); a crash before it leaves the file to open().
   */
  private async nameImage(image: ImageRef): Promise<void> {
    const old = this.named;
    this.named = image;
    if (old !== undefined && old.file !== image.file) await this.files.remove(old.file);
  }

  // ---- DurableLog (the driver's callback form of the methods above)
  write(batch: PersistBatch, done: Completion<PersistOutcome>): void {
    complete(this.persist(batch), done);
  }
  writeDeferred(done: Completion<void>): void {
    complete(this.flush(), done);
  }
  writeImage(index: number, term: number, data: Uint8Array, done: Completion<ImageRef>): void {
    complete(this.saveImage(index, term, data), done);
  }
  writeSnapshot(image: ImageRef, conf: ConfState, data: Uint8Array, compactTo: number, done: Completion<Snapshot>): void {
    complete(this.saveSnapshot(image, conf, data, compactTo), done);
  }

  // ---- JournalStore
  journal(): readonly CoverageWrite[] {
    return [...this.journalWrites.values()].sort(compareWrites);
  }
  appendJournal(write: CoverageWrite, done: Completion<void>): void {
    const bytes = encodeCommand({ requestId: write.id, issuer: write.facility, timestampMs: write.stamp.wallMs, op: { kind: 'coverage', write } });
    complete(
      this.db.put(JOURNAL_PREFIX + write.id, bytes, { sync: true }).then(() => {
        this.journalWrites.set(write.id, write);
      }),
      done,
    );
  }
  removeJournal(ids: readonly string[], done: Completion<void>): void {
    const ops: Op[] = ids.map((id) => ({ type: 'del', key: JOURNAL_PREFIX + id }));
    complete(
      this.db.batch(ops, { sync: true }).then(() => {
        for (const id of ids) this.journalWrites.delete(id);
      }),
      done,
    );
  }

  // ---- VoteStore
  signedDigest(block: string, version: number): Uint8Array | undefined {
    return this.votes.get(voteKey(block, version));
  }
  recordVote(block: string, version: number, digest: Uint8Array, done: Completion<void>): void {
    const key = voteKey(block, version);
    complete(
      this.db.put(VOTE_PREFIX + key, digest, { sync: true }).then(() => {
        this.votes.set(key, digest);
      }),
      done,
    );
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
  // The facility key file may be put there before the first start (node/ledger/key-file.ts).
  if (names.every((n) => n === FACILITY_KEY_FILE_NAME)) return true;
  if (!names.includes('CURRENT')) {
    throw new DataDirError(dir, 'is not empty and holds no rosterd database; refusing to touch it');
  }
  return false;
}

/**
 * Accepts our own fresh or matching database, returning its format version (FORMAT_VERSION
 * or MIGRATABLE_VERSION); refuses anything else, writing nothing.
 */
async function checkFormat(db: Level<string, Uint8Array>, dir: string, opts: OpenOptions): Promise<number> {
  const format = await db.get(FORMAT_KEY);
  if (format === undefined) {
    for await (const _ of db.keys({ limit: 1 })) {
      throw new DataDirError(dir, "holds a LevelDB database that is not rosterd's; refusing to touch it");
    }
    await db.put(FORMAT_KEY, formatMarker(opts), { sync: true });
    return FORMAT_VERSION;
  }
  let marker: { format?: string; version?: number; cluster?: string; node?: string };
  try {
    marker = JSON.parse(fromUtf8.decode(format));
  } catch {
    throw new DataDirError(dir, `has an unreadable format marker (${FORMAT_KEY})`);
  }
  if (marker.format !== FORMAT_NAME) throw new DataDirError(dir, 'is not a rosterd data directory');
  if (marker.version !== FORMAT_VERSION && marker.version !== MIGRATABLE_VERSION) {
    throw new DataDirError(dir, `has format version ${marker.version}; this rosterd reads version ${FORMAT_VERSION} (and migrates version ${MIGRATABLE_VERSION})`);
  }
  if (marker.cluster !== opts.cluster || marker.node !== opts.node) {
    throw new DataDirError(dir, `belongs to node ${marker.node} of cluster ${marker.cluster}, not node ${opts.node} of cluster ${opts.cluster}`);
  }
  return marker.version;
}

function formatMarker(opts: OpenOptions): Uint8Array {
  return utf8.encode(JSON.stringify({ format: FORMAT_NAME, version: FORMAT_VERSION, cluster: opts.cluster, node: opts.node }));
}

/**
 * Format 2 to 3: writes the snapshot image LevelDB holds to its file, then ONE synced
 * batch puts the record naming it, deletes the image from LevelDB and marks the
 * directory format 3. A crash before the batch leaves a format-2 directory (and a stray
 * file, deleted at the next open) that migrates again.
 */
async function migrateFrom2(db: Level<string, Uint8Array>, dir: string, files: SnapshotFiles, opts: OpenOptions): Promise<void> {
  const ops: Op[] = [];
  const metaBytes = await db.get(SNAP_META_KEY);
  if (metaBytes !== undefined) {
    const meta = decodeAt(dir, SNAP_META_KEY, metaBytes, decodeSnapshotMeta);
    const data = await db.get(SNAP_DATA_KEY_V2);
    if (data === undefined) throw new DataDirError(dir, 'is corrupt: snapshot metadata without data');
    await files.prepare();
    const image = await files.write(meta.index, meta.term, data);
    ops.push({ type: 'put', key: SNAP_META_KEY, value: encodeStoredSnapshot(storedSnapshot(meta, image)) }, { type: 'del', key: SNAP_DATA_KEY_V2 });
  }
  ops.push({ type: 'put', key: FORMAT_KEY, value: formatMarker(opts) });
  await db.batch(ops, { sync: true });
  opts.log?.info({ dir }, `migrated data directory from format ${MIGRATABLE_VERSION} to ${FORMAT_VERSION}`);
}

/** The stored record of the snapshot `meta` whose image is `image`. */
function storedSnapshot(meta: SnapshotMeta, image: ImageRef): StoredSnapshot {
  return { meta, image: image.file, imageBytes: image.bytes, imageSha256: image.sha256 };
}

function decodeAt<T>(dir: string, key: string, bytes: Uint8Array, decode: (b: Uint8Array) => T): T {
  try {
    return decode(bytes);
  } catch (e) {
    throw new DataDirError(dir, `is corrupt: key ${key}: ${(e as Error).message}`);
  }
}

/**
 * Rebuilds what is held in memory (the snapshot, from its record and image file; every
 * entry's term and the recent entries, from the records), checking every invariant on
 * the way.
 */
async function loadState(
  db: Level<string, Uint8Array>,
  dir: string,
  files: SnapshotFiles,
  initialConf: ConfState,
  tailEntries: number,
  deleting: DeletingRecords,
): Promise<{ hard: HardState; snap: Snapshot; log: TailCachedLog; records: RecordIndex; image: ImageRef | undefined }> {
  let snap: Snapshot = { meta: { index: 0, term: 0, conf: initialConf }, data: new Uint8Array(0) };
  let image: ImageRef | undefined;
  const metaBytes = await db.get(SNAP_META_KEY);
  if (metaBytes !== undefined) {
    const stored = decodeAt(dir, SNAP_META_KEY, metaBytes, decodeStoredSnapshot);
    image = { index: stored.meta.index, term: stored.meta.term, file: stored.image, bytes: stored.imageBytes, sha256: stored.imageSha256 };
    const data = await files.read(image);
    snap = { meta: stored.meta, data };
  }
  const snapIndex = snap.meta.index;
  const records = new RecordIndex();
  const log = new TailCachedLog(snapIndex, snap.meta.term, readRecords(db, records, deleting), tailEntries);
  for await (const [key, value] of db.iterator({ gte: LOG_PREFIX, lt: LOG_PREFIX + '\uffff' })) {
    const record = decodeAt(dir, key, value, decodeLogRecord);
    const first = record[0]!.index;
    const last = record[record.length - 1]!.index;
    if (key !== logKey(first)) throw new DataDirError(dir, `is corrupt: key ${key} holds a record starting at entry ${first}`);
    records.written(first, last);
    // Records kept behind the snapshot (keepEntries) are covered by it.
    if (last <= snapIndex) continue;
    const lastSoFar = log.lastIndex();
    const from = Math.max(first, snapIndex + 1);
    if (from > lastSoFar + 1) throw new DataDirError(dir, `is corrupt: log entry ${lastSoFar + 1} is missing (the next record starts at ${first})`);
    // A later record replaces the log from its first index on (append cuts it there).
    log.append(from === first ? record : record.filter((e) => e.index >= from));
  }
  let hard: HardState = { term: 0, vote: '', commit: 0 };
  const hsBytes = await db.get(HARD_STATE_KEY);
  if (hsBytes !== undefined) {
    hard = decodeAt(dir, HARD_STATE_KEY, hsBytes, decodeHardState);
    if (hard.commit > log.lastIndex()) {
      throw new DataDirError(dir, `is corrupt: commit ${hard.commit} is beyond the last log entry ${log.lastIndex()}`);
    }
  }
  return { hard, snap, log, records, image };
}

/** The entries whose records a batch in flight deletes: up to `through` (-1: none). */
export interface DeletingRecords {
  through: number;
}

/**
 * Reads entries back from the records on disk: each entry from the record that holds
 * it as still in effect (a later record may have cut an earlier one short). Synchronous
 * (LevelDB's getSync) because the core's reads are; only entries older than the tail
 * come here. A record missing while a batch deleting it is in flight means those
 * entries are compacted (CompactedError, which the core answers with a snapshot and a
 * watch with OUT_OF_RANGE); missing otherwise, the data directory is corrupt.
 * Exported for tests.
 */
export function readRecords(db: Level<string, Uint8Array>, records: RecordIndex, deleting: DeletingRecords): ReadStored {
  return (lo, hi, maxBytes) => {
    const out: Entry[] = [];
    let bytes = 0;
    let next = lo;
    while (next < hi) {
      const span = records.containing(next);
      if (span === undefined) throw new Error(`log entry ${next} is in no record on disk`);
      const key = logKey(span.first);
      const value = db.getSync(key);
      if (value === undefined) {
        if (next <= deleting.through) throw new CompactedError(next, deleting.through + 1);
        throw new Error(`log record ${key} is missing from the data directory`);
      }
      const end = Math.min(hi - 1, span.last);
      for (const e of decodeLogRecord(value)) {
        if (e.index < next) continue;
        if (e.index > end) break;
        bytes += entryBytes(e);
        if (out.length > 0 && bytes > maxBytes) return out;
        out.push(e);
        next = e.index + 1;
      }
      if (next <= end) throw new Error(`log record ${key} ends before entry ${next}, which it should hold`);
    }
    return out;
  };
}

/** Reads the emergency journal, refusing (DataDirError) an entry that does not decode to a valid coverage write under its key. */
/** block \0 version as 16 hex digits: ids hold no NUL, so the key is unambiguous. */
function voteKey(block: string, version: number): string {
  return `${block}\0${version.toString(16).padStart(16, '0')}`;
}

async function loadVotes(db: Level<string, Uint8Array>, dir: string): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for await (const [key, value] of db.iterator({ gte: VOTE_PREFIX, lt: VOTE_PREFIX + '\uffff' })) {
    if (value.length !== 32 || !/^v\/[^\0]+\0[0-9a-f]{16}$/.test(key)) throw new DataDirError(dir, `is corrupt: vote record ${JSON.stringify(key)} is not a block version and a 32-byte digest`);
    out.set(key.slice(VOTE_PREFIX.length), new Uint8Array(value));
  }
  return out;
}

async function loadJournal(db: Level<string, Uint8Array>, dir: string): Promise<Map<string, CoverageWrite>> {
  const out = new Map<string, CoverageWrite>();
  for await (const [key, value] of db.iterator({ gte: JOURNAL_PREFIX, lt: JOURNAL_PREFIX + '\uffff' })) {
    const cmd = decodeAt(dir, key, value, decodeCommand);
    const invalid = validateCommand(cmd);
    if (invalid !== undefined || cmd.op.kind !== 'coverage' || key !== JOURNAL_PREFIX + cmd.op.write.id) {
      throw new DataDirError(dir, `is corrupt: journal entry ${key}: ${invalid ?? 'not the emergency write named by its key'}`);
    }
    out.set(cmd.op.write.id, cmd.op.write);
  }
  return out;
}
