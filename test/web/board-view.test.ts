import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boardView, shownBlock, type BoardReads } from '../../node/web/board-view.ts';

// The board event is the read API's replies reshaped: seats from the schedule and its
// standing covers, pool numbers from GetPools, the report from Contingency.

const block = { id: 'b2', start: '2026-08-01', end: '2026-08-28' };
const reads: BoardReads = {
  servedBy: 'B',
  appliedIndex: 17,
  msSinceLeaderContact: 30,
  asked: '',
  blocks: [block, { id: 'b1', start: '2026-07-01', end: '2026-07-28' }],
  schedule: {
    header: { appliedIndex: 17, msSinceLeaderContact: 30, servedBy: 'B' },
    block,
    assignments: [{ person: 'r1', facility: 'A', pool: 'ICU', block: 'b2' }],
    coverage: [
      { id: 'w1', facility: 'C', stamp: null, reason: 'night', cover: { person: 'r2', facility: 'A', pool: 'ICU', block: 'b2' }, uncover: null, op: 'cover', status: { kind: 'STANDING', reason: '', winner: null, winnerIsFinal: false, winnerId: '', withdrawnBy: '', withdrew: [], resolution: '', resolvedAt: 0 }, index: 12, provisional: false },
      { id: 'w2', facility: 'B', stamp: null, reason: '', cover: { person: 'r3', facility: 'A', pool: 'ICU', block: 'b2' }, uncover: null, op: 'cover', status: { kind: 'STANDING', reason: '', winner: null, winnerIsFinal: false, winnerId: '', withdrawnBy: '', withdrew: [], resolution: '', resolvedAt: 0 }, index: 0, provisional: true },
      { id: 'w3', facility: 'C', stamp: null, reason: '', cover: { person: 'r1', facility: 'A', pool: 'Clinic', block: 'b2' }, uncover: null, op: 'cover', status: { kind: 'CONFLICT', reason: 'r1 holds a final assignment', winner: { person: 'r1', facility: 'A', pool: 'ICU', block: 'b2' }, winnerIsFinal: true, winnerId: '', withdrawnBy: '', withdrew: [], resolution: '', resolvedAt: 0 }, index: 13, provisional: false },
    ],
  },
  pools: [{ header: null, facility: 'A', custom: false, pools: [{ pool: { name: 'ICU', capacity: 6, reserved: 5, borrowLimit: 1, flex: false }, assigned: 2, borrowed: 0, lent: 0, left: 4 }] }],
  people: [
    { id: 'r1', name: 'Dr One', role: 'RESIDENT', homeFacility: 'A' },
    { id: 'r2', name: 'Dr Two', role: 'FACULTY', homeFacility: 'C' },
  ],
  contingency: undefined,
  ledger: undefined,
  changes: [{ index: 12, timestampMs: 5, requestId: 'x', kind: 'coverage', detail: 'covered', added: [], removed: [], lock: null, poolsFacility: '', pools: [], block: null, coverage: [] }],
  problems: [],
};

test('without ?block= the newest block by start date is shown', () => {
  assert.equal(shownBlock('', reads.blocks), 'b2');
  assert.equal(shownBlock('b1', reads.blocks), 'b1');
  assert.equal(shownBlock('', []), undefined);
});

test('a pool holds its final assignments and the standing covers in the log, not covers journaled here', () => {
  const board = boardView(reads);
  const icu = board.facilities[0]?.pools[0];
  assert.deepEqual(icu?.seats, [
    { person: 'r1', name: 'Dr One', role: 'resident', provisional: false },
    { person: 'r2', name: 'Dr Two', role: 'faculty', provisional: true },
  ]);
  assert.equal(icu?.assigned, 2, 'the count is GetPools');
  assert.deepEqual(board.blocks.map((b) => b.id), ['b1', 'b2']);
});

test('every emergency write is listed, a conflict with why it lost and to what', () => {
  const board = boardView(reads);
  assert.deepEqual(board.coverage.map((c) => [c.id, c.status, c.provisional]), [['w1', 'STANDING', false], ['w2', 'STANDING', true], ['w3', 'CONFLICT', false]]);
  assert.equal(board.coverage[2]?.conflict, 'r1 holds a final assignment; held by the final approval r1 at A/ICU');
  assert.equal(board.coverage[0]?.write, 'cover r2 at A/ICU');
  assert.deepEqual(board.changes, [{ index: 12, timestampMs: 5, kind: 'coverage', detail: 'covered' }]);
});

test('the ledger panel lists the block\'s commitments newest first, each with who signed it, under the head', () => {
  const vote = (facility: string) => ({ facility, block: 'b2', version: 0, digest: Buffer.alloc(0), prevHash: Buffer.alloc(0), signature: Buffer.alloc(0) });
  const entry = (seq: number, version: number, digest: number, signers: string[]) => ({
    seq, prevHash: Buffer.alloc(32), block: 'b2', version, digest: Buffer.alloc(32, digest), timeMs: 0, proposer: 'A', votes: signers.map(vote), dissent: [], hash: Buffer.alloc(32), index: 0,
  });
  const ledger = { cluster: 'c', entries: [entry(1, 3, 0xab, ['C', 'A']), entry(4, 9, 0xcd, ['B', 'A', 'C'])], headSeq: 6, headHash: Buffer.alloc(32, 0xef), nextSeq: 0, appliedIndex: 17, keys: [], facilities: ['A', 'B', 'C'] };
  const board = boardView({ ...reads, ledger });
  assert.deepEqual(board.ledger, {
    head: 'ef'.repeat(32),
    seq: 6,
    commitments: [
      { seq: 4, version: 9, digest: 'cd'.repeat(32), signers: ['A', 'B', 'C'] },
      { seq: 1, version: 3, digest: 'ab'.repeat(32), signers: ['A', 'C'] },
    ],
  });
  assert.equal(boardView(reads).ledger, undefined, 'no ledger read: no panel');
});
