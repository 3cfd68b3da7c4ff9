import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeBatches, WritePipeline } from '../../node/replica/write-pipeline.ts';
import type { Completion, DurableLog, PersistOutcome } from '../../node/storage/durable-log.ts';
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

test('a task runs alone, after every write queued before it is durable and before any write queued after it', () => {
  const log: string[] = [];
  const pending: (() => void)[] = [];
  const storage = {
    write: (b: { entries: readonly Entry[] }, done: Completion<PersistOutcome>) => {
      log.push(`write ${b.entries.map((x) => x.index).join(',')}`);
      pending.push(() => done({ ok: true, value: { synced: true, written: true } }));
    },
  };
  const p = pipeline(storage, (err) => assert.fail(err));
  p.enqueue({ entries: [e(1, 1)] }, () => log.push('durable 1'));
  p.enqueue({ entries: [e(2, 1)] }, () => log.push('durable 2'));
  let taskDone = false;
  p.task(
    (done) => {
      log.push('task');
      done({ ok: true, value: undefined });
    },
    (r) => {
      assert.ok(r.ok);
      taskDone = true;
    },
  );
  p.enqueue({ entries: [e(3, 1)] }, () => log.push('durable 3'));
  while (pending.length > 0) pending.shift()!();
  assert.ok(taskDone);
  assert.equal(p.pending(), 0);
  assert.deepEqual(log, ['write 1', 'durable 1', 'write 2', 'durable 2', 'task', 'write 3', 'durable 3']);
});

test('a failing task fails the pipeline and its caller, and nothing after it is written', () => {
  const failures: string[] = [];
  const writes: number[] = [];
  const storage = { write: (b: { entries: readonly Entry[] }) => writes.push(b.entries.length) };
  const p = pipeline(storage, (err) => failures.push(err.message));
  let told: string | undefined;
  p.task(
    (done) => done({ ok: false, error: new Error('disk full') }),
    (r) => {
      told = r.ok ? 'ok' : r.error.message;
    },
  );
  p.enqueue({ entries: [e(1, 1)] }, () => assert.fail('written after a failure'));
  assert.equal(told, 'disk full');
  assert.deepEqual(failures, ['disk full']);
  assert.deepEqual(writes, []);
});

test('onDrained waits for every write queued so far, in order, and fires at once when idle', () => {
  const pending: (() => void)[] = [];
  const storage = { write: (_b: unknown, done: Completion<PersistOutcome>) => pending.push(() => done({ ok: true, value: { synced: true, written: true } })) };
  const p = pipeline(storage, (err) => assert.fail(err));
  const log: string[] = [];
  p.onDrained(() => log.push('idle'));
  p.enqueue({ entries: [e(1, 1)] }, () => log.push('durable 1'));
  p.onDrained(() => log.push('drained'));
  assert.deepEqual(log, ['idle']);
  while (pending.length > 0) pending.shift()!();
  assert.deepEqual(log, ['idle', 'durable 1', 'drained']);
});

function pipeline(storage: object, fail: (e: Error) => void): WritePipeline {
  return new WritePipeline({ storage: storage as DurableLog, monotonicMs: () => 0, observe: () => {}, fail });
}

test('jobs merged into one write learn which of their entries a later job replaced, so nothing acknowledges entries that never reached the disk', () => {
  // Found by the simulation running this pipeline (seed 230): a follower's acknowledgement
  // of index 293 from a term-8 leader went out after a merged write that held the term-9
  // leader's entry there instead.
  const pending: (() => void)[] = [];
  const written: string[] = [];
  const storage = {
    write: (b: { entries: readonly Entry[] }, done: Completion<PersistOutcome>) => {
      written.push(b.entries.map((x) => `${x.index}/${x.term}`).join(' '));
      pending.push(() => done({ ok: true, value: { synced: true, written: true } }));
    },
  };
  const p = pipeline(storage, (err) => assert.fail(err));
  const told = new Map<string, number>();
  p.enqueue({ entries: [e(1, 1)] }, (from) => told.set('first', from));
  // While the first write is on the disk, three more Readys arrive: they go out as one write.
  p.enqueue({ entries: [e(2, 1), e(3, 1), e(4, 1)] }, (from) => told.set('a', from));
  p.enqueue({ entries: [e(5, 1)] }, (from) => told.set('b', from));
  p.enqueue({ entries: [e(3, 2)] }, (from) => told.set('c', from));
  while (pending.length > 0) pending.shift()!();
  assert.deepEqual(written, ['1/1', '2/1 3/2']);
  assert.equal(told.get('first'), Infinity, 'written alone: nothing replaced');
  assert.equal(told.get('a'), 3, 'its entries from index 3 on were replaced within the write');
  assert.equal(told.get('b'), 3, 'its entry 5 was cut by the later entry at 3');
  assert.equal(told.get('c'), Infinity, 'the last job keeps everything it wrote');
});
