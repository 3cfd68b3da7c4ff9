import { Level } from 'level';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MemoryStorage } from '../raft/storage.ts';
import type { ConfState, Entry, HardState, Snapshot } from '../raft/types.ts';
import {
  decodeHardState,
  decodeLogRecord,
  decodeSnapshotMeta,
  encodeHardState,
  encodeLogRecord,
  encodeSnapshotMeta,
} from '../wire/raft-codec.ts';
import { DataDirError } from './data-dir-error.ts';
import { complete, type Completion, type DurableLog, type PersistBatch, type PersistOutcome } from './durable-log.ts';
import { RecordIndex } from './record-index.ts';
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
}

/** Keys: m/ metadata, r/ raft state. */
const FORMAT_KEY = 'm/format';
const HARD_STATE_KEY = 'r/hs';
const SNAP_META_KEY = 'r/snap/meta';
const SNAP_DATA_KEY = 'r/snap/data';
const LOG_PREFIX = 'r/log/';
/** Votes this node signed (node-local): v/<block>\0<version, 16 hex digits> -> the 32-byte digest. */
const VOTE_PREFIX = 'v/';

/** The emergency journal (node-local): j/<write id> -> the write as a coverage Command. */
const JOURNAL_PREFIX = 'j/';
const FORMAT_NAME = 'rosterd-data';
/** 2: the log in records of consecutive entries, no state-machine rows (1: an entry per key, rows). */
const FORMAT_VERSION = 2;

/** The key of the log record whose first entry is `index`. */
function logKey(index: number): string {
  return LOG_PREFIX + index.toString(16).padStart(16, '0');
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

type Op = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/**
 * The durable storage of one node: LevelDB holds the Raft log, hard state and latest
 * snapshot; an in-memory MemoryStorage mirrors the log so the core's synchronous reads
 * never touch the disk. The state machine is not stored row by row: it is the latest
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
 * or a new term or vote, before it resolves; the mirror changes only after.
 */
export class LevelStorage implements DurableLog, JournalStore, VoteStore {
  /**
   * A commit-only hard state, held back to ride along with the next synced batch: a
   * commit then costs no disk write of its own (the commit index is recomputable).
   */
  private deferredHardState: HardState | undefined;

  private constructor(
    private readonly db: Level<string, Uint8Array>,
    private readonly mem: MemoryStorage,
    /** Records on disk, by first index. */
    private readonly records: RecordIndex,
    /** The emergency journal as on disk, by write id. */
    private readonly journalWrites: Map<string, CoverageWrite>,
    /** Signed votes as on disk, by voteKey. */
    private readonly votes: Map<string, Uint8Array>,
    readonly dir: string,
  ) {}

  /**
   * Opens (or creates) a data directory and recovers everything in it. Refuses with a
   * DataDirError, touching nothing, a directory that is in use by another process,
   * holds something other than a rosterd database, belongs to another node or cluster,
   * or does not decode.
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
    try {
      await checkFormat(db, dir, opts);
      const { mem, records } = await loadState(db, dir, opts.initialConf);
      return new LevelStorage(db, mem, records, await loadJournal(db, dir), await loadVotes(db, dir), dir);
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
   * A batch with entries, a snapshot or a new term or vote is fsynced (with a deferred
   * hard state); a commit-only hard state is deferred (see `deferredHardState`) until
   * the next synced batch or flush(). Callers must not overlap calls.
   */
  async persist(b: PersistBatch): Promise<PersistOutcome> {
    const prev = this.mem.hardState();
    const sync = b.snapshot !== undefined || b.entries.length > 0 || (b.hardState !== undefined && (b.hardState.term !== prev.term || b.hardState.vote !== prev.vote));
    if (!sync) {
      if (!b.hardState) return { synced: false, written: false };
      this.deferredHardState = b.hardState;
      this.mem.setHardState(b.hardState);
      return { synced: false, written: false };
    }
    const ops: Op[] = [];
    if (b.snapshot) {
      for (const r of this.records.all()) ops.push({ type: 'del', key: logKey(r.first) });
      ops.push({ type: 'put', key: SNAP_META_KEY, value: encodeSnapshotMeta(b.snapshot.meta) });
      ops.push({ type: 'put', key: SNAP_DATA_KEY, value: b.snapshot.data });
    }
    if (b.entries.length > 0) {
      const first = b.entries[0]!.index;
      // After a snapshot in the same batch every record is deleted already.
      if (!b.snapshot) for (const r of this.records.replacedBy(first)) if (r.first !== first) ops.push({ type: 'del', key: logKey(r.first) });
      ops.push({ type: 'put', key: logKey(first), value: encodeLogRecord(b.entries) });
    }
    const hs = b.hardState ?? this.deferredHardState;
    if (hs) ops.push({ type: 'put', key: HARD_STATE_KEY, value: encodeHardState(hs) });
    await this.db.batch(ops, { sync: true });
    this.deferredHardState = undefined;
    if (b.snapshot) this.records.clear();
    if (b.entries.length > 0) this.records.written(b.entries[0]!.index, b.entries[b.entries.length - 1]!.index);
    if (b.snapshot) this.mem.applySnapshot(b.snapshot);
    this.mem.append(b.entries);
    if (b.hardState) this.mem.setHardState(b.hardState);
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
   * Records a snapshot of the local state machine at `index` (<= applied, and durable
   * here) and discards log records wholly at or below `compactTo` (<= index), durably,
   * in one batch.
   */
  async saveSnapshot(index: number, conf: ConfState, data: Uint8Array, compactTo: number): Promise<Snapshot> {
    const current = this.mem.snapshot();
    if (index <= current.meta.index) return current;
    const term = this.mem.term(index);
    const snap: Snapshot = { meta: { index, term, conf }, data };
    const ops: Op[] = [
      { type: 'put', key: SNAP_META_KEY, value: encodeSnapshotMeta(snap.meta) },
      { type: 'put', key: SNAP_DATA_KEY, value: data },
    ];
    if (this.deferredHardState) ops.push({ type: 'put', key: HARD_STATE_KEY, value: encodeHardState(this.deferredHardState) });
    const compact = Math.min(compactTo, index);
    for (const r of this.records.coveredBy(compact)) ops.push({ type: 'del', key: logKey(r.first) });
    await this.db.batch(ops, { sync: true });
    this.deferredHardState = undefined;
    this.records.dropCovered(compact);
    this.mem.createSnapshot(index, conf, data);
    if (compact >= this.mem.firstIndex()) this.mem.compact(compact);
    return snap;
  }

  // ---- DurableLog (the driver's callback form of the methods above)
  write(batch: PersistBatch, done: Completion<PersistOutcome>): void {
    complete(this.persist(batch), done);
  }
  writeDeferred(done: Completion<void>): void {
    complete(this.flush(), done);
  }
  writeSnapshot(index: number, conf: ConfState, data: Uint8Array, compactTo: number, done: Completion<Snapshot>): void {
    complete(this.saveSnapshot(index, conf, data, compactTo), done);
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

/** Rebuilds the log mirror from the snapshot and the records, checking every invariant on the way. */
async function loadState(db: Level<string, Uint8Array>, dir: string, initialConf: ConfState): Promise<{ mem: MemoryStorage; records: RecordIndex }> {
  const mem = new MemoryStorage(initialConf);
  const metaBytes = await db.get(SNAP_META_KEY);
  if (metaBytes !== undefined) {
    const meta = decodeAt(dir, SNAP_META_KEY, metaBytes, decodeSnapshotMeta);
    const data = await db.get(SNAP_DATA_KEY);
    if (data === undefined) throw new DataDirError(dir, 'is corrupt: snapshot metadata without data');
    mem.applySnapshot({ meta, data });
  }
  const snapIndex = mem.snapshot().meta.index;
  const records = new RecordIndex();
  let entries: Entry[] = [];
  for await (const [key, value] of db.iterator({ gte: LOG_PREFIX, lt: LOG_PREFIX + '\uffff' })) {
    const record = decodeAt(dir, key, value, decodeLogRecord);
    const first = record[0]!.index;
    const last = record[record.length - 1]!.index;
    if (key !== logKey(first)) throw new DataDirError(dir, `is corrupt: key ${key} holds a record starting at entry ${first}`);
    records.written(first, last);
    // Records kept behind the snapshot (keepEntries) are covered by it.
    if (last <= snapIndex) continue;
    const lastSoFar = entries.length > 0 ? entries[entries.length - 1]!.index : snapIndex;
    const from = Math.max(first, snapIndex + 1);
    if (from > lastSoFar + 1) throw new DataDirError(dir, `is corrupt: log entry ${lastSoFar + 1} is missing (the next record starts at ${first})`);
    // A later record replaces the log from its first index on.
    if (from <= lastSoFar) entries = entries.filter((e) => e.index < from);
    for (const e of record) if (e.index >= from) entries.push(e);
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
  return { mem, records };
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
