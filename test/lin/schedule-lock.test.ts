import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check } from './check.ts';
import { PENDING, type Operation } from './history.ts';
import {
  scheduleLockModel,
  type LockRefusal,
  type LockView,
  type ScheduleLockInput,
  type ScheduleLockOutput,
} from './models/schedule-lock.ts';
import { bruteForceLinearizable } from './testkit/brute-force.ts';
import { Rng } from './testkit/rng.ts';

// Times are wall-clock milliseconds; call/return use the same clock as `at`/`done`.
type Op = Operation<ScheduleLockInput, ScheduleLockOutput>;
const B = 'b1';

const op = (c: string, call: number, ret: number, input: ScheduleLockInput, output?: ScheduleLockOutput): Op =>
  ret === PENDING ? { clientId: c, call, return: PENDING, input } : { clientId: c, call, return: ret, input, output: output! };

/** acquire(holder c, ttl) granted token at log clock `grantedAt`, or refused, or pending. */
const grant = (c: string, call: number, ret: number, token: number, grantedAt: number, ttl = 1000): Op =>
  op(c, call, ret, { f: 'acquire', block: B, holder: c, ttlMs: ttl, at: call }, { ok: true, index: token, done: ret, lock: { holder: c, token, grantedAtMs: grantedAt, expiresAtMs: grantedAt + ttl } });
const refusedAcquire = (c: string, call: number, ret: number, lock?: LockView, ttl = 1000): Op =>
  op(c, call, ret, { f: 'acquire', block: B, holder: c, ttlMs: ttl, at: call }, { refused: lock ? { why: 'locked', lock } : { why: 'locked' }, done: ret });
const lostAcquire = (c: string, call: number, ttl = 1000): Op => op(c, call, PENDING, { f: 'acquire', block: B, holder: c, ttlMs: ttl, at: call });
const renew = (c: string, call: number, ret: number, token: number, ttl: number, out: { renewedAt: number; index: number } | LockRefusal): Op =>
  op(c, call, ret, { f: 'renew', block: B, token, ttlMs: ttl, at: call },
    'why' in out ? { refused: out, done: ret } : { ok: true, index: out.index, done: ret, lock: { holder: c, token, grantedAtMs: 0, expiresAtMs: out.renewedAt + ttl } });
const release = (c: string, call: number, ret: number, token: number, out: { index: number; was: LockView } | LockRefusal): Op =>
  op(c, call, ret, { f: 'release', block: B, token, at: call },
    'why' in out ? { refused: out, done: ret } : { ok: true, index: out.index, done: ret, lock: { ...out.was, grantedAtMs: 0 } });
const assign = (c: string, call: number, ret: number, tokens: number[], out: number | LockRefusal, value = 'A/ICU', person = 'k0'): Op =>
  op(c, call, ret, { f: 'assign', block: B, person, value, tokens, at: call },
    typeof out === 'number' ? { ok: true, index: out, done: ret } : { refused: out, done: ret });
const unassign = (c: string, call: number, ret: number, tokens: number[], out: number | LockRefusal, person = 'k0'): Op =>
  op(c, call, ret, { f: 'unassign', block: B, person, tokens, at: call }, typeof out === 'number' ? { ok: true, index: out, done: ret } : { refused: out, done: ret });
const readLock = (c: string, call: number, ret: number, lock: LockView | null, clockMs: number, applied: number): Op =>
  op(c, call, ret, { f: 'read-lock', block: B }, { lock, clockMs, applied });
const readCells = (c: string, call: number, ret: number, k0: string | null, applied: number): Op =>
  op(c, call, ret, { f: 'read-cells', block: B, persons: ['k0'] }, { values: { k0 }, applied });

const linearizable = (history: Op[]) => check(scheduleLockModel, history).linearizable;
const view = (holder: string, token: number, expiresAtMs: number): LockView => ({ holder, token, expiresAtMs });

test('a second grant while the first lease is surely live is caught; after it ran out on the log clock it is fine', () => {
  const a = grant('a', 0, 10, 5, 5); // lease until 1005
  assert.equal(linearizable([a, grant('b', 500, 510, 7, 505)]), false);
  assert.equal(linearizable([a, grant('b', 1100, 1110, 7, 1105)]), true);
  // The log clock at the grant must be where the lease had run out, whatever the wall clock says.
  assert.equal(linearizable([a, grant('b', 990, 1110, 7, 1000)]), false);
  assert.equal(linearizable([a, grant('b', 990, 1110, 7, 1005)]), true);
});

test('the log clock of a write lies between its call and its reply, and never goes back', () => {
  assert.equal(linearizable([grant('a', 500, 510, 5, 2000)]), false); // ahead of every clock
  assert.equal(linearizable([grant('a', 500, 510, 5, 400)]), false); // before the leader saw it
  assert.equal(linearizable([grant('a', 500, 510, 5, 503)]), true);
  // b's grant was stamped after a's reply, so its log clock is not below a's.
  assert.equal(linearizable([grant('a', 500, 510, 5, 509), release('a', 520, 530, 5, { index: 6, was: view('a', 5, 1509) }), grant('b', 540, 550, 7, 505)]), false);
});

test('acquire is refused only while a lease may be live', () => {
  assert.equal(linearizable([refusedAcquire('b', 0, 10)]), false);
  const a = grant('a', 0, 10, 5, 5);
  assert.equal(linearizable([a, refusedAcquire('b', 100, 110, view('a', 5, 1005))]), true);
  assert.equal(linearizable([a, refusedAcquire('a', 100, 110, view('a', 5, 1005))]), true); // no re-entry
  assert.equal(linearizable([a, refusedAcquire('b', 100, 110, view('a', 6, 1005))]), false); // not the lock there is
  assert.equal(linearizable([a, refusedAcquire('b', 1100, 1110)]), false); // surely expired
  assert.equal(linearizable([a, refusedAcquire('b', 990, 1100)]), true); // maybe still live
});

test('an edit presenting a token older than a later grant is refused, naming the live lock', () => {
  const h = [grant('a', 0, 10, 5, 5), grant('b', 1100, 1110, 7, 1105)];
  assert.equal(linearizable([...h, assign('a', 1200, 1210, [5], 8)]), false);
  assert.equal(linearizable([...h, assign('a', 1200, 1210, [5], { why: 'locked', lock: view('b', 7, 2105) })]), true);
  assert.equal(linearizable([...h, assign('a', 1200, 1210, [5], { why: 'not-live' })]), false);
  // ...also when the grant's reply was lost and a read revealed it.
  const lost = [grant('a', 0, 10, 5, 5), lostAcquire('b', 1100), readLock('r', 1200, 1210, view('b', 7, 2105), 1150, 7)];
  assert.equal(linearizable([...lost, assign('a', 1300, 1310, [5], 8)]), false);
});

test('the holder\'s edit is accepted during its lease and refused once the lease surely ran out', () => {
  const a = grant('a', 0, 10, 5, 5);
  assert.equal(linearizable([a, assign('a', 100, 110, [5], 6)]), true);
  assert.equal(linearizable([a, assign('a', 100, 110, [5], { why: 'expired' })]), false);
  assert.equal(linearizable([a, assign('a', 100, 110, [5], { why: 'locked' })]), false);
  assert.equal(linearizable([a, assign('a', 1100, 1110, [5], 6)]), false);
  assert.equal(linearizable([a, assign('a', 1100, 1110, [5], { why: 'expired', expiresAtMs: 1005, clockMs: 1102 })]), true);
  assert.equal(linearizable([a, assign('a', 1100, 1110, [5], { why: 'expired', expiresAtMs: 1006 })]), false);
  // Around the expiry either is possible, but not both in one order: accepted after refused as expired.
  assert.equal(linearizable([a, assign('a', 995, 1010, [5], 6)]), true);
  const refusedThenAccepted = [a, assign('a', 995, 1000, [5], { why: 'expired' }), assign('a', 1001, 1003, [5], 7)];
  assert.equal(linearizable(refusedThenAccepted), false);
  assert.equal(linearizable([a, refusedThenAccepted[2]!]), true);
});

test('an edit presenting no token is refused while a lease is live and accepted when none is', () => {
  const a = grant('a', 0, 10, 5, 5);
  assert.equal(linearizable([assign('x', 0, 10, [], 3)]), true);
  assert.equal(linearizable([a, assign('x', 100, 110, [], 6)]), false);
  assert.equal(linearizable([a, assign('x', 100, 110, [], { why: 'locked', lock: view('a', 5, 1005) })]), true);
  assert.equal(linearizable([a, assign('x', 1100, 1110, [], 6)]), true);
  // The person check of unassign comes before the fence; double booking after it.
  assert.equal(linearizable([a, unassign('x', 100, 110, [], { why: 'missing' })]), true);
  assert.equal(linearizable([a, assign('a', 100, 110, [5], 6, 'A/ICU'), assign('x', 200, 210, [], { why: 'booked', holds: 'A/ICU' }, 'B/ICU')]), false);
  assert.equal(linearizable([a, assign('a', 100, 110, [5], 6, 'A/ICU'), assign('a', 200, 210, [5], { why: 'booked', holds: 'A/ICU' }, 'B/ICU')]), true);
});

test('a renewal moves the expiry: a grant to another client before the new expiry is caught', () => {
  const h = [grant('a', 0, 10, 5, 5), renew('a', 800, 810, 5, 1000, { renewedAt: 805, index: 6 })];
  assert.equal(linearizable([...h, grant('b', 1100, 1110, 7, 1105)]), false);
  assert.equal(linearizable([...h, grant('b', 1900, 1910, 7, 1905)]), true);
  assert.equal(linearizable([...h, assign('a', 1100, 1110, [5], 7)]), true);
  // An expired lease cannot be renewed.
  assert.equal(linearizable([grant('a', 0, 10, 5, 5), renew('a', 1100, 1110, 5, 1000, { renewedAt: 1105, index: 6 })]), false);
  assert.equal(linearizable([grant('a', 0, 10, 5, 5), renew('a', 1100, 1110, 5, 1000, { why: 'expired', expiresAtMs: 1005 })]), true);
});

test('a released lock fences nothing; release needs the current token, also after the lease ran out', () => {
  const h = [grant('a', 0, 10, 5, 5), release('a', 100, 110, 5, { index: 6, was: view('a', 5, 1005) })];
  assert.equal(linearizable([...h, assign('a', 200, 210, [5], 7)]), false);
  assert.equal(linearizable([...h, assign('a', 200, 210, [5], { why: 'not-live' })]), true);
  assert.equal(linearizable([...h, grant('b', 200, 210, 7, 205)]), true);
  assert.equal(linearizable([...h, release('a', 200, 210, 5, { why: 'no-lock' })]), true);
  assert.equal(linearizable([grant('a', 0, 10, 5, 5), release('a', 2000, 2010, 5, { index: 6, was: view('a', 5, 1005) })]), true);
  const taken = [grant('a', 0, 10, 5, 5), grant('b', 1100, 1110, 7, 1105)];
  assert.equal(linearizable([...taken, release('a', 1200, 1210, 5, { index: 8, was: view('a', 5, 1005) })]), false);
  assert.equal(linearizable([...taken, release('a', 1200, 1210, 5, { why: 'stale', lock: view('b', 7, 2105) })]), true);
});

test('tokens are Raft indexes: a grant\'s token is its index, and indexes follow real time', () => {
  assert.equal(linearizable([grant('a', 0, 10, 5, 5), release('a', 20, 30, 5, { index: 4, was: view('a', 5, 1005) })]), false);
  assert.equal(linearizable([assign('x', 0, 10, [], 9), grant('a', 20, 30, 5, 25)]), false);
  const bad = op('a', 0, 10, { f: 'acquire', block: B, holder: 'a', ttlMs: 1000, at: 0 }, { ok: true, index: 6, done: 10, lock: { holder: 'a', token: 5, grantedAtMs: 5, expiresAtMs: 1005 } });
  assert.equal(linearizable([bad]), false);
  // Concurrent writes may complete in either order; their indexes decide the order.
  assert.equal(linearizable([assign('x', 0, 30, [], 9), grant('a', 5, 20, 12, 10)]), true);
  assert.equal(linearizable([assign('x', 0, 30, [], 9), grant('a', 5, 20, 12, 10), readCells('r', 25, 35, null, 10)]), false);
});

test('reads are linearizable: no lock shown after its release, no write missing below the applied index', () => {
  const h = [grant('a', 0, 10, 5, 5), release('a', 100, 110, 5, { index: 6, was: view('a', 5, 1005) })];
  assert.equal(linearizable([...h, readLock('r', 200, 210, view('a', 5, 1005), 105, 6)]), false);
  assert.equal(linearizable([...h, readLock('r', 200, 210, null, 105, 6)]), true);
  assert.equal(linearizable([...h, readLock('r', 50, 60, view('a', 5, 1005), 5, 5)]), true);
  assert.equal(linearizable([...h, readLock('r', 50, 60, view('a', 5, 1005), 4, 5)]), false); // log clock went back
  const w = [assign('x', 0, 10, [], 3, 'B/ICU')];
  assert.equal(linearizable([...w, readCells('r', 20, 30, 'B/ICU', 3)]), true);
  assert.equal(linearizable([...w, readCells('r', 20, 30, null, 3)]), false);
  assert.equal(linearizable([...w, readCells('r', 20, 30, null, 2)]), false);
});

test('a grant whose reply was lost may hold the lock until its lease ran out, or never have happened', () => {
  const lost = lostAcquire('a', 0);
  assert.equal(linearizable([lost, refusedAcquire('b', 100, 110, view('a', 3, 1003))]), true);
  assert.equal(linearizable([lost, grant('b', 100, 110, 3, 105)]), true);
  // Once a read showed it, it blocks others until it ran out.
  const shown = [lost, readLock('r', 100, 110, view('a', 3, 1003), 60, 3)];
  assert.equal(linearizable([...shown, grant('b', 500, 510, 4, 505)]), false);
  assert.equal(linearizable([...shown, grant('b', 1100, 1110, 4, 1105)]), true);
  // Its token is above every index before it.
  assert.equal(linearizable([assign('x', 0, 5, [], 7), lostAcquire('a', 10), readLock('r', 100, 110, view('a', 3, 1013), 60, 7)]), false);
});

test('locks of different blocks are checked apart, and a violation names its block', () => {
  const other = (o: Op): Op => ({ ...o, input: { ...o.input, block: 'b2' } });
  const h = [grant('a', 0, 10, 5, 5), other(grant('a', 0, 10, 6, 5)), other(grant('b', 500, 510, 7, 505))];
  const v = check(scheduleLockModel, h);
  assert.ok(v.linearizable === false);
  assert.equal(v.counterexample.partition, 'b2');
});

test('agrees with an exhaustive search on small random lock histories', () => {
  const rng = new Rng(7);
  const tally = { true: 0, false: 0 };
  for (let i = 0; i < 2500; i++) {
    const history: Op[] = Array.from({ length: 2 + rng.int(4) }, (_, j) => {
      const c = rng.pick(['a', 'b']);
      // Roughly sequential, so that many histories are linearizable; leases of 1000 ms
      // run out within the history.
      const call = j * 400 + rng.int(3) * 100;
      const ret = rng.next() < 0.15 ? PENDING : call + rng.int(4) * 150;
      const done = ret === PENDING ? call : ret;
      const index = j + 1 + (rng.next() < 0.2 ? 1 : 0);
      const token = rng.next() < 0.7 ? Math.max(1, j) : 1 + rng.int(4);
      const kind = rng.int(5);
      const refusal = rng.pick<LockRefusal>([{ why: 'locked' }, { why: 'expired' }, { why: 'not-live' }, { why: 'stale' }, { why: 'no-lock' }]);
      const refuse = rng.next() < 0.3;
      const input: ScheduleLockInput =
        kind === 0
          ? { f: 'acquire', block: B, holder: c, ttlMs: 1000, at: call }
          : kind === 1
            ? { f: 'release', block: B, token, at: call }
            : kind === 2
              ? { f: 'assign', block: B, person: 'k0', value: `v${j % 2}`, tokens: rng.next() < 0.3 ? [] : [token], at: call }
              : kind === 3
                ? { f: 'renew', block: B, token, ttlMs: 1000, at: call }
                : { f: 'read-lock', block: B };
      const clock = call + rng.int(2) * 50;
      const output: ScheduleLockOutput =
        kind === 4
          ? { lock: rng.next() < 0.5 ? null : view(rng.pick(['a', 'b']), token, clock + rng.int(3) * 400), clockMs: clock, applied: index }
          : refuse
            ? { refused: refusal, done }
            : kind === 0
              ? { ok: true, index, done, lock: { holder: c, token: index, grantedAtMs: clock, expiresAtMs: clock + 1000 } }
              : kind === 1
                ? { ok: true, index, done, lock: { holder: rng.next() < 0.7 ? c : 'x', token, grantedAtMs: 0, expiresAtMs: Math.max(1, j - 1) * 400 + 1000 + rng.int(3) * 50 } }
                : kind === 3
                  ? { ok: true, index, done, lock: { holder: c, token, grantedAtMs: 0, expiresAtMs: clock + 1000 } }
                  : { ok: true, index, done };
      return { clientId: `${c}${j}`, call, return: ret, input, ...(ret === PENDING ? {} : { output }) };
    });
    const expected = bruteForceLinearizable(scheduleLockModel, history);
    assert.equal(check(scheduleLockModel, history).linearizable, expected, JSON.stringify(history));
    tally[String(expected) as 'true' | 'false']++;
  }
  assert.ok(tally.true > 100 && tally.false > 100, JSON.stringify(tally));
});
