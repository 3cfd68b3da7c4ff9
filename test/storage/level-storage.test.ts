import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Level } from 'level';
import { DataDirError, LevelStorage } from '../../node/storage/index.ts';
import type { Entry } from '../../node/raft/types.ts';

const conf = { voters: ['A', 'B', 'C'], learners: [] };
const open = (dir: string, node = 'A') => LevelStorage.open({ dir, cluster: 'c1', node, initialConf: conf });
const ent = (index: number, term: number, s = `e${index}`): Entry => ({ type: 'normal', index, term, data: new TextEncoder().encode(s) });

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'rosterd-storage-'));
}

test('everything persisted is recovered after reopening: entries, hard state, rows and applied index', async () => {
  const dir = tmp();
  try {
    const { storage } = await open(dir);
    await storage.persist({ entries: [ent(1, 1), ent(2, 1), ent(3, 2)], hardState: { term: 2, vote: 'B', commit: 2 }, rows: [{ type: 'put', key: 'sm/x', value: new Uint8Array([7]) }], applied: 2 });
    await storage.close();
    const r = await open(dir);
    assert.equal(r.storage.lastIndex(), 3);
    assert.equal(r.storage.term(3), 2);
    assert.deepEqual(r.storage.initialState().hardState, { term: 2, vote: 'B', commit: 2 });
    assert.equal(r.applied, 2);
    assert.deepEqual(r.rows.map(([k, v]) => [k, [...v]]), [['sm/x', [7]]]);
    await r.storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a conflicting suffix is replaced on disk, including entries past the new end', async () => {
  const dir = tmp();
  try {
    const { storage } = await open(dir);
    await storage.persist({ entries: [ent(1, 1), ent(2, 1), ent(3, 1), ent(4, 1)], rows: [] });
    await storage.persist({ entries: [ent(3, 2, 'new')], rows: [] });
    await storage.close();
    const r = await open(dir);
    assert.equal(r.storage.lastIndex(), 3);
    assert.equal(r.storage.term(3), 2);
    await r.storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot compacts the log durably and the compacted prefix stays gone after reopening', async () => {
  const dir = tmp();
  try {
    const { storage } = await open(dir);
    await storage.persist({ entries: [1, 2, 3, 4, 5, 6].map((i) => ent(i, 1)), hardState: { term: 1, vote: 'A', commit: 6 }, rows: [], applied: 6 });
    await storage.saveSnapshot(5, conf, new Uint8Array([1, 2, 3]), 4);
    await storage.close();
    const r = await open(dir);
    // Entries up to the snapshot's index are served by the snapshot after a restart.
    assert.equal(r.storage.firstIndex(), 6);
    assert.equal(r.storage.term(6), 1);
    assert.equal(r.storage.snapshot().meta.index, 5);
    assert.deepEqual([...r.storage.snapshot().data], [1, 2, 3]);
    assert.equal(r.storage.lastIndex(), 6);
    await r.storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second open of a data directory in use is refused with a clear message', async () => {
  const dir = tmp();
  try {
    const { storage } = await open(dir);
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /in use by another rosterd/.test((e as Error).message));
    await storage.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a directory holding other files is refused and left untouched', async () => {
  const dir = tmp();
  try {
    writeFileSync(path.join(dir, 'thesis.txt'), 'precious');
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /holds no rosterd database/.test((e as Error).message));
    assert.deepEqual(readdirSync(dir), ['thesis.txt']);
    assert.equal(readFileSync(path.join(dir, 'thesis.txt'), 'utf8'), 'precious');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('another program\'s LevelDB database is refused and its keys are left as they were', async () => {
  const dir = tmp();
  try {
    const other = new Level<string, string>(dir);
    await other.put('theirs', 'value');
    await other.close();
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /not rosterd's/.test((e as Error).message));
    const again = new Level<string, string>(dir);
    const keys: string[] = [];
    for await (const k of again.keys()) keys.push(k);
    await again.close();
    assert.deepEqual(keys, ['theirs']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a data directory of another node or cluster is refused', async () => {
  const dir = tmp();
  try {
    const { storage } = await open(dir, 'A');
    await storage.close();
    await assert.rejects(open(dir, 'B'), /belongs to node A of cluster c1/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt log entry is refused, naming the key, and nothing is rewritten', async () => {
  const dir = tmp();
  try {
    const { storage } = await open(dir);
    await storage.persist({ entries: [ent(1, 1), ent(2, 1)], rows: [] });
    await storage.close();
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    await raw.put('r/log/0000000000000002', new Uint8Array([0xff, 0xff, 0xff, 0xff]));
    await raw.close();
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /corrupt: key r\/log\/0000000000000002/.test((e as Error).message));
    const check = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    assert.deepEqual([...(await check.get('r/log/0000000000000002'))!], [0xff, 0xff, 0xff, 0xff]);
    await check.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a gap in the log is reported as corruption', async () => {
  const dir = tmp();
  try {
    const { storage } = await open(dir);
    await storage.persist({ entries: [ent(1, 1), ent(2, 1), ent(3, 1)], rows: [] });
    await storage.close();
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    await raw.del('r/log/0000000000000002');
    await raw.close();
    await assert.rejects(open(dir), /log entry 2 is missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a path that is a file, not a directory, is refused', async () => {
  const dir = tmp();
  try {
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'file'), 'x');
    await assert.rejects(open(path.join(dir, 'file')), /is not a directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
