import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TailCachedLog } from '../../node/storage/tail-cached-log.ts';
import { CompactedError, EntryUnavailableError } from '../../node/raft/storage.ts';
import { entryBytes } from '../../node/raft/entry-size.ts';
import type { Entry } from '../../node/raft/types.ts';

const ent = (index: number, term: number, s = `e${index}`): Entry => ({ type: 'normal', index, term, data: new TextEncoder().encode(s) });

/** A log over a fake disk that holds every entry ever appended (as the records would) and counts the reads that reach it. */
function logWithDisk(tailEntries: number, offset = 0, offsetTerm = 0) {
  const disk = new Map<number, Entry>();
  let diskReads = 0;
  const log = new TailCachedLog(
    offset,
    offsetTerm,
    (lo, hi, maxBytes) => {
      diskReads++;
      const out: Entry[] = [];
      let bytes = 0;
      for (let i = lo; i < hi; i++) {
        const e = disk.get(i)!;
        bytes += entryBytes(e);
        if (out.length > 0 && bytes > maxBytes) break;
        out.push(e);
      }
      return out;
    },
    tailEntries,
  );
  const append = (entries: Entry[]) => {
    for (const e of entries) disk.set(e.index, e);
    log.append(entries);
  };
  return { log, append, disk, reads: () => diskReads };
}

const ids = (es: Entry[]) => es.map((e) => `${e.index}:${e.term}`);

test('the recent entries are served from memory and the log holds no more of them than its bound', () => {
  const { log, append, reads } = logWithDisk(4);
  for (let i = 1; i <= 20; i++) append([ent(i, 1)]);
  assert.ok(log.cachedEntries() <= 5, `held ${log.cachedEntries()} entries`);
  assert.deepEqual(ids(log.entries(18, 21, Infinity)), ['18:1', '19:1', '20:1']);
  assert.equal(reads(), 0);
});

test('entries older than the tail are read back from disk and joined with the tail in order', () => {
  const { log, append, reads } = logWithDisk(4);
  for (let i = 1; i <= 20; i++) append([ent(i, i < 10 ? 1 : 2)]);
  assert.deepEqual(ids(log.entries(1, 21, Infinity)), Array.from({ length: 20 }, (_, k) => `${k + 1}:${k + 1 < 10 ? 1 : 2}`));
  assert.equal(reads(), 1);
  assert.equal(log.term(3), 1);
  assert.equal(log.term(15), 2);
});

test('a byte bound that stops inside the disk part returns only what fits, with nothing from the tail after a gap', () => {
  const { log, append } = logWithDisk(2);
  for (let i = 1; i <= 10; i++) append([ent(i, 1, 'x'.repeat(100))]);
  const one = entryBytes(ent(1, 1, 'x'.repeat(100)));
  assert.deepEqual(ids(log.entries(1, 11, one * 3)), ['1:1', '2:1', '3:1']);
  // At least one entry, whatever the bound.
  assert.deepEqual(ids(log.entries(4, 11, 1)), ['4:1']);
});

test('a byte bound that the disk part does not reach goes on into the tail', () => {
  const { log, append } = logWithDisk(3);
  for (let i = 1; i <= 10; i++) append([ent(i, 1, 'x'.repeat(100))]);
  const one = entryBytes(ent(1, 1, 'x'.repeat(100)));
  assert.deepEqual(ids(log.entries(5, 11, one * 5)), ['5:1', '6:1', '7:1', '8:1', '9:1']);
});

test('an append that conflicts replaces every later entry, inside the tail and before it', () => {
  const { log, append } = logWithDisk(3);
  for (let i = 1; i <= 10; i++) append([ent(i, 1)]);
  append([ent(9, 2), ent(10, 2), ent(11, 2)]);
  assert.equal(log.lastIndex(), 11);
  assert.deepEqual(ids(log.entries(7, 12, Infinity)), ['7:1', '8:1', '9:2', '10:2', '11:2']);
  // Before the tail: the log is cut at 4 and the tail starts again from there.
  append([ent(4, 3)]);
  assert.equal(log.lastIndex(), 4);
  assert.equal(log.term(4), 3);
  assert.deepEqual(ids(log.entries(1, 5, Infinity)), ['1:1', '2:1', '3:1', '4:3']);
});

test('an entry that reads back with another term than the log holds is refused as a disagreement, not returned', () => {
  const { log, append, disk } = logWithDisk(2);
  for (let i = 1; i <= 6; i++) append([ent(i, 1)]);
  disk.set(2, ent(2, 7));
  assert.throws(() => log.entries(1, 4, Infinity), /the log on disk disagrees with the log in memory: entry 2 of term 1 reads back as entry 2 of term 7/);
});

test('compaction keeps the term at the compaction point and refuses reads before it', () => {
  const { log, append } = logWithDisk(3);
  for (let i = 1; i <= 10; i++) append([ent(i, i < 6 ? 1 : 2)]);
  log.compact(6);
  assert.equal(log.firstIndex(), 7);
  assert.equal(log.term(6), 2);
  assert.throws(() => log.term(5), CompactedError);
  assert.throws(() => log.entries(6, 8, Infinity), CompactedError);
  assert.deepEqual(ids(log.entries(7, 11, Infinity)), ['7:2', '8:2', '9:2', '10:2']);
  // Compacting into the tail drops the compacted entries from memory too.
  log.compact(9);
  assert.deepEqual(ids(log.entries(10, 11, Infinity)), ['10:2']);
  assert.throws(() => log.compact(11), EntryUnavailableError);
});

test('after a reset the log starts after the snapshot and an append may not leave a gap', () => {
  const { log, append } = logWithDisk(3);
  for (let i = 1; i <= 5; i++) append([ent(i, 1)]);
  log.reset(100, 4);
  assert.equal(log.firstIndex(), 101);
  assert.equal(log.lastIndex(), 100);
  assert.equal(log.term(100), 4);
  assert.equal(log.cachedEntries(), 0);
  assert.throws(() => log.append([ent(102, 4)]), /missing log entries: last 100, appending from 102/);
  // Entries at or below the snapshot are already covered: only the rest is kept.
  append([ent(99, 4), ent(100, 4), ent(101, 4)]);
  assert.deepEqual(ids(log.entries(101, 102, Infinity)), ['101:4']);
});
