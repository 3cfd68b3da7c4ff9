import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataDirError } from '../../node/storage/data-dir-error.ts';
import { imageName, sha256Sliced, SnapshotFiles } from '../../node/storage/snapshot-files.ts';

async function inTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-snapfiles-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `n` bytes that differ from one MiB slice to the next. */
function image(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + (i >> 20)) & 0xff;
  return out;
}

test('an image is named for its index and term, 16 hex digits each, so names sort by index', () => {
  assert.equal(imageName(0x1f, 3), 'snap-000000000000001f-0000000000000003.img');
  assert.ok(imageName(9, 5) < imageName(16, 1));
});

test('the sliced checksum is the SHA-256 of the whole image, across slice boundaries', async () => {
  for (const n of [0, 1, (1 << 20) - 1, 1 << 20, (3 << 20) + 17]) {
    const data = image(n);
    assert.deepEqual(Buffer.from(await sha256Sliced(data)).toString('hex'), createHash('sha256').update(data).digest('hex'), `${n} bytes`);
  }
});

test('the sliced checksum lets other work run between its slices', async () => {
  const data = image(4 << 20);
  let turns = 0;
  let hashing = true;
  const tick = (): void => {
    if (!hashing) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  await sha256Sliced(data);
  hashing = false;
  assert.ok(turns >= 3, `the loop turned ${turns} times while 4 MiB were hashed`);
});

test('a written image lies whole under snap/ with its length and checksum, and reads back the same', () =>
  inTempDir(async (dir) => {
    const files = new SnapshotFiles(dir);
    await files.prepare();
    const data = image((2 << 20) + 5);
    const ref = await files.write(7, 2, data);
    assert.deepEqual(readdirSync(path.join(dir, 'snap')), [imageName(7, 2)]);
    assert.equal(ref.file, imageName(7, 2));
    assert.equal(ref.bytes, data.length);
    assert.deepEqual(Buffer.from(ref.sha256), createHash('sha256').update(data).digest());
    assert.deepEqual(readFileSync(path.join(dir, 'snap', ref.file)), Buffer.from(data));
    assert.deepEqual(await files.read(ref), data);
  }));

test('reading an image refuses a missing file, a flipped byte and a truncated file, naming the file', () =>
  inTempDir(async (dir) => {
    const files = new SnapshotFiles(dir);
    await files.prepare();
    const data = image(4096);
    const ref = await files.write(3, 1, data);
    const file = path.join(dir, 'snap', ref.file);
    const flipped = Buffer.from(data);
    flipped[100] = flipped[100]! ^ 0x01;
    writeFileSync(file, flipped);
    await assert.rejects(files.read(ref), (e: unknown) => e instanceof DataDirError && e.message.includes(`snapshot image snap/${ref.file}: checksum mismatch`));
    writeFileSync(file, data.subarray(0, 4000));
    await assert.rejects(files.read(ref), (e: unknown) => e instanceof DataDirError && e.message.includes(`snapshot image snap/${ref.file}: 4000 bytes where the database names 4096`));
    rmSync(file);
    await assert.rejects(files.read(ref), (e: unknown) => e instanceof DataDirError && e.message.includes(`snapshot image snap/${ref.file} named in the data directory is missing`));
  }));

test('a name that is not the image of the named index and term is refused without reading anything', () =>
  inTempDir(async (dir) => {
    const files = new SnapshotFiles(dir);
    await files.prepare();
    const ref = await files.write(3, 1, image(10));
    await assert.rejects(files.read({ ...ref, file: '../../etc/passwd' }), (e: unknown) => e instanceof DataDirError && /names the image "..\/..\/etc\/passwd"/.test(e.message));
    await assert.rejects(files.read({ ...ref, index: 4 }), (e: unknown) => e instanceof DataDirError && /not snap-0000000000000004-0000000000000001.img/.test(e.message));
  }));

test('strays are our images and half-written images other than the one kept; other files stay', () =>
  inTempDir(async (dir) => {
    const files = new SnapshotFiles(dir);
    await files.prepare();
    const kept = await files.write(9, 2, image(10));
    await files.write(5, 1, image(10));
    const snap = path.join(dir, 'snap');
    writeFileSync(path.join(snap, imageName(12, 2) + '.tmp'), 'half');
    writeFileSync(path.join(snap, 'notes.txt'), 'mine');
    writeFileSync(path.join(snap, 'snap-1-1.img'), 'not our pattern');
    const removed = await files.removeStrays(kept.file);
    assert.deepEqual(removed.sort(), [imageName(5, 1), imageName(12, 2) + '.tmp']);
    assert.deepEqual(readdirSync(snap).sort(), [kept.file, 'notes.txt', 'snap-1-1.img'].sort());
  }));

test('removing an image that is already gone is not an error', () =>
  inTempDir(async (dir) => {
    const files = new SnapshotFiles(dir);
    await files.prepare();
    await files.remove(imageName(1, 1));
    assert.ok(existsSync(path.join(dir, 'snap')));
  }));
