import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScheduleMachine } from '../../node/schedule/index.ts';
import type { LockRecord, Op } from '../../node/schedule/index.ts';
import { Driver, T0 } from './harness.ts';

// Schedule locks (node/schedule/locks.ts): exclusive leases on a block or one facility's
// part of it, fencing tokens = the Raft index of the grant, leases judged by the log
// clock (the largest leader timestamp applied), never by the applying node's clock.

function world(): Driver {
  const d = new Driver([
    { id: 'A', name: 'Alpha', pools: ['ICU', 'Clinic', 'Flex'] },
    { id: 'B', name: 'Bravo', pools: ['ICU', 'Clinic', 'Flex'] },
  ]);
  d.block('b1');
  d.block('b2');
  d.people('p', 4);
  return d;
}

const acquire = (block: string, facility: string, holder: string, ttlMs = 60_000): Op => ({ kind: 'acquireLock', block, facility, holder, ttlMs });
const renew = (block: string, facility: string, token: number, ttlMs = 60_000): Op => ({ kind: 'renewLock', block, facility, token, ttlMs });
const release = (block: string, facility: string, token: number): Op => ({ kind: 'releaseLock', block, facility, token });
const assign = (person: string, facility: string, block = 'b1'): Op => ({ kind: 'assign', assignment: { person, facility, pool: 'ICU', block } });

function lockOf(d: Driver, op: Op): LockRecord {
  const out = d.ok(op);
  assert.ok(out.result.ok && out.result.lock, 'a lock command returns the lock');
  return (out.result as { lock: LockRecord }).lock;
}

test('acquire grants a lock whose token is the log index of the grant and whose lease runs on the log clock', () => {
  const d = world();
  const lock = lockOf(d, acquire('b1', '', 'alice', 30_000));
  assert.equal(lock.token, d.index);
  assert.deepEqual(lock, { block: 'b1', facility: '', holder: 'alice', token: d.index, grantedAtMs: T0, expiresAtMs: T0 + 30_000 });
  assert.deepEqual(d.machine.getLocks('b1'), [lock]);
  assert.deepEqual(d.machine.getLocks('b2'), []);
});

test('while a block is locked, an edit without the token is refused, naming the holder', () => {
  const d = world();
  const lock = lockOf(d, acquire('b1', '', 'alice'));
  d.refused(assign('p1', 'A'), 'conflict', /^block b1 is locked by alice \(token \d+, until .*\); this edit presents no lock token/);
  d.refused({ kind: 'unassign', person: 'p1', block: 'b1' }, 'notFound', /holds no assignment/);
  assert.equal(d.apply(assign('p1', 'A'), { lockTokens: [lock.token] }).result.ok, true);
  d.refused({ kind: 'unassign', person: 'p1', block: 'b1' }, 'conflict', /locked by alice/);
  d.refused(
    { kind: 'move', person: 'p1', block: 'b1', toPerson: '', toFacility: 'B', toPool: '' },
    'conflict',
    /locked by alice/,
  );
  // Other blocks are not affected.
  assert.equal(d.apply(assign('p1', 'A', 'b2')).result.ok, true);
});

test('a stale token (an older lock on the same block) is refused once a newer lock exists', () => {
  const d = world();
  const first = lockOf(d, acquire('b1', '', 'alice', 5_000));
  d.after(5_000); // alice's lease runs out by the log clock
  const second = lockOf(d, acquire('b1', '', 'bob', 60_000));
  assert.ok(second.token > first.token, 'tokens increase');
  d.refused(assign('p1', 'A'), 'conflict', /locked by bob .*the lock token presented \(\d+\) is stale/, { lockTokens: [first.token] });
  assert.equal(d.apply(assign('p1', 'A'), { lockTokens: [second.token] }).result.ok, true);
});

test('the token of an expired lease is refused even if nobody took the lock since', () => {
  const d = world();
  const lock = lockOf(d, acquire('b1', '', 'alice', 5_000));
  d.after(4_999);
  assert.equal(d.apply(assign('p1', 'A'), { lockTokens: [lock.token] }).result.ok, true, 'still live 1 ms before expiry');
  d.after(1);
  d.refused(assign('p2', 'A'), 'conflict', new RegExp(`^lock token ${lock.token} has expired: the lease on block b1 ran out at`), { lockTokens: [lock.token] });
  // Without a token the block is free again.
  assert.equal(d.apply(assign('p2', 'A')).result.ok, true);
});

test('leases are judged by the log clock: a command stamped by a leader with a slower clock does not revive a lease', () => {
  const d = world();
  const lock = lockOf(d, acquire('b1', '', 'alice', 5_000));
  d.after(6_000);
  d.ok({ kind: 'addPerson', person: { id: 'q', name: 'Q', role: 'resident', homeFacility: 'A' } }); // log clock: T0 + 6 s
  // The next leader's clock is 3 s behind: its timestamp is before the expiry, but the log clock is not.
  d.refused(assign('p1', 'A'), 'conflict', /has expired/, { lockTokens: [lock.token], timestampMs: T0 + 3_000 });
  assert.equal(d.machine.clockMs(), T0 + 6_000, 'the log clock never goes back');
  const bob = lockOf(d, { kind: 'acquireLock', block: 'b1', facility: '', holder: 'bob', ttlMs: 1_000 });
  assert.equal(bob.grantedAtMs, T0 + 6_000);
});

test('a whole-block lock conflicts with any lock on the block; facility parts of a block are independent', () => {
  const d = world();
  const a = lockOf(d, acquire('b1', 'A', 'alice'));
  d.refused(acquire('b1', '', 'bob'), 'conflict', /^block b1 at facility A is locked by alice .* block b1 cannot be locked by bob until then/);
  d.refused(acquire('b1', 'A', 'bob'), 'conflict', /locked by alice/);
  const b = lockOf(d, acquire('b1', 'B', 'bob'));
  assert.notEqual(a.token, b.token);
  const whole = lockOf(d, acquire('b2', '', 'carol'));
  d.refused(acquire('b2', 'A', 'dave'), 'conflict', /^block b2 is locked by carol/);
  void whole;
});

test('a facility-part lock fences only that facility; edits touching two locked parts need both tokens', () => {
  const d = world();
  const a = lockOf(d, acquire('b1', 'A', 'alice'));
  assert.equal(d.apply(assign('p1', 'B')).result.ok, true, 'B is not locked');
  d.refused(assign('p2', 'A'), 'conflict', /block b1 at facility A is locked by alice/);
  assert.equal(d.apply(assign('p2', 'A'), { lockTokens: [a.token] }).result.ok, true);
  // Moving p1 from B to A touches A (locked) and B (free): A's token suffices.
  assert.equal(d.apply({ kind: 'move', person: 'p1', block: 'b1', toPerson: '', toFacility: 'A', toPool: '' }, { lockTokens: [a.token] }).result.ok, true);
  const b = lockOf(d, acquire('b1', 'B', 'bob'));
  d.ok({ kind: 'move', person: 'p1', block: 'b1', toPerson: '', toFacility: 'B', toPool: '' }, { lockTokens: [a.token, b.token] });
  d.refused({ kind: 'exchange', first: { person: 'p1', block: 'b1' }, second: { person: 'p2', block: 'b1' } }, 'conflict', /at facility B is locked by bob/, { lockTokens: [a.token] });
  d.ok({ kind: 'exchange', first: { person: 'p1', block: 'b1' }, second: { person: 'p2', block: 'b1' } }, { lockTokens: [b.token, a.token] });
});

test('a token for another scope, or one that never existed, is refused', () => {
  const d = world();
  const b2 = lockOf(d, acquire('b2', '', 'alice'));
  const partB = lockOf(d, acquire('b1', 'B', 'bob'));
  d.refused(assign('p1', 'A'), 'conflict', new RegExp(`lock token ${b2.token} is not a live lock on block b1 at facility A`), { lockTokens: [b2.token] });
  d.refused(assign('p1', 'A'), 'conflict', new RegExp(`lock token ${partB.token} locks block b1 at facility B, which this edit does not touch`), { lockTokens: [partB.token] });
  d.refused(assign('p1', 'A'), 'conflict', /lock token 999 is not a live lock/, { lockTokens: [999] });
});

test('renew extends a live lease with the current token only', () => {
  const d = world();
  const lock = lockOf(d, acquire('b1', '', 'alice', 5_000));
  d.after(4_000);
  const renewed = lockOf(d, renew('b1', '', lock.token, 10_000));
  assert.equal(renewed.token, lock.token, 'renewing keeps the token');
  assert.equal(renewed.expiresAtMs, T0 + 14_000);
  d.after(9_000); // past the original lease, within the renewed one
  assert.equal(d.apply(assign('p1', 'A'), { lockTokens: [lock.token] }).result.ok, true);
  d.refused(renew('b1', '', lock.token + 1), 'conflict', /lock token \d+ is stale: block b1 is locked by alice/);
  d.refused(renew('b1', 'A', lock.token), 'notFound', /there is no lock on block b1 at facility A/);
  d.after(1_000);
  d.refused(renew('b1', '', lock.token), 'conflict', /expired at .*; acquire it again/);
});

test('release frees the block with the current token; a stale token cannot release the new holder\'s lock', () => {
  const d = world();
  const old = lockOf(d, acquire('b1', '', 'alice', 1_000));
  d.after(1_000);
  const current = lockOf(d, acquire('b1', '', 'bob'));
  d.refused(release('b1', '', old.token), 'conflict', /is stale: block b1 is locked by bob/);
  const released = d.ok(release('b1', '', current.token));
  assert.ok(released.result.ok && /released the lock on block b1/.test(released.result.detail));
  assert.deepEqual(d.machine.getLocks('b1'), []);
  assert.equal(d.apply(assign('p1', 'A')).result.ok, true, 'no token needed once released');
  d.refused(release('b1', '', current.token), 'notFound', /there is no lock on block b1/);
});

test('an expired lock can still be released by its holder, and is replaced by the next acquire', () => {
  const d = world();
  const lock = lockOf(d, acquire('b1', 'A', 'alice', 1_000));
  d.after(2_000);
  const out = d.ok(release('b1', 'A', lock.token));
  assert.ok(out.result.ok && /had expired/.test(out.result.detail));
  lockOf(d, acquire('b1', 'A', 'alice', 1_000));
  d.after(2_000);
  // An expired part lock in the way of a whole-block lock is dropped, not merely outlived.
  const whole = lockOf(d, acquire('b1', '', 'bob'));
  assert.deepEqual(d.machine.getLocks('b1'), [whole], 'the expired part lock is gone');
  const restored = ScheduleMachine.restore(d.machine.facilities(), d.machine.snapshot());
  assert.deepEqual(restored.getLocks('b1'), [whole], 'and is not in the snapshot');
});

test('a refused acquire leaves every lock in place (live and expired)', () => {
  const d = world();
  lockOf(d, acquire('b1', 'A', 'alice', 1_000));
  d.after(2_000); // A's part expired
  lockOf(d, acquire('b1', 'B', 'bob', 60_000));
  const before = d.machine.getLocks('b1');
  d.refused(acquire('b1', '', 'carol'), 'conflict', /locked by bob/);
  assert.deepEqual(d.machine.getLocks('b1'), before);
});

test('locks need an existing block and facility', () => {
  const d = world();
  d.refused(acquire('b9', '', 'alice'), 'notFound', /block b9 not found/);
  d.refused(acquire('b1', 'Z', 'alice'), 'notFound', /facility Z not found/);
  d.refused(acquire('b1', '', 'alice', 999), 'invalidArgument', /op\.ttlMs/);
});

test('locks survive a snapshot install, with the log clock', () => {
  const d = world();
  lockOf(d, acquire('b1', '', 'alice', 5_000));
  lockOf(d, acquire('b2', 'B', 'bob', 50_000));
  const copy = ScheduleMachine.restore(d.machine.facilities(), d.machine.snapshot());
  assert.deepEqual(copy.getLocks('b1'), d.machine.getLocks('b1'));
  assert.deepEqual(copy.getLocks('b2'), d.machine.getLocks('b2'));
  assert.equal(copy.clockMs(), d.machine.clockMs());
});
