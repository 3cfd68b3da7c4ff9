import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ContingencyRun,
  DEFAULT_POOLS,
  formatContingencyReport,
  MAX_EXHAUSTIVE_SCENARIOS,
  runContingency,
  SAMPLED_SCENARIOS,
  ScheduleMachine,
  type ContingencyReport,
  type Facility,
  type PersonRole,
} from '../../node/schedule/index.ts';
import { Driver } from './harness.ts';
import { seededRandom } from './fixtures.ts';

// Contingency experiments on hand-made schedules: which pools fall below their reserved
// floor when K people are lost at once, and whether the pool rules allow covering the gap.
// Default pools at every facility: ICU 6/5/1, Clinic 8/7/1, Procedures 4/3/1, Flex 2 (flex).

const FACILITIES: readonly Facility[] = ['A', 'B', 'C'].map((id) => ({ id, name: `Facility ${id}`, pools: [...DEFAULT_POOLS] }));
const BLOCK = 'b1';

/** A schedule: people (id, role, home) and who sits where in block b1. */
function schedule(people: readonly [string, PersonRole, string][], seats: readonly [string, string, string][]): Driver {
  const d = new Driver(FACILITIES);
  d.ok({ kind: 'addBlock', block: { id: BLOCK, start: '2026-07-01', end: '2026-07-28' } });
  for (const [id, role, home] of people) d.ok({ kind: 'addPerson', person: { id, name: `Dr ${id}`, role, homeFacility: home } });
  for (const [person, facility, pool] of seats) d.ok({ kind: 'assign', assignment: { person, facility, pool, block: BLOCK } });
  return d;
}

const faculty = (ids: string[], home = 'B'): [string, PersonRole, string][] => ids.map((id) => [id, 'faculty', home]);
const seats = (ids: string[], facility: string, pool: string): [string, string, string][] => ids.map((id) => [id, facility, pool]);
const ICU5 = ['icu1', 'icu2', 'icu3', 'icu4', 'icu5'];

function report(d: Driver, lose: number | { fraction: number } = 1, extra: { facility?: string; seed?: number } = {}): ContingencyReport {
  const loss = typeof lose === 'number' ? ({ kind: 'count', people: lose } as const) : ({ kind: 'fraction', fraction: lose.fraction } as const);
  const r = runContingency(d.machine, { block: BLOCK, loss, seed: extra.seed ?? 1, ...(extra.facility ? { facility: extra.facility } : {}) });
  assert.ok(r, 'the block exists');
  return r;
}

test('losing one of a pool held at its reserve, with nobody to step in, fails in the reference words', () => {
  const d = schedule(faculty(ICU5), seats(ICU5, 'B', 'ICU'));
  const r = report(d);
  assert.equal(r.method, 'exhaustive');
  assert.equal(r.checked, 5);
  assert.equal(r.failed, 5);
  assert.equal(r.findings.find((f) => f.lost[0] === 'icu3')?.message, 'N-1 contingency failed: ICU at B drops to 4 of 5 reserved if icu3 is lost; no eligible cover');
});

test('a spare person of the same role and home facility covers the gap; another role or home does not', () => {
  const wrong = schedule([...faculty(ICU5), ['r1', 'resident', 'B'], ['f-a', 'faculty', 'A']], seats(ICU5, 'B', 'ICU'));
  assert.equal(report(wrong).failed, 5, 'a resident cannot replace faculty, nor someone of facility A a post at B');
  const right = schedule([...faculty(ICU5), ...faculty(['spare'])], seats(ICU5, 'B', 'ICU'));
  const r = report(right);
  assert.equal(r.failed, 0);
  assert.equal(r.covered, 5);
  assert.equal(r.findings[0]?.message, 'N-1 contingency covered: ICU at B drops to 4 of 5 reserved if icu1 is lost; cover: spare (unassigned faculty)');
});

test('a pool above its reserve (borrowing a flex seat) loses one person without a gap', () => {
  const six = [...ICU5, 'icu6'];
  const r = report(schedule(faculty(six), seats(six, 'B', 'ICU')));
  assert.deepEqual([r.failed, r.covered, r.held], [0, 0, 6]);
  assert.deepEqual(r.findings, []);
});

test('flex staff, then a borrower of another pool, step in; a pool at its own reserve gives nobody', () => {
  const clinic7 = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
  // Clinic at its reserve (7 of 7) can give nobody; flex staff can.
  const withFlex = schedule(faculty([...ICU5, ...clinic7, 'fx']), [...seats(ICU5, 'B', 'ICU'), ...seats(clinic7, 'B', 'Clinic'), ['fx', 'B', 'Flex']]);
  const icuLoss = report(withFlex).findings.find((f) => f.lost[0] === 'icu2');
  assert.equal(icuLoss?.message, 'N-1 contingency covered: ICU at B drops to 4 of 5 reserved if icu2 is lost; cover: fx (faculty, moved from flex pool Flex)');
  // Clinic at 8 of 7 borrows a flex seat: its eighth person can move to ICU.
  const clinic8 = [...clinic7, 'c8'];
  const withBorrower = schedule(faculty([...ICU5, ...clinic8]), [...seats(ICU5, 'B', 'ICU'), ...seats(clinic8, 'B', 'Clinic')]);
  const r = report(withBorrower, 1, { facility: 'B' });
  const gap = r.findings.find((f) => f.lost[0] === 'icu1')?.gaps[0];
  assert.deepEqual(gap?.covers.map((c) => [c.person, c.fromPool]), [['c1', 'Clinic']]);
  assert.equal(r.findings.filter((f) => f.lost[0]!.startsWith('c')).length, 0, 'Clinic losing one of 8 stays at its floor');
});

test('a pool already short before the loss is only asked back to where it was, and the shortfall is reported', () => {
  const three = ['icu1', 'icu2', 'icu3'];
  const r = report(schedule(faculty(three), seats(three, 'B', 'ICU')), 1, { facility: 'B' });
  assert.deepEqual(
    r.baseline.map((s) => `${s.pool} ${s.held}/${s.reserved}`),
    ['ICU 3/5', 'Clinic 0/7', 'Procedures 0/3'],
  );
  assert.equal(r.findings[0]?.message, 'N-1 contingency failed: ICU at B drops from 3 to 2 of 5 reserved if icu1 is lost; no eligible cover');
  assert.match(formatContingencyReport(r), /before any loss, below their reserved floor: at B ICU 3 of 5, Clinic 0 of 7, Procedures 0 of 3/);
});

test('N-2 is exhaustive over every pair, and one spare person is not counted twice', () => {
  const r = report(schedule(faculty([...ICU5, 'spare']), seats(ICU5, 'B', 'ICU')), 2);
  assert.equal(r.method, 'exhaustive');
  assert.equal(r.possible, 10);
  assert.equal(r.checked, 10);
  assert.equal(r.failed, 10);
  assert.equal(
    r.findings[0]?.message,
    'N-2 contingency failed: ICU at B drops to 3 of 5 reserved if icu1 and icu2 are lost; 1 of 2 covered (spare (unassigned faculty)); no eligible cover for the rest',
  );
});

test('losses at two facilities are reported pool by pool', () => {
  const d = schedule([...faculty(ICU5), ...faculty(['a1', 'a2', 'a3', 'a4', 'a5'], 'A'), ...faculty(['spare-a'], 'A')], [...seats(ICU5, 'B', 'ICU'), ...seats(['a1', 'a2', 'a3', 'a4', 'a5'], 'A', 'ICU')]);
  const f = report(d, 2).findings.find((x) => x.lost.join() === 'a1,icu1');
  assert.equal(
    f?.message,
    'N-2 contingency failed: ICU at A drops to 4 of 5 reserved and ICU at B drops to 4 of 5 reserved if a1 and icu1 are lost; ICU at A: cover: spare-a (unassigned faculty); ICU at B: no eligible cover',
  );
});

test('a blast radius is a fraction of the people in scope, rounded up, at least one', () => {
  const d = schedule(faculty([...ICU5, 'icu6']), seats([...ICU5, 'icu6'], 'B', 'ICU'));
  assert.equal(report(d, { fraction: 0.05 }).lose, 1);
  assert.equal(report(d, { fraction: 0.34 }).lose, 3);
  assert.equal(report(d, { fraction: 1 }).lose, 6);
});

test('--facility limits the people lost to those assigned there', () => {
  const d = schedule([...faculty(ICU5), ...faculty(['a1'], 'A')], [...seats(ICU5, 'B', 'ICU'), ['a1', 'A', 'Clinic']]);
  assert.equal(report(d).people, 6);
  const onlyA = report(d, 1, { facility: 'A' });
  assert.equal(onlyA.people, 1);
  assert.deepEqual(onlyA.findings.map((f) => f.lost), [['a1']]);
  assert.equal(report(d, 1, { facility: 'Z' }).checked, 0, 'an unknown facility has nobody to lose');
});

test('more combinations than MAX_EXHAUSTIVE_SCENARIOS are sampled from the seed, the same for the same seed', () => {
  // 34 people assigned at three facilities: C(34, 3) = 5984 > MAX_EXHAUSTIVE_SCENARIOS.
  const people: [string, PersonRole, string][] = [];
  const where: [string, string, string][] = [];
  for (const f of ['A', 'B', 'C']) {
    for (let i = 0; i < 5; i++) where.push([`${f}-icu${i}`, f, 'ICU']);
    for (let i = 0; i < 7; i++) where.push([`${f}-cl${i}`, f, 'Clinic']);
  }
  for (const [id, f] of where.slice(0, 34)) people.push([id, 'faculty', f]);
  for (let i = 0; i < 6; i++) people.push([`spare${i}`, i % 2 ? 'resident' : 'faculty', 'C']);
  const d = schedule(people, where.slice(0, 34));
  assert.ok(5984 > MAX_EXHAUSTIVE_SCENARIOS);
  const r = report(d, 3, { seed: 7 });
  assert.equal(r.method, 'sampled');
  assert.equal(r.people, 34);
  assert.equal(r.possible, 5984);
  assert.equal(r.checked, SAMPLED_SCENARIOS);
  assert.equal(r.failed + r.covered + r.held, r.checked);
  assert.deepEqual(report(d, 3, { seed: 7 }), r, 'the same seed draws the same sample');
  assert.notDeepEqual(report(d, 3, { seed: 8 }).findings.map((f) => f.lost), r.findings.map((f) => f.lost));
  assert.match(formatContingencyReport(r), /^contingency of block b1, all facilities: N-3, losing 3 of 34 assigned people at a time \(sampled: 2000 of 5984 combinations, seed 7\)/);
});

test('a run taken in small steps reports what one taken at once does, and reads the schedule only at its start', () => {
  const d = schedule(faculty([...ICU5, 'spare']), seats(ICU5, 'B', 'ICU'));
  const request = { block: BLOCK, loss: { kind: 'count', people: 2 }, seed: 1 } as const;
  const whole = runContingency(d.machine, request);
  const run = ContingencyRun.start(d.machine, request)!;
  d.ok({ kind: 'unassign', person: 'icu1', block: BLOCK });
  let steps = 0;
  while (!run.step(3)) steps++;
  assert.equal(steps, 3, '10 scenarios in steps of 3');
  assert.deepEqual(run.report(), whole);
});

test('a standing emergency cover holds a seat and can be lost, but its person is not moved to cover others', () => {
  const d = schedule([...faculty(ICU5), ...faculty(['cov', 'clinic-extra'])], seats(['icu1', 'icu2', 'icu3', 'icu4'], 'B', 'ICU'));
  d.ok({ kind: 'coverage', write: { id: 'w1', facility: 'B', stamp: { wallMs: 1, logical: 0 }, reason: '', op: { kind: 'cover', assignment: { person: 'icu5', facility: 'B', pool: 'ICU', block: BLOCK } } } }, { requestId: 'w1', issuer: 'B' });
  const r = report(d, 1, { facility: 'B' });
  assert.equal(r.people, 5, 'the cover counts as a seat');
  assert.deepEqual(r.baseline.filter((s) => s.pool === 'ICU'), [], 'ICU holds 5 with the cover');
  const lossOfCover = r.findings.find((f) => f.lost[0] === 'icu5');
  assert.equal(lossOfCover?.outcome, 'covered');
  assert.ok(lossOfCover?.gaps[0]?.covers.every((c) => c.person !== 'icu5'));
});

test('every cover found is an edit the schedule accepts (seeded random schedules)', () => {
  let checkedCovers = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const random = seededRandom(seed);
    const people: [string, PersonRole, string][] = [];
    for (let i = 0; i < 30; i++) people.push([`p${i}`, random() < 0.5 ? 'faculty' : 'resident', ['A', 'B'][Math.floor(random() * 2)]!]);
    const d = schedule(people, []);
    for (const [id, , home] of people) {
      if (random() < 0.2) continue;
      const pool = DEFAULT_POOLS[Math.floor(random() * DEFAULT_POOLS.length)]!;
      d.apply({ kind: 'assign', assignment: { person: id, facility: home, pool, block: BLOCK } });
    }
    const r = report(d, 1 + (seed % 2));
    for (const f of r.findings) {
      const copy = new Driver(FACILITIES);
      const machine = ScheduleMachine.restore(FACILITIES, d.machine.snapshot());
      Object.assign(copy, { machine, index: d.index, now: d.now });
      let edit = 0;
      const id = (): { requestId: string } => ({ requestId: `edit-${++edit}` });
      for (const p of f.lost) copy.ok({ kind: 'unassign', person: p, block: BLOCK }, id());
      for (const g of f.gaps) {
        for (const c of g.covers) {
          if (c.fromPool === '') copy.ok({ kind: 'assign', assignment: { person: c.person, facility: g.facility, pool: g.pool, block: BLOCK } }, id());
          else copy.ok({ kind: 'move', person: c.person, block: BLOCK, toPerson: '', toFacility: '', toPool: g.pool }, id());
        }
      }
      for (const g of f.gaps) {
        const held = machine.getSchedule(BLOCK)!.assignments.filter((a) => a.facility === g.facility && a.pool === g.pool).length;
        assert.equal(held, g.after + g.covers.length, `seed ${seed}: ${f.message}`);
        checkedCovers += g.covers.length;
      }
    }
  }
  assert.ok(checkedCovers > 50, `the schedules gave covers to check (${checkedCovers})`);
});

test('the block must exist, and lose and seed must be in range', () => {
  const d = schedule([], []);
  const one = { kind: 'count', people: 1 } as const;
  assert.equal(runContingency(d.machine, { block: 'nope', loss: one, seed: 1 }), undefined);
  assert.throws(() => runContingency(d.machine, { block: BLOCK, loss: { kind: 'count', people: 0 }, seed: 1 }), RangeError);
  assert.throws(() => runContingency(d.machine, { block: BLOCK, loss: { kind: 'count', people: 65 }, seed: 1 }), RangeError);
  assert.throws(() => runContingency(d.machine, { block: BLOCK, loss: { kind: 'fraction', fraction: 0 }, seed: 1 }), RangeError);
  assert.throws(() => runContingency(d.machine, { block: BLOCK, loss: { kind: 'fraction', fraction: 1.5 }, seed: 1 }), RangeError);
  assert.throws(() => runContingency(d.machine, { block: BLOCK, loss: one, seed: -1 }), RangeError);
  const empty = report(d);
  assert.deepEqual([empty.people, empty.lose, empty.checked], [0, 0, 0]);
  assert.match(formatContingencyReport(empty), /^contingency of block b1, all facilities: nobody holds a seat, so there is nobody to lose\n/);
});
