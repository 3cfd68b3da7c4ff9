/**
 * Emergency coverage (AP) and its reconciliation with final approvals (CP), as the state
 * machine applies them (node/schedule/coverage.ts): a final approval beats emergency
 * coverage; among emergency writes the earlier stamp wins, ties broken by facility;
 * bulkhead limits hold; every write ends standing, withdrawn, confirmed, resolved or in
 * conflict with its reason and winner; and the outcome depends only on the set of writes
 * and the final approvals, not on the order journals arrive in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScheduleMachine, type Command, type CoverageRecord, type CoverageWrite, type Facility, type Op } from '../../node/schedule/index.ts';
import { seededRandom } from './fixtures.ts';
import { Driver, T0 } from './harness.ts';

const FACILITIES: readonly Facility[] = [
  { id: 'A', name: 'Alpha', pools: ['ICU', 'Clinic', 'Flex'] },
  { id: 'B', name: 'Bravo', pools: ['ICU', 'Clinic', 'Flex'] },
  { id: 'C', name: 'Charlie', pools: ['ICU', 'Clinic', 'Flex'] },
];

function cover(id: string, facility: string, wallMs: number, person: string, slot: string, block = 'b1', logical = 0): CoverageWrite {
  const [at, pool] = slot.split('/') as [string, string];
  return { id, facility, stamp: { wallMs, logical }, reason: 'night shift', op: { kind: 'cover', assignment: { person, facility: at, pool, block } } };
}

function uncover(id: string, facility: string, wallMs: number, person: string, block = 'b1'): CoverageWrite {
  return { id, facility, stamp: { wallMs, logical: 0 }, reason: '', op: { kind: 'uncover', person, block } };
}

/** A driver with people p1..p9 (home A) and block b1. */
function setup(): Driver {
  const d = new Driver(FACILITIES);
  d.people('p', 9);
  d.block('b1');
  return d;
}

/** Emergency coverage through Raft: the write is the request. */
function online(d: Driver, w: CoverageWrite) {
  return d.apply({ kind: 'coverage', write: w }, { requestId: w.id, issuer: w.facility });
}

function reconcile(d: Driver, facility: string, writes: CoverageWrite[]) {
  return d.ok({ kind: 'reconcile', facility, writes });
}

function status(d: Driver, id: string): CoverageRecord['status'] {
  const r = d.machine.coverageRecord(id);
  assert.ok(r, `no record of ${id}`);
  return r.status;
}

test('an emergency cover through Raft stands: it counts in the pools and is listed as coverage, apart from the final schedule', () => {
  const d = setup();
  const out = online(d, cover('e1', 'C', T0, 'p1', 'B/ICU'));
  assert.equal(out.result.ok, true);
  assert.equal(status(d, 'e1').kind, 'standing');
  assert.deepEqual(d.machine.getSchedule('b1')?.assignments, [], 'the final schedule is untouched');
  assert.equal(d.machine.poolUsage('b1', 'B')?.find((u) => u.spec.name === 'ICU')?.assigned, 1);
  assert.ok(out.result.ok && out.result.changes?.some((c) => c.kind === 'coverage' && c.id === 'e1' && c.to.kind === 'standing'));
});

test('an emergency cover through Raft that would double-book or overfill a pool is refused at once, and nothing is kept', () => {
  const d = setup();
  d.ok({ kind: 'assign', assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' } });
  let out = online(d, cover('e1', 'C', T0, 'p1', 'B/ICU'));
  assert.equal(out.result.ok, false);
  assert.match(out.result.ok ? '' : out.result.message, /final approval holds p1/);
  out = online(d, cover('e2', 'C', T0, 'nobody', 'B/ICU'));
  assert.equal(!out.result.ok && out.result.code, 'notFound');
  out = online(d, uncover('e3', 'C', T0, 'p2'));
  assert.equal(!out.result.ok && out.result.code, 'notFound');
  assert.deepEqual(d.machine.coverage(), [], 'refused writes are not kept');
});

test('a final approval beats emergency coverage: assigning the covered person elsewhere displaces the cover into the conflicts, naming the winner', () => {
  const d = setup();
  online(d, cover('e1', 'C', T0, 'p1', 'B/ICU'));
  d.ok({ kind: 'assign', assignment: { person: 'p1', facility: 'A', pool: 'Clinic', block: 'b1' } });
  const s = status(d, 'e1');
  assert.equal(s.kind, 'conflict');
  assert.ok(s.kind === 'conflict' && s.winner?.source === 'final' && s.winner.assignment.facility === 'A' && s.winner.assignment.pool === 'Clinic');
  assert.match(s.kind === 'conflict' ? s.reason : '', /final approval beats emergency coverage/);
});

test('a final approval beats emergency coverage for seats too: a pool filled by covers loses the latest of them', () => {
  const d = setup();
  d.ok({ kind: 'setPools', facility: 'B', pools: [{ name: 'ICU', capacity: 2, reserved: 2, borrowLimit: 0, flex: false }] });
  reconcile(d, 'C', [cover('e1', 'C', T0, 'p1', 'B/ICU'), cover('e2', 'C', T0 + 10, 'p2', 'B/ICU')]);
  assert.equal(status(d, 'e2').kind, 'standing');
  d.ok({ kind: 'assign', assignment: { person: 'p3', facility: 'B', pool: 'ICU', block: 'b1' } });
  assert.equal(status(d, 'e1').kind, 'standing', 'the earliest cover keeps its seat');
  assert.equal(status(d, 'e2').kind, 'conflict');
  assert.match(String((status(d, 'e2') as { reason: string }).reason), /pool ICU is full/);
});

test('among conflicting emergency writes the earlier stamp wins; a later-arriving earlier write displaces a standing one into the conflicts', () => {
  const d = setup();
  reconcile(d, 'C', [cover('c1', 'C', T0 + 100, 'p1', 'B/ICU')]);
  assert.equal(status(d, 'c1').kind, 'standing');
  // Facility B's journal arrives later, with an earlier write for the same person.
  reconcile(d, 'B', [cover('b1-w', 'B', T0 + 50, 'p1', 'A/Clinic')]);
  assert.equal(status(d, 'b1-w').kind, 'standing');
  const s = status(d, 'c1');
  assert.ok(s.kind === 'conflict' && s.winner?.source === 'emergency' && s.winner.id === 'b1-w', JSON.stringify(s));
  assert.match(s.kind === 'conflict' ? s.reason : '', /earlier timestamp wins/);
});

test('equal stamps are ordered by facility id', () => {
  const d = setup();
  reconcile(d, 'C', [cover('from-c', 'C', T0, 'p1', 'B/ICU')]);
  reconcile(d, 'B', [cover('from-b', 'B', T0, 'p1', 'A/ICU')]);
  assert.equal(status(d, 'from-b').kind, 'standing');
  assert.equal(status(d, 'from-c').kind, 'conflict');
});

test('a final assignment identical to a standing cover confirms it; an earlier cover arriving afterwards loses to the final approval', () => {
  const d = setup();
  reconcile(d, 'C', [cover('c1', 'C', T0 + 100, 'p1', 'B/ICU')]);
  d.ok({ kind: 'assign', assignment: { person: 'p1', facility: 'B', pool: 'ICU', block: 'b1' } });
  assert.deepEqual(status(d, 'c1'), { kind: 'confirmed' });
  reconcile(d, 'B', [cover('b1-w', 'B', T0 + 50, 'p1', 'A/Clinic')]);
  assert.equal(status(d, 'b1-w').kind, 'conflict');
  assert.deepEqual(status(d, 'c1'), { kind: 'confirmed' });
  assert.equal(d.machine.getSchedule('b1')?.assignments.length, 1);
  assert.equal(d.machine.poolUsage('b1', 'B')?.find((u) => u.spec.name === 'ICU')?.assigned, 1, 'a confirmed cover takes no second seat');
});
test('a write that arrives twice (through Raft and again from a journal, or in two journals) counts once', () => {
  const d = setup();
  const w = cover('e1', 'C', T0, 'p1', 'B/ICU');
  online(d, w);
  const out = reconcile(d, 'C', [w, cover('e2', 'C', T0 + 1, 'p2', 'B/ICU')]);
  assert.match(out.result.ok ? out.result.detail : '', /1 new, 1 already in the log/);
  reconcile(d, 'C', [w]);
  assert.equal(d.machine.coverage().length, 2);
  const retry = online(d, w);
  assert.equal(retry.result.ok, true, 'a retry of the online write gets its first outcome');
});

test('an uncover withdraws an earlier cover of the person; one with nothing earlier to withdraw is kept as a conflict', () => {
  const d = setup();
  reconcile(d, 'C', [cover('c1', 'C', T0, 'p1', 'B/ICU'), uncover('c2', 'C', T0 + 5, 'p1'), uncover('c3', 'C', T0 + 9, 'p2')]);
  assert.deepEqual(status(d, 'c1'), { kind: 'withdrawn', by: 'c2' });
  assert.deepEqual(status(d, 'c2'), { kind: 'applied', withdrew: ['c1'] });
  assert.equal(status(d, 'c3').kind, 'conflict');
  // An uncover stamped before the cover withdraws nothing, whatever order they arrive in.
  reconcile(d, 'B', [uncover('b1-u', 'B', T0 - 5, 'p4'), cover('b1-c', 'B', T0, 'p4', 'A/ICU')]);
  assert.equal(status(d, 'b1-c').kind, 'standing');
  assert.equal(status(d, 'b1-u').kind, 'conflict');
});

test('a coordinator settles an emergency write: dismiss withdraws one in conflict or standing; accept is refused, changing nothing, when the final rules forbid it', () => {
  const d = setup();
  d.ok({ kind: 'assign', assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' } });
  reconcile(d, 'C', [cover('c1', 'C', T0, 'p1', 'B/ICU'), cover('c2', 'C', T0, 'p2', 'B/ICU', 'b1', 1)]);
  assert.equal(status(d, 'c1').kind, 'conflict');
  // Accepting c1 would double-book p1: refused, nothing changes.
  d.refused({ kind: 'resolveConflict', id: 'c1', decision: 'accept' }, 'conflict', /cannot accept c1 as a final approval/);
  assert.equal(status(d, 'c1').kind, 'conflict');
  // A standing cover cannot be accepted (there is nothing to decide) but can be dismissed.
  d.refused({ kind: 'resolveConflict', id: 'c2', decision: 'accept' }, 'conflict', /cannot be accepted: it is standing/);
  d.ok({ kind: 'resolveConflict', id: 'c2', decision: 'dismiss' });
  assert.deepEqual(status(d, 'c2'), { kind: 'retired', why: 'dismissed', index: d.index });
  d.ok({ kind: 'resolveConflict', id: 'c1', decision: 'dismiss' });
  assert.equal(status(d, 'c1').kind, 'retired');
  // Retired writes stay out of play whatever happens to the block.
  d.ok({ kind: 'unassign', person: 'p1', block: 'b1' });
  assert.equal(status(d, 'c1').kind, 'retired');
  assert.equal(d.machine.poolUsage('b1', 'B')?.find((u) => u.spec.name === 'ICU')?.assigned, 0);
  d.refused({ kind: 'resolveConflict', id: 'c2', decision: 'dismiss' }, 'conflict', /cannot be dismissed/);
  d.refused({ kind: 'resolveConflict', id: 'nope', decision: 'dismiss' }, 'notFound', /no emergency write nope/);
});
test('accepting a conflicted cover assigns it by final approval, and the cover that beat it then loses to that final approval', () => {
  const d = setup();
  reconcile(d, 'C', [cover('c1', 'C', T0 + 10, 'p1', 'B/ICU')]);
  reconcile(d, 'B', [cover('b1-w', 'B', T0, 'p1', 'A/ICU')]);
  assert.equal(status(d, 'c1').kind, 'conflict');
  const out = d.ok({ kind: 'resolveConflict', id: 'c1', decision: 'accept' });
  assert.match(out.result.ok ? out.result.detail : '', /accepted c1: cover p1 -> B\/ICU in block b1 as a final approval/);
  assert.deepEqual(status(d, 'c1'), { kind: 'retired', why: 'accepted', index: d.index });
  assert.deepEqual(d.machine.getSchedule('b1')?.assignments, [{ person: 'p1', facility: 'B', pool: 'ICU', block: 'b1' }]);
  assert.equal(status(d, 'b1-w').kind, 'conflict');
});

test('a final unassign touches only final approvals: a person holding only emergency coverage is not found, and the cover stays', () => {
  const d = setup();
  reconcile(d, 'C', [cover('c1', 'C', T0, 'p1', 'B/ICU')]);
  d.refused({ kind: 'unassign', person: 'p1', block: 'b1' }, 'notFound', /holds no assignment/);
  assert.equal(status(d, 'c1').kind, 'standing');
});
test('unassigning the final approval that confirmed a cover lets the cover stand again: the emergency write is never lost', () => {
  const d = setup();
  reconcile(d, 'C', [cover('c1', 'C', T0, 'p1', 'B/ICU')]);
  d.ok({ kind: 'assign', assignment: { person: 'p1', facility: 'B', pool: 'ICU', block: 'b1' } });
  assert.equal(status(d, 'c1').kind, 'confirmed');
  d.ok({ kind: 'unassign', person: 'p1', block: 'b1' });
  assert.equal(status(d, 'c1').kind, 'standing');
});
test('a cover for a person or block not known yet is a conflict until a final approval adds them', () => {
  const d = setup();
  reconcile(d, 'C', [cover('c1', 'C', T0, 'newcomer', 'B/ICU'), cover('c2', 'C', T0, 'p1', 'B/ICU', 'b9')]);
  assert.match((status(d, 'c1') as { reason: string }).reason, /person newcomer not found/);
  assert.match((status(d, 'c2') as { reason: string }).reason, /block b9 not found/);
  d.person('newcomer');
  d.block('b9');
  assert.equal(status(d, 'c1').kind, 'standing');
  assert.equal(status(d, 'c2').kind, 'standing');
});

test('the outcome depends only on the set of emergency writes and the final approvals: any order of journals, interleaved anyhow with final approvals, gives the same schedule and statuses', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
    const random = seededRandom(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const people = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const slots = ['A/ICU', 'A/Clinic', 'B/ICU', 'B/Flex', 'C/ICU'];
    const finals: Op[] = [
      { kind: 'setPools', facility: 'B', pools: [{ name: 'ICU', capacity: 2, reserved: 1, borrowLimit: 1, flex: false }, { name: 'Flex', capacity: 1, reserved: 0, borrowLimit: 0, flex: true }] },
      ...Array.from({ length: 6 }, (): Op => {
        if (random() < 0.3) return { kind: 'unassign', person: pick(people), block: 'b1' };
        const [f, p] = pick(slots).split('/') as [string, string];
        return { kind: 'assign', assignment: { person: pick(people), facility: f, pool: p, block: 'b1' } };
      }),
    ];
    const journals = ['A', 'B', 'C'].map((facility) =>
      Array.from({ length: 6 }, (_, k) =>
        random() < 0.8
          ? cover(`${facility}-${k}`, facility, T0 + Math.floor(random() * 50), pick(people), pick(slots), 'b1', k)
          : uncover(`${facility}-${k}`, facility, T0 + Math.floor(random() * 50), pick(people)),
      ),
    );
    // Each run interleaves the final approvals (in their order) with the journals (in a
    // random order, each split in two submissions) at random points.
    const outcome = (run: number): unknown => {
      const r = seededRandom(seed * 1000 + run);
      const submissions = journals.flatMap((j, f) => [{ f, writes: j.slice(0, 3) }, { f, writes: j.slice(3) }]);
      for (let i = submissions.length - 1; i > 0; i--) {
        const k = Math.floor(r() * (i + 1));
        [submissions[i], submissions[k]] = [submissions[k]!, submissions[i]!];
      }
      const d = setup();
      let nextFinal = 0;
      for (const sub of submissions) {
        while (nextFinal < finals.length && r() < 0.5) d.apply(finals[nextFinal++]!);
        reconcile(d, ['A', 'B', 'C'][sub.f]!, sub.writes);
      }
      while (nextFinal < finals.length) d.apply(finals[nextFinal++]!);
      return { schedule: d.machine.getSchedule('b1'), coverage: d.machine.coverage().map((c) => ({ id: c.write.id, status: c.status })) };
    };
    const first = outcome(0);
    for (let run = 1; run < 6; run++) assert.deepEqual(outcome(run), first, `seed ${seed}, run ${run}: the order changed the outcome`);
    assert.equal((first as { coverage: unknown[] }).coverage.length, 18, 'every write ends somewhere');
  }
});
test('snapshots carry emergency coverage and its status; a restored machine goes on identically', () => {
  const d = setup();
  reconcile(d, 'C', [cover('c1', 'C', T0, 'p1', 'B/ICU'), cover('c2', 'C', T0 + 1, 'p1', 'A/ICU'), uncover('c3', 'C', T0 + 2, 'p9')]);
  const restored = ScheduleMachine.restore(FACILITIES, d.machine.snapshot());
  assert.deepEqual(restored.coverage(), d.machine.coverage());
  const next: Command = { requestId: 'n1', issuer: 'A', timestampMs: T0 + 5, op: { kind: 'assign', assignment: { person: 'p1', facility: 'A', pool: 'Clinic', block: 'b1' } } };
  assert.deepEqual(restored.apply(next, d.index + 1), d.machine.apply(next, d.index + 1));
  assert.deepEqual(restored.snapshot(), d.machine.snapshot());
});
