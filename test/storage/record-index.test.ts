import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordIndex } from '../../node/storage/record-index.ts';

const spans = (r: RecordIndex) => r.all().map((s) => `${s.first}-${s.last}`);

test('appended records follow one another and replace nothing', () => {
  const r = new RecordIndex();
  r.written(1, 3);
  assert.deepEqual(r.replacedBy(4), []);
  r.written(4, 9);
  r.written(10, 10);
  assert.deepEqual(spans(r), ['1-3', '4-9', '10-10']);
});

test('a record starting inside an earlier one replaces every later record and cuts the one it starts in', () => {
  const r = new RecordIndex();
  r.written(1, 3);
  r.written(4, 9);
  r.written(10, 12);
  assert.deepEqual(r.replacedBy(6).map((s) => s.first), [10]);
  assert.deepEqual(r.replacedBy(4).map((s) => s.first), [4, 10], 'a record at the same first index is replaced too');
  r.written(6, 7);
  assert.deepEqual(spans(r), ['1-3', '4-5', '6-7']);
  r.written(2, 2);
  assert.deepEqual(spans(r), ['1-1', '2-2']);
});

test('a snapshot covers only records wholly at or below its compaction point', () => {
  const r = new RecordIndex();
  r.written(1, 3);
  r.written(4, 9);
  r.written(10, 12);
  assert.deepEqual(r.coveredBy(8).map((s) => s.first), [1]);
  assert.deepEqual(r.coveredBy(9).map((s) => s.first), [1, 4]);
  r.dropCovered(9);
  assert.deepEqual(spans(r), ['10-12']);
  r.clear();
  assert.deepEqual(spans(r), []);
});

test('the record holding an entry is the one still in effect for it, after cuts and compaction', () => {
  const r = new RecordIndex();
  r.written(1, 3);
  r.written(4, 9);
  r.written(10, 12);
  r.written(6, 7);
  assert.deepEqual([1, 3, 4, 5, 6, 7].map((i) => r.containing(i)?.first), [1, 1, 4, 4, 6, 6]);
  assert.equal(r.containing(8), undefined, 'cut off by the record at 6');
  assert.equal(r.containing(0), undefined);
  r.dropCovered(3);
  assert.equal(r.containing(2), undefined);
  assert.equal(r.containing(5)?.first, 4);
});
