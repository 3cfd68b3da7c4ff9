import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { ManualClock } from '../../node/clock/index.ts';
import { HeadWatch, LedgerBook, signHead, type Statements } from '../../node/ledger/index.ts';
import { CLUSTER, genesisKeys, identity } from './fixtures.ts';

function watch(reported: Statements[]): { w: HeadWatch; book: LedgerBook } {
  const book = new LedgerBook(CLUSTER, ['A', 'B', 'C'], genesisKeys(['A', 'B', 'C']));
  const w = new HeadWatch({
    cluster: CLUSTER,
    facility: 'A',
    identity: identity('A'),
    ledger: () => book,
    peers: { requestVote: () => Promise.reject(new Error('unused')), getHead: () => Promise.reject(new Error('unused')) },
    clock: new ManualClock(0).scope(),
    intervalMs: 1000,
    timeoutMs: 100,
    report: (s) => reported.push(s),
    log: pino({ level: 'silent' }),
  });
  return { w, book };
}

test('a facility whose signed head disagrees with this ledger at the same sequence is reported as a split view, and cleared when it agrees again', () => {
  const { w, book } = watch([]);
  const mine = book.head();
  w.observe(signHead(identity('B'), CLUSTER, 0, mine.hash));
  assert.deepEqual(w.splitViews(), []);
  w.observe(signHead(identity('B'), CLUSTER, 0, Buffer.alloc(32, 9)));
  assert.deepEqual(
    w.splitViews().map((s) => s.facility),
    ['B'],
  );
  w.observe(signHead(identity('B'), CLUSTER, 0, mine.hash));
  assert.deepEqual(w.splitViews(), [], 'cleared');
});

test('a facility that signs two different heads at one sequence is reported as evidence; a head that does not verify is ignored', () => {
  const reported: Statements[] = [];
  const { w } = watch(reported);
  w.observe(signHead(identity('C'), CLUSTER, 5, Buffer.alloc(32, 1)));
  w.observe(signHead(identity('C'), CLUSTER, 5, Buffer.alloc(32, 2)));
  assert.equal(reported.length, 1);
  assert.equal(reported[0]!.kind, 'heads');
  w.observe(signHead(identity('C', 'mallory'), CLUSTER, 6, Buffer.alloc(32, 3)));
  w.observe(signHead(identity('C'), CLUSTER, 6, Buffer.alloc(32, 4)));
  assert.equal(reported.length, 1, 'the forged head counted for nothing');
});

test('this node signs its own head once per head', () => {
  const { w, book } = watch([]);
  const h = w.ownHead()!;
  assert.equal(h.seq, 0);
  assert.deepEqual(h.hash, book.head().hash);
  assert.equal(w.ownHead(), h, 'the same object until the head moves');
});
