import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Level } from 'level';
import pino from 'pino';
import { DataDirError, LevelStorage } from '../../node/storage/index.ts';
import { imageName } from '../../node/storage/snapshot-files.ts';
import type { Entry } from '../../node/raft/types.ts';
import { decodeStoredSnapshot, encodeHardState, encodeLogRecord, encodeSnapshotMeta } from '../../node/wire/raft-codec.ts';

const conf = { voters: ['A', 'B', 'C'], learners: [] };
const open = (dir: string, log?: pino.Logger) => LevelStorage.open({ dir, cluster: 'c1', node: 'A', initialConf: conf, ...(log ? { log } : {}) });
const logOf = (s: LevelStorage) => s.entries(s.firstIndex(), s.lastIndex() + 1, Infinity).map((e) => `${e.index}:${e.term}`);
const ent = (index: number, term: number): Entry => ({ type: 'normal', index, term, data: new TextEncoder().encode(`e${index}`) });

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-snapshots-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `n` bytes tagged with `tag`, so two images are told apart. */
function image(n: number, tag: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + tag) & 0xff;
  return out;
}

/** A storage holding entries 1..n (term 1), all committed. */
async function withLog(dir: string, n: number): Promise<LevelStorage> {
  const s = await open(dir);
  await s.persist({ entries: Array.from({ length: n }, (_, i) => ent(i + 1, 1)), hardState: { term: 1, vote: 'A', commit: n } });
  return s;
}

async function snapshotAt(s: LevelStorage, index: number, data: Uint8Array, compactTo = index): Promise<void> {
  await s.saveSnapshot(await s.saveImage(index, s.term(index), data), conf, data, compactTo);
}

async function rawGet(dir: string, key: string): Promise<Uint8Array | undefined> {
  const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
  try {
    return await raw.get(key);
  } finally {
    await raw.close();
  }
}

const snapDir = (dir: string) => path.join(dir, 'snap');

test("a snapshot's image lands in its own file under snap/, the database names it, and a reopened node has the same state", () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 8);
    const data = image(200_000, 1);
    await snapshotAt(s, 6, data, 4);
    await s.close();
    assert.deepEqual(readdirSync(snapDir(dir)), [imageName(6, 1)]);
    assert.equal(await rawGet(dir, 'r/snap/data'), undefined, 'no image bytes in LevelDB');
    const stored = decodeStoredSnapshot((await rawGet(dir, 'r/snap/meta'))!);
    assert.equal(stored.image, imageName(6, 1));
    assert.equal(stored.imageBytes, data.length);
    assert.deepEqual(Buffer.from(stored.imageSha256), createHash('sha256').update(data).digest());
    assert.deepEqual(stored.meta, { index: 6, term: 1, conf });
    const r = await open(dir);
    assert.deepEqual(r.snapshot().meta, { index: 6, term: 1, conf });
    assert.deepEqual(r.snapshot().data, data);
    assert.deepEqual(logOf(r), ['7:1', '8:1']);
    assert.deepEqual(r.initialState().hardState, { term: 1, vote: 'A', commit: 8 });
    await r.close();
  }));

test("a snapshot installed from the leader goes to its own file too, replacing the log", () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 3);
    const data = image(5000, 2);
    await s.persist({ snapshot: { meta: { index: 20, term: 4, conf }, data }, entries: [ent(21, 4)], hardState: { term: 4, vote: '', commit: 20 } });
    await s.close();
    assert.deepEqual(readdirSync(snapDir(dir)), [imageName(20, 4)]);
    const r = await open(dir);
    assert.deepEqual(r.snapshot().meta, { index: 20, term: 4, conf });
    assert.deepEqual(r.snapshot().data, data);
    assert.deepEqual(logOf(r), ['21:4']);
    await r.close();
  }));

test('a missing image file is refused at open, naming it', () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 4);
    await snapshotAt(s, 3, image(100, 3));
    await s.close();
    rmSync(path.join(snapDir(dir), imageName(3, 1)));
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && e.message.includes(`snapshot image snap/${imageName(3, 1)} named in the data directory is missing`));
  }));

test('a flipped byte or a truncation in the image is refused at open as corrupt, and the file is left as it is', () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 4);
    const data = image(3000, 4);
    await snapshotAt(s, 3, data);
    await s.close();
    const file = path.join(snapDir(dir), imageName(3, 1));
    const flipped = Buffer.from(data);
    flipped[2999] = flipped[2999]! ^ 0x80;
    writeFileSync(file, flipped);
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && e.message.includes(`snapshot image snap/${imageName(3, 1)}: checksum mismatch`));
    assert.deepEqual(readdirSync(snapDir(dir)), [imageName(3, 1)]);
    writeFileSync(file, data.subarray(0, 2999));
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && e.message.includes(`snapshot image snap/${imageName(3, 1)}: 2999 bytes where the database names 3000`));
  }));

test('the older image is deleted once the record naming a newer one is durable, and not before', () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 10);
    await snapshotAt(s, 4, image(100, 5));
    const next = image(100, 6);
    const ref = await s.saveImage(8, 1, next);
    assert.deepEqual(readdirSync(snapDir(dir)).sort(), [imageName(4, 1), imageName(8, 1)]);
    assert.equal(s.snapshot().meta.index, 4, 'an image written is not yet the snapshot');
    await s.saveSnapshot(ref, conf, next, 8);
    assert.deepEqual(readdirSync(snapDir(dir)), [imageName(8, 1)]);
    await s.close();
  }));

test('an image written but never named (a crash before its record) is deleted at open, and the named one stays the snapshot', () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 10);
    const named = image(100, 7);
    await snapshotAt(s, 4, named);
    await s.saveImage(8, 1, image(100, 8));
    await s.close();
    const r = await open(dir);
    assert.deepEqual(readdirSync(snapDir(dir)), [imageName(4, 1)]);
    assert.equal(r.snapshot().meta.index, 4);
    assert.deepEqual(r.snapshot().data, named);
    assert.deepEqual(logOf(r), ['5:1', '6:1', '7:1', '8:1', '9:1', '10:1']);
    await r.close();
  }));

test('a snapshot not newer than the one held is ignored and its image deleted', () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 10);
    const late = image(100, 9);
    const lateRef = await s.saveImage(5, 1, late);
    await snapshotAt(s, 7, image(100, 10));
    const kept = await s.saveSnapshot(lateRef, conf, late, 5);
    assert.equal(kept.meta.index, 7);
    assert.deepEqual(readdirSync(snapDir(dir)), [imageName(7, 1)]);
    await s.close();
  }));

test('a leftover half-written image is deleted at open and does not count; files not named like ours are left alone', () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 5);
    await snapshotAt(s, 2, image(50, 11));
    await s.close();
    writeFileSync(path.join(snapDir(dir), imageName(5, 1) + '.tmp'), image(20, 12));
    writeFileSync(path.join(snapDir(dir), 'README'), 'an operator note');
    const r = await open(dir);
    assert.deepEqual(readdirSync(snapDir(dir)).sort(), ['README', imageName(2, 1)].sort());
    assert.equal(r.snapshot().meta.index, 2);
    assert.deepEqual(logOf(r), ['3:1', '4:1', '5:1']);
    await r.close();
  }));

test('a fresh data directory opens with an empty snap/ folder and reopens as ours', () =>
  inTempDir(async (dir) => {
    const s = await open(dir);
    await s.close();
    assert.deepEqual(readdirSync(snapDir(dir)), []);
    const r = await open(dir);
    assert.equal(r.snapshot().meta.index, 0);
    await r.close();
  }));

test('a directory holding only a snap/ folder is not taken for a fresh one', () =>
  inTempDir(async (dir) => {
    mkdirSync(snapDir(dir));
    writeFileSync(path.join(snapDir(dir), imageName(3, 1)), 'x');
    await assert.rejects(open(dir), (e: unknown) => e instanceof DataDirError && /holds no rosterd database/.test(e.message));
    assert.deepEqual(readdirSync(dir), ['snap']);
  }));

test('a format-2 directory (the image inside LevelDB) is migrated at open and reopens with the same snapshot and log', () =>
  inTempDir(async (dir) => {
    const data = image(70_000, 13);
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    await raw.batch([
      { type: 'put', key: 'm/format', value: new TextEncoder().encode(JSON.stringify({ format: 'rosterd-data', version: 2, cluster: 'c1', node: 'A' })) },
      { type: 'put', key: 'r/snap/meta', value: encodeSnapshotMeta({ index: 5, term: 2, conf }) },
      { type: 'put', key: 'r/snap/data', value: data },
      { type: 'put', key: 'r/log/0000000000000004', value: encodeLogRecord([ent(4, 2), ent(5, 2), ent(6, 2)]) },
      { type: 'put', key: 'r/log/0000000000000007', value: encodeLogRecord([ent(7, 3)]) },
      { type: 'put', key: 'r/hs', value: encodeHardState({ term: 3, vote: 'B', commit: 7 }) },
    ]);
    await raw.close();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const s = await open(dir, pino({}, sink));
    assert.ok(lines.some((l) => l.includes('migrated data directory from format 2 to 3')), lines.join(''));
    assert.deepEqual(s.snapshot().meta, { index: 5, term: 2, conf });
    assert.deepEqual(s.snapshot().data, data);
    assert.deepEqual(logOf(s), ['6:2', '7:3']);
    assert.deepEqual(s.initialState().hardState, { term: 3, vote: 'B', commit: 7 });
    await s.close();
    assert.equal(await rawGet(dir, 'r/snap/data'), undefined);
    assert.equal(JSON.parse(new TextDecoder().decode(await rawGet(dir, 'm/format'))).version, 3);
    assert.deepEqual(readdirSync(snapDir(dir)), [imageName(5, 2)]);
    const again = await open(dir);
    assert.deepEqual(again.snapshot().data, data);
    assert.deepEqual(logOf(again), ['6:2', '7:3']);
    await again.close();
  }));

test('a format-2 directory without a snapshot is migrated too', () =>
  inTempDir(async (dir) => {
    const raw = new Level<string, Uint8Array>(dir, { valueEncoding: 'view' });
    await raw.put('m/format', new TextEncoder().encode(JSON.stringify({ format: 'rosterd-data', version: 2, cluster: 'c1', node: 'A' })));
    await raw.put('r/log/0000000000000001', encodeLogRecord([ent(1, 1), ent(2, 1)]));
    await raw.close();
    const s = await open(dir);
    assert.deepEqual(logOf(s), ['1:1', '2:1']);
    await s.close();
    assert.equal(JSON.parse(new TextDecoder().decode(await rawGet(dir, 'm/format'))).version, 3);
  }));

// A log write that waited for the image would never complete: the timeout fails the test.
test('log writes complete while an image write is held up: the image is not in their way', { timeout: 60_000 }, () =>
  inTempDir(async (dir) => {
    const s = await withLog(dir, 3);
    // A FIFO where the image's temporary file goes: opening it for writing blocks
    // until a reader comes, so the image write cannot finish before the test lets it.
    execFileSync('mkfifo', [path.join(snapDir(dir), imageName(3, 1) + '.tmp')]);
    const order: string[] = [];
    const imageWrite = s.saveImage(3, 1, image(1 << 20, 14)).then(
      () => order.push('image'),
      () => order.push('image failed'),
    );
    await s.persist({ entries: [ent(4, 1)], hardState: { term: 1, vote: 'A', commit: 4 } });
    order.push('log');
    assert.deepEqual(order, ['log']);
    assert.equal(s.lastIndex(), 4);
    // Let the image write go on: read the FIFO to its end.
    const drained = new Promise<void>((resolve) => createReadStream(path.join(snapDir(dir), imageName(3, 1) + '.tmp')).on('data', () => {}).on('close', resolve));
    await imageWrite;
    await drained;
    assert.equal(order.length, 2);
    await s.close();
    // Whatever the image write made of the FIFO, nothing names it: open removes it.
    const r = await open(dir);
    assert.ok(!existsSync(path.join(snapDir(dir), imageName(3, 1) + '.tmp')));
    assert.deepEqual(logOf(r), ['1:1', '2:1', '3:1', '4:1']);
    await r.close();
  }));
