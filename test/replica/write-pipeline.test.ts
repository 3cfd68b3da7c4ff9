import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBatches } from '../../node/replica/write-pipeline.ts';
import type { Entry } from '../../node/raft/types.ts';

const e = (index: number, term: number): Entry => ({ type: 'normal', index, term, data: new Uint8Array([index]) });

test('merged batches keep every entry in order when they follow one another', () => {
  const m = mergeBatches([
    { entries: [e(1, 1), e(2, 1)], rows: [], hardState: { term: 1, vote: 'A', commit: 0 } },
    { entries: [e(3, 1)], rows: [{ type: 'put', key: 'sm/a', value: new Uint8Array() }], applied: 2 },
  ]);
  assert.deepEqual(m.entries.map((x) => [x.index, x.term]), [[1, 1], [2, 1], [3, 1]]);
  assert.deepEqual(m.hardState, { term: 1, vote: 'A', commit: 0 });
  assert.equal(m.applied, 2);
  assert.equal(m.rows.length, 1);
});

test('a later batch replaces an earlier one\'s entries from its first index on, as writing both in order would', () => {
  const m = mergeBatches([
    { entries: [e(5, 1), e(6, 1), e(7, 1)], rows: [] },
    { entries: [e(6, 2)], rows: [], hardState: { term: 2, vote: '', commit: 5 } },
  ]);
  assert.deepEqual(m.entries.map((x) => [x.index, x.term]), [[5, 1], [6, 2]]);
  assert.deepEqual(m.hardState, { term: 2, vote: '', commit: 5 });
});

test('the last hard state and applied index win, and rows keep their order', () => {
  const put = (k: string) => ({ type: 'put' as const, key: k, value: new Uint8Array() });
  const m = mergeBatches([
    { entries: [], rows: [put('sm/1')], applied: 3, hardState: { term: 1, vote: '', commit: 3 } },
    { entries: [], rows: [put('sm/2'), { type: 'del', key: 'sm/1' }], applied: 4, hardState: { term: 1, vote: '', commit: 4 } },
  ]);
  assert.deepEqual(m.rows.map((r) => `${r.type}:${r.key}`), ['put:sm/1', 'put:sm/2', 'del:sm/1']);
  assert.equal(m.applied, 4);
  assert.equal(m.hardState?.commit, 4);
});

test('a snapshot is never merged with other batches', () => {
  const snap = { meta: { index: 9, term: 1, conf: { voters: ['A'], learners: [] } }, data: new Uint8Array() };
  assert.throws(() => mergeBatches([{ entries: [], rows: [], snapshot: snap }, { entries: [], rows: [] }]), /snapshots are written synchronously/);
});
