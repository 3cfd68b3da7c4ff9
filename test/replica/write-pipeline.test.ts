import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBatches, WritePipeline } from '../../node/replica/write-pipeline.ts';
import type { LevelStorage } from '../../node/storage/level-storage.ts';
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

test('a task runs alone, after every write queued before it is durable and before any write queued after it', async () => {
  const log: string[] = [];
  const pending: (() => void)[] = [];
  const storage = {
    persist: (b: { entries: readonly Entry[] }) =>
      new Promise<{ synced: boolean; written: boolean }>((resolve) => {
        log.push(`write ${b.entries.map((x) => x.index).join(',')}`);
        pending.push(() => resolve({ synced: true, written: true }));
      }),
  };
  const p = new WritePipeline(storage as unknown as LevelStorage, () => {}, (err) => assert.fail(err));
  p.enqueue({ batch: { entries: [e(1, 1)] }, durable: () => log.push('durable 1') });
  p.enqueue({ batch: { entries: [e(2, 1)] }, durable: () => log.push('durable 2') });
  const task = p.task(async () => {
    log.push('task');
  });
  p.enqueue({ batch: { entries: [e(3, 1)] }, durable: () => log.push('durable 3') });
  const settle = () => new Promise((r) => setImmediate(r));
  while (pending.length > 0 || p.pending() > 0) {
    pending.shift()?.();
    await settle();
  }
  await task;
  assert.deepEqual(log, ['write 1', 'durable 1', 'write 2', 'durable 2', 'task', 'write 3', 'durable 3']);
});

test('a failing task fails the pipeline and its caller', async () => {
  const failures: string[] = [];
  const p = new WritePipeline({} as LevelStorage, () => {}, (err) => failures.push(err.message));
  await assert.rejects(p.task(() => Promise.reject(new Error('disk full'))), /disk full/);
  assert.deepEqual(failures, ['disk full']);
});
