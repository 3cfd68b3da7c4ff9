import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBatches } from '../../node/replica/write-pipeline.ts';
import type { Entry } from '../../node/raft/types.ts';

const e = (index: number, term: number): Entry => ({ type: 'normal', index, term, data: new Uint8Array([index]) });

test('merged batches keep every entry in order when they follow one another', () => {
  const m = mergeBatches([
    { entries: [e(1, 1), e(2, 1)], hardState: { term: 1, vote: 'A', commit: 0 } },
    { entries: [e(3, 1)] },
  ]);
  assert.deepEqual(m.entries.map((x) => [x.index, x.term]), [[1, 1], [2, 1], [3, 1]]);
  assert.deepEqual(m.hardState, { term: 1, vote: 'A', commit: 0 });
});

test('a later batch replaces an earlier one\'s entries from its first index on, as writing both in order would', () => {
  const m = mergeBatches([
    { entries: [e(5, 1), e(6, 1), e(7, 1)] },
    { entries: [e(6, 2)], hardState: { term: 2, vote: '', commit: 5 } },
  ]);
  assert.deepEqual(m.entries.map((x) => [x.index, x.term]), [[5, 1], [6, 2]]);
  assert.deepEqual(m.hardState, { term: 2, vote: '', commit: 5 });
});

test('the last hard state wins', () => {
  const m = mergeBatches([
    { entries: [], hardState: { term: 1, vote: '', commit: 3 } },
    { entries: [], hardState: { term: 1, vote: '', commit: 4 } },
    { entries: [] },
  ]);
  assert.equal(m.hardState?.commit, 4);
});

test('a snapshot is never merged with other batches', () => {
  const snap = { meta: { index: 9, term: 1, conf: { voters: ['A'], learners: [] } }, data: new Uint8Array() };
  assert.throws(() => mergeBatches([{ entries: [], snapshot: snap }, { entries: [] }]), /snapshots are written synchronously/);
});
