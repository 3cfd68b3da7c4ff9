/**
 * The pieces of the partition suite that need no namespaces: the schedule-cell model as
 * the checker uses it on hand-made histories, and the reading of rosterd's errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status as Code } from '@grpc/grpc-js';
import { check } from '../lin/check.ts';
import { PENDING, type Operation } from '../lin/history.ts';
import { scheduleCellModel, type ScheduleInput, type ScheduleOutput } from '../lin/models/schedule-cell.ts';
import { classifyWriteError } from './workload.ts';
import { SeededRandom } from './rng.ts';

type Op = Operation<ScheduleInput, ScheduleOutput>;
const assign = (clientId: string, cell: string, value: string, call: number, ret: number, output?: ScheduleOutput): Op => ({
  clientId, input: { f: 'assign', cell, value }, call, return: ret, ...(output ? { output } : {}),
});
const unassign = (clientId: string, cell: string, call: number, ret: number, output?: ScheduleOutput): Op => ({
  clientId, input: { f: 'unassign', cell }, call, return: ret, ...(output ? { output } : {}),
});
const move = (clientId: string, cell: string, value: string, call: number, ret: number, output?: ScheduleOutput): Op => ({
  clientId, input: { f: 'move', cell, value }, call, return: ret, ...(output ? { output } : {}),
});
const read = (clientId: string, values: Record<string, string | null>, call: number, ret: number): Op => ({
  clientId, input: { f: 'read', cells: Object.keys(values) }, output: { values }, call, return: ret,
});

test('a read after an acknowledged assign that sees the old value is not linearizable (stale read)', () => {
  const h = [assign('w', 'b/p', 'A/ICU', 0, 10, { ok: true }), read('r', { 'b/p': null }, 20, 30)];
  const v = check(scheduleCellModel, h);
  assert.equal(v.linearizable, false);
  if (v.linearizable === false) assert.equal(v.counterexample.partition, 'b/p');
});

test('a read concurrent with an assign may see either value', () => {
  const h = [assign('w', 'b/p', 'A/ICU', 0, 10, { ok: true }), read('r1', { 'b/p': null }, 5, 8), read('r2', { 'b/p': 'A/ICU' }, 6, 9)];
  assert.equal(check(scheduleCellModel, h).linearizable, true);
});

test('assign is refused while another assignment is held, and an identical re-assign is an ok no-op', () => {
  const ok = [
    assign('a', 'b/p', 'A/ICU', 0, 1, { ok: true }),
    assign('b', 'b/p', 'B/Clinic', 2, 3, { refused: 'held' }),
    assign('c', 'b/p', 'A/ICU', 4, 5, { ok: true }),
    unassign('d', 'b/p', 6, 7, { ok: true }),
    unassign('e', 'b/p', 8, 9, { refused: 'missing' }),
  ];
  assert.equal(check(scheduleCellModel, ok).linearizable, true);
  const refusedOnEmpty = [assign('b', 'b/p', 'B/Clinic', 2, 3, { refused: 'held' })];
  assert.equal(check(scheduleCellModel, refusedOnEmpty).linearizable, false);
});

test('move changes a held cell to its new value and is refused on an empty cell', () => {
  const ok = [
    move('m0', 'b/p', 'B/ICU', 0, 1, { refused: 'missing' }),
    assign('a', 'b/p', 'A/ICU', 2, 3, { ok: true }),
    move('m1', 'b/p', 'C/Clinic', 4, 5, { ok: true }),
    read('r', { 'b/p': 'C/Clinic' }, 6, 7),
    move('m2', 'b/p', 'C/Clinic', 8, 9, { ok: true }),
  ];
  assert.equal(check(scheduleCellModel, ok).linearizable, true);
  // A move acknowledged on an empty cell, or a read that misses an acknowledged move, is a violation.
  assert.equal(check(scheduleCellModel, [move('m', 'b/p', 'B/ICU', 0, 1, { ok: true })]).linearizable, false);
  const lost = [assign('a', 'b/p', 'A/ICU', 0, 1, { ok: true }), move('m', 'b/p', 'B/ICU', 2, 3, { ok: true }), read('r', { 'b/p': 'A/ICU' }, 4, 5)];
  assert.equal(check(scheduleCellModel, lost).linearizable, false);
  // Refused as missing while the cell is held: a violation too.
  assert.equal(check(scheduleCellModel, [assign('a', 'b/p', 'A/ICU', 0, 1, { ok: true }), move('m', 'b/p', 'B/ICU', 2, 3, { refused: 'missing' })]).linearizable, false);
});

test('an assign with unknown outcome may or may not have taken effect', () => {
  const pending = assign('w', 'b/p', 'A/ICU', 0, PENDING);
  assert.equal(check(scheduleCellModel, [pending, read('r', { 'b/p': 'A/ICU' }, 50, 60)]).linearizable, true);
  assert.equal(check(scheduleCellModel, [pending, read('r', { 'b/p': null }, 50, 60)]).linearizable, true);
  // ...but at most once, and not before it was invoked.
  assert.equal(check(scheduleCellModel, [read('r0', { 'b/p': 'A/ICU' }, -20, -10), { ...pending }]).linearizable, false);
});

test('an acknowledged write missing from a later read is reported in its own cell, whatever other cells do', () => {
  const h = [
    assign('w1', 'b/p0', 'A/ICU', 0, 10, { ok: true }),
    assign('w2', 'b/p1', 'C/Flex', 0, 10, { ok: true }),
    read('final', { 'b/p0': 'A/ICU', 'b/p1': null }, 100, 110),
  ];
  const v = check(scheduleCellModel, h);
  assert.equal(v.linearizable, false);
  if (v.linearizable === false) assert.equal(v.counterexample.partition, 'b/p1');
});

test('write errors are read by rosterd\'s contract: redirect, refusal, not applied, or unknown', () => {
  const e = (code: Code, details: string, metadata: Record<string, string> = {}) => classifyWriteError({ code, details, metadata });
  assert.deepEqual(e(Code.FAILED_PRECONDITION, 'not the leader', { 'x-roster-leader-id': 'B' }), { kind: 'redirect', leader: 'B' });
  assert.deepEqual(e(Code.FAILED_PRECONDITION, 'person p0 already holds an assignment in block w00: A/ICU'), { kind: 'refused', why: 'held' });
  assert.deepEqual(e(Code.NOT_FOUND, 'person p0 holds no assignment in block w00'), { kind: 'refused', why: 'missing' });
  assert.deepEqual(e(Code.UNAVAILABLE, 'leadership changed before the write committed; it was not applied, retry'), { kind: 'fail' });
  assert.deepEqual(e(Code.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED'), { kind: 'fail' });
  assert.deepEqual(e(Code.UNAVAILABLE, 'the request was cancelled after it was proposed', { 'x-roster-outcome': 'unknown' }), { kind: 'unknown' });
  assert.deepEqual(e(Code.UNAVAILABLE, 'Connection dropped'), { kind: 'unknown' });
  assert.deepEqual(e(Code.DEADLINE_EXCEEDED, 'Deadline exceeded'), { kind: 'unknown' });
  assert.deepEqual(e(Code.NOT_FOUND, 'block w00 not found'), { kind: 'unexpected' });
  // A node in a minority refuses before proposing: not applied, whatever its words.
  const partitioned = { 'x-roster-error': 'partitioned', 'x-roster-partition-state': 'minority', 'x-roster-reachable': 'C', 'x-roster-unreachable': 'A,B' };
  assert.deepEqual(e(Code.UNAVAILABLE, 'Cannot create assignment: network partition detected. Partition state: minority.', partitioned), { kind: 'fail' });
});

test('seeded streams replay: the same seed and label give the same choices', () => {
  const a = new SeededRandom(42).fork('nemesis');
  const b = new SeededRandom(42).fork('nemesis');
  const c = new SeededRandom(42).fork('workload');
  const draw = (r: SeededRandom) => Array.from({ length: 8 }, () => r.int(1000));
  const da = draw(a);
  assert.deepEqual(da, draw(b));
  assert.notDeepEqual(da, draw(c));
});
