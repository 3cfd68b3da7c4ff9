import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Level } from 'level';
import { DataDirError, LevelStorage } from '../../node/storage/index.ts';
import { readRecords } from '../../node/storage/level-storage.ts';
import { RecordIndex } from '../../node/storage/record-index.ts';
import { CompactedError } from '../../node/raft/storage.ts';
import type { Entry } from '../../node/raft/types.ts';

const conf = { voters: ['A', 'B', 'C'], learners: [] };
const open = (dir: string, node = 'A') => LevelStorage.open({ dir, cluster: 'c1', node, initialConf: conf });
const logOf = (s: LevelStorage) => s.entries(s.firstIndex(), s.lastIndex() + 1, Infinity).map((e) => `${e.index}:${e.term}`);

async function rawKeys(dir: string, prefix: string): Promise<string[]> {
  const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
  const keys: string[] = [];
  for await (const k of raw.keys({ gte: prefix, lt: prefix + '\uffff' })) keys.push(k);
  await raw.close();
  return keys;
}
const ent = (index: number, term: number, s = `e${index}`): Entry => ({ type: 'normal', index, term, data: new TextEncoder().encode(s) });

/** Runs `body` with a fresh directory, removed afterwards whatever happens. */
async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-storage-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('everything persisted is recovered after reopening: entries and hard state', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [ent(1, 1), ent(2, 1), ent(3, 2)], hardState: { term: 2, vote: 'B', commit: 2 } });
    await storage.close();
    const r = await open(dir);
    assert.equal(r.lastIndex(), 3);
    assert.equal(r.term(3), 2);
    assert.deepEqual(r.entries(2, 3, Infinity).map((e) => e.type === 'normal' && new TextDecoder().decode(e.data)), ['e2']);
    assert.deepEqual(r.initialState().hardState, { term: 2, vote: 'B', commit: 2 });
    await r.close();
  }));

test('each write of entries is one log record, whatever the number of entries', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [1, 2, 3, 4].map((i) => ent(i, 1)) });
    await storage.persist({ entries: [ent(5, 1)] });
    await storage.close();
    assert.deepEqual(await rawKeys(dir, 'r/log/'), ['r/log/0000000000000001', 'r/log/0000000000000005']);
  }));

test('a commit-only hard state is not synced on its own but rides along with the next write, and close writes it', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [ent(1, 1), ent(2, 1)], hardState: { term: 1, vote: 'A', commit: 0 } });
    assert.deepEqual(await storage.persist({ entries: [], hardState: { term: 1, vote: 'A', commit: 1 } }), { synced: false, written: false });
    assert.ok(storage.hasDeferred());
    assert.deepEqual(await storage.persist({ entries: [ent(3, 1)] }), { synced: true, written: true });
    assert.ok(!storage.hasDeferred());
    await storage.persist({ entries: [], hardState: { term: 1, vote: 'A', commit: 2 } });
    await storage.close();
    const r = await open(dir);
    assert.deepEqual(r.initialState().hardState, { term: 1, vote: 'A', commit: 2 });
    await r.close();
  }));

test('a new term or vote is synced at once, even without entries', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    assert.deepEqual(await storage.persist({ entries: [], hardState: { term: 3, vote: 'C', commit: 0 } }), { synced: true, written: true });
    await storage.close();
    const r = await open(dir);
    assert.deepEqual(r.initialState().hardState, { term: 3, vote: 'C', commit: 0 });
    await r.close();
  }));

test('a conflicting suffix is replaced on disk, including entries past the new end', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [ent(1, 1), ent(2, 1), ent(3, 1), ent(4, 1)] });
    await storage.persist({ entries: [ent(3, 2, 'new')] });
    await storage.close();
    const r = await open(dir);
    assert.deepEqual(logOf(r), ['1:1', '2:1', '3:2']);
    assert.deepEqual(r.entries(3, 4, Infinity).map((e) => e.type === 'normal' && new TextDecoder().decode(e.data)), ['new']);
    await r.close();
  }));

test('a write that starts inside an earlier record replaces every later record too, across reopenings', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [1, 2, 3].map((i) => ent(i, 1)) });
    await storage.persist({ entries: [4, 5].map((i) => ent(i, 1)) });
    await storage.persist({ entries: [ent(6, 1)] });
    await storage.persist({ entries: [ent(2, 2), ent(3, 2)] });
    assert.deepEqual(logOf(storage), ['1:1', '2:2', '3:2']);
    await storage.close();
    assert.deepEqual(await rawKeys(dir, 'r/log/'), ['r/log/0000000000000001', 'r/log/0000000000000002']);
    const r = await open(dir);
    assert.deepEqual(logOf(r), ['1:1', '2:2', '3:2']);
    await r.persist({ entries: [ent(4, 3)] });
    await r.persist({ entries: [ent(3, 4)] });
    await r.close();
    const again = await open(dir);
    assert.deepEqual(logOf(again), ['1:1', '2:2', '3:4']);
    await again.close();
  }));

test('a snapshot compacts the log durably and the compacted prefix stays gone after reopening', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [1, 2, 3].map((i) => ent(i, 1)) });
    await storage.persist({ entries: [4, 5, 6].map((i) => ent(i, 1)), hardState: { term: 1, vote: 'A', commit: 6 } });
    await storage.persist({ entries: [ent(7, 1)] });
    const data = new Uint8Array([1, 2, 3]);
    await storage.saveSnapshot(await storage.saveImage(5, 1, data), conf, data, 4);
    await storage.close();
    // Only records wholly at or below the compaction point go; [4, 6] still holds 5 and 6.
    assert.deepEqual(await rawKeys(dir, 'r/log/'), ['r/log/0000000000000004', 'r/log/0000000000000007']);
    const r = await open(dir);
    // Entries up to the snapshot's index are served by the snapshot after a restart.
    assert.equal(r.firstIndex(), 6);
    assert.equal(r.term(6), 1);
    assert.equal(r.snapshot().meta.index, 5);
    assert.deepEqual([...r.snapshot().data], [1, 2, 3]);
    assert.deepEqual(logOf(r), ['6:1', '7:1']);
    await r.close();
  }));

test('a leader snapshot no newer than the one held is ignored on disk as in memory, and the rest of its batch is written', () =>
  inTempDir(async (dir) => {
    const storage = await LevelStorage.open({ dir, cluster: 'c1', node: 'A', initialConf: conf, tailEntries: 1 });
    for (let i = 1; i <= 6; i++) await storage.persist({ entries: [ent(i, 1)] });
    const data = new Uint8Array([5]);
    await storage.saveSnapshot(await storage.saveImage(5, 1, data), conf, data, 2);
    const stale = { meta: { index: 4, term: 1, conf }, data: new Uint8Array([4]) };
    await storage.persist({ snapshot: stale, entries: [ent(7, 1)], hardState: { term: 1, vote: 'A', commit: 7 } });
    assert.equal(storage.snapshot().meta.index, 5);
    // Entries 3 and 4 are read back from their records (a one-entry tail): still there.
    assert.deepEqual(logOf(storage), ['3:1', '4:1', '5:1', '6:1', '7:1']);
    await storage.close();
    assert.deepEqual(readdirSync(path.join(dir, 'snap')).length, 1, 'no image was written for the ignored snapshot');
    const r = await open(dir);
    assert.equal(r.snapshot().meta.index, 5);
    assert.deepEqual([...r.snapshot().data], [5]);
    // Reopened, the log starts after the snapshot (what it kept behind is covered by it).
    assert.deepEqual(logOf(r), ['6:1', '7:1']);
    await r.close();
  }));

test('with a small tail in memory, entries older than it are read back from their records, as written, across cuts and reopenings', () =>
  inTempDir(async (dir) => {
    const openSmall = () => LevelStorage.open({ dir, cluster: 'c1', node: 'A', initialConf: conf, tailEntries: 2 });
    const text = (s: LevelStorage, lo: number, hi: number) => s.entries(lo, hi, Infinity).map((e) => `${e.index}:${e.term}:${e.type === 'normal' ? new TextDecoder().decode(e.data) : ''}`);
    const storage = await openSmall();
    await storage.persist({ entries: [1, 2, 3].map((i) => ent(i, 1)) });
    await storage.persist({ entries: [4, 5, 6, 7].map((i) => ent(i, 1)) });
    await storage.persist({ entries: [ent(8, 1), ent(9, 1)] });
    // A new leader's entries replace 6 onwards: the record at 4 now holds 4 and 5 only.
    await storage.persist({ entries: [ent(6, 2, 'six'), ent(7, 2, 'seven')] });
    await storage.persist({ entries: [8, 9, 10].map((i) => ent(i, 2)) });
    assert.ok(storage.cachedEntries() <= 3, `held ${storage.cachedEntries()} entries`);
    const expected = ['1:1:e1', '2:1:e2', '3:1:e3', '4:1:e4', '5:1:e5', '6:2:six', '7:2:seven', '8:2:e8', '9:2:e9', '10:2:e10'];
    assert.deepEqual(text(storage, 1, 11), expected);
    assert.deepEqual(text(storage, 5, 7), ['5:1:e5', '6:2:six']);
    assert.equal(storage.term(5), 1);
    // A byte bound stops inside what is read from disk.
    assert.equal(storage.entries(1, 11, 1).length, 1);
    await storage.close();
    const r = await openSmall();
    assert.ok(r.cachedEntries() <= 3, `held ${r.cachedEntries()} entries after reopening`);
    assert.deepEqual(text(r, 1, 11), expected);
    await r.close();
  }));

test('with a small tail, a snapshot compacts the log and entries kept behind it are still read from disk', () =>
  inTempDir(async (dir) => {
    const storage = await LevelStorage.open({ dir, cluster: 'c1', node: 'A', initialConf: conf, tailEntries: 1 });
    for (let i = 1; i <= 8; i++) await storage.persist({ entries: [ent(i, 1)] });
    const data = new Uint8Array([9]);
    await storage.saveSnapshot(await storage.saveImage(6, 1, data), conf, data, 3);
    assert.equal(storage.firstIndex(), 4);
    assert.throws(() => storage.entries(3, 5, Infinity), /compacted/i);
    assert.deepEqual(logOf(storage), ['4:1', '5:1', '6:1', '7:1', '8:1']);
    await storage.close();
  }));

test('a record gone while a batch deleting it is in flight reads as compacted; gone otherwise, as a corrupt directory', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [1, 2].map((i) => ent(i, 1)) });
    await storage.persist({ entries: [3, 4].map((i) => ent(i, 1)) });
    await storage.close();
    // What LevelStorage knows, while the key at 1 is deleted under it (as the snapshot's batch does).
    const db = new Level<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    await db.open();
    try {
      const records = new RecordIndex();
      records.written(1, 2);
      records.written(3, 4);
      await db.del('r/log/0000000000000001');
      const deleting = { through: 2 };
      const read = readRecords(db, records, deleting);
      assert.deepEqual(read(3, 5, Infinity).map((e) => e.index), [3, 4]);
      assert.throws(() => read(1, 5, Infinity), (e: unknown) => e instanceof CompactedError && e.index === 1 && e.firstIndex === 3);
      deleting.through = -1;
      assert.throws(() => read(1, 5, Infinity), /log record r\/log\/0000000000000001 is missing from the data directory/);
    } finally {
      await db.close();
    }
  }));

test('a second open of a data directory in use is refused with a clear message', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /in use by another rosterd/.test((e as Error).message));
    await storage.close();
  }));

test('a directory holding other files is refused and left untouched', () =>
  inTempDir(async (dir) => {
    writeFileSync(path.join(dir, 'thesis.txt'), 'precious');
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /holds no rosterd database/.test((e as Error).message));
    assert.deepEqual(readdirSync(dir), ['thesis.txt']);
    assert.equal(readFileSync(path.join(dir, 'thesis.txt'), 'utf8'), 'precious');
  }));

test('another program\'s LevelDB database is refused and its keys are left as they were', () =>
  inTempDir(async (dir) => {
    const other = new Level<string, string>(dir);
    await other.put('theirs', 'value');
    await other.close();
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /not rosterd's/.test((e as Error).message));
    const again = new Level<string, string>(dir);
    const keys: string[] = [];
    for await (const k of again.keys()) keys.push(k);
    await again.close();
    assert.deepEqual(keys, ['theirs']);
  }));

test('a data directory of another node or cluster is refused', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir, 'A');
    await storage.close();
    await assert.rejects(open(dir, 'B'), /belongs to node A of cluster c1/);
  }));

test('a corrupt log entry is refused, naming the key, and nothing is rewritten', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [ent(1, 1)] });
    await storage.persist({ entries: [ent(2, 1)] });
    await storage.close();
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    await raw.put('r/log/0000000000000002', new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    await raw.close();
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /corrupt: key r\/log\/0000000000000002/.test((e as Error).message));
    const check = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    assert.deepEqual([...(await check.get('r/log/0000000000000002'))!], [0xff, 0xff, 0xff, 0xff]);
    await check.close();
  }));

test('a gap in the log is reported as corruption', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    for (const i of [1, 2, 3]) await storage.persist({ entries: [ent(i, 1)] });
    await storage.close();
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    await raw.del('r/log/0000000000000002');
    await raw.close();
    await assert.rejects(open(dir), /log entry 2 is missing/);
  }));

test('a path that is a file, not a directory, is refused', () =>
  inTempDir(async (dir) => {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'file'), 'x');
    await assert.rejects(open(path.join(dir, 'file')), /is not a directory/);
  }));

test('a record filed under another index than its first entry is reported as corruption', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.persist({ entries: [ent(1, 1), ent(2, 1)] });
    await storage.close();
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    const bytes = (await raw.get('r/log/0000000000000001'))!;
    await raw.put('r/log/0000000000000003', bytes);
    await raw.close();
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /key r\/log\/0000000000000003 holds a record starting at entry 1/.test((e as Error).message));
  }));

test('a data directory written in the earlier format is refused with the version named', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await storage.close();
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    await raw.put('m/format', new TextEncoder().encode(JSON.stringify({ format: 'rosterd-data', version: 1, cluster: 'c1', node: 'A' })));
    await raw.close();
    await assert.rejects(open(dir), /format version 1; this rosterd reads version 3/);
  }));

const journalWrite = (id: string, wallMs: number) => ({
  id,
  facility: 'A',
  stamp: { wallMs, logical: 0 },
  reason: 'night shift',
  op: { kind: 'cover' as const, assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' } },
});

function journalOp<T>(f: (done: (r: { ok: true; value: T } | { ok: false; error: Error }) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => f((r) => (r.ok ? resolve(r.value) : reject(r.error))));
}

test('the emergency journal survives reopening, in stamp order, and a removed write stays removed', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await journalOp<void>((d) => storage.appendJournal(journalWrite('w2', 20), d));
    await journalOp<void>((d) => storage.appendJournal(journalWrite('w1', 10), d));
    await journalOp<void>((d) => storage.appendJournal(journalWrite('w3', 30), d));
    await journalOp<void>((d) => storage.removeJournal(['w2', 'unknown'], d));
    await storage.close();
    const r = await open(dir);
    assert.deepEqual(r.journal().map((w) => w.id), ['w1', 'w3']);
    assert.deepEqual(r.journal()[0], journalWrite('w1', 10));
    await r.close();
  }));

test('a corrupt journal entry is refused at open, naming the key, and nothing is rewritten', () =>
  inTempDir(async (dir) => {
    const storage = await open(dir);
    await journalOp<void>((d) => storage.appendJournal(journalWrite('w1', 10), d));
    await storage.close();
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    await raw.put('j/w1', new Uint8Array([0xff, 0x01, 0x02]));
    await raw.put('j/w9', (await raw.get('j/w1'))!);
    await raw.close();
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /journal entry j\/w1|key j\/w1/.test(e.message));
    assert.deepEqual(await rawKeys(dir, 'j/'), ['j/w1', 'j/w9']);
  }));
