import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { Cluster, sleep, waitFor, type CallResult } from './harness.ts';

// Lock fencing on real nodes: a lease runs out by the leaders' timestamps in the log,
// also when the leader that granted it is dead; the holder of an expired lease is fenced
// off once another coordinator holds the block; tokens outlive leader changes.

const BLOCK = 'b1';

async function must(r: Promise<CallResult>, what: string): Promise<any> {
  const res = await r;
  assert.ok(res.ok, `${what}: ${JSON.stringify(res)}`);
  return res.value;
}

/** Calls through the leader, retrying elections; returns the final result. */
async function write(c: Cluster, method: string, req: unknown): Promise<CallResult> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await c.leaderCall('roster', method, req, 8000);
    if (r.ok || Date.now() > deadline) return r;
    const leaderless = r.error.code === grpc.status.UNAVAILABLE || r.error.code === grpc.status.DEADLINE_EXCEEDED || r.error.metadata['x-roster-error'] === 'not_leader';
    if (!leaderless) return r;
    await sleep(100);
  }
}

/**
 * A linearizable read on one node, retried while it answers UNAVAILABLE: a leader change
 * during its read barrier (a loaded machine can miss a heartbeat) asks the client to retry,
 * which it does once a leader is agreed on again.
 */
async function readOn(c: Cluster, id: string, method: string, req: unknown): Promise<CallResult> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await c.node(id).call('roster', method, req, 5000);
    if (r.ok || Date.now() > deadline || r.error.code !== grpc.status.UNAVAILABLE) return r;
    // Retried once the nodes agree on a leader again (what the barrier was waiting for).
    await c.waitForLeader(Math.max(1, deadline - Date.now())).catch(() => undefined);
  }
}

function refused(r: CallResult, pattern: RegExp, what: string): void {
  assert.equal(r.ok, false, `${what} should be refused`);
  if (r.ok) return;
  assert.equal(r.error.code, grpc.status.FAILED_PRECONDITION, `${what}: ${r.error.details}`);
  assert.equal(r.error.metadata['x-roster-error'], 'conflict', 'a refusal, not a redirect');
  assert.match(r.error.details, pattern, what);
}

const assign = (person: string, tokens: number[] = []) => ({ assignment: { person, facility: 'A', pool: 'ICU', block: BLOCK }, lockTokens: tokens });
const unassign = (person: string, tokens: number[] = []) => ({ assignment: { person, block: BLOCK }, lockTokens: tokens });

test('lock fencing under a lease expiry and leader changes', async () => {
  const c = await Cluster.start();
  try {
    await must(write(c, 'AddBlock', { block: { id: BLOCK, start: '2026-07-01', end: '2026-07-28' } }), 'block');
    for (const p of ['p1', 'p2', 'p3', 'p4']) await must(write(c, 'AddPerson', { person: { id: p, name: `Dr ${p}`, role: 'FACULTY', homeFacility: 'A' } }), p);

    // alice locks the block for 6 s and edits with her token.
    const alice = (await must(write(c, 'AcquireLock', { lock: { block: BLOCK, holder: 'alice', ttlMs: 6000 } }), 'alice acquires')).lock;
    const grantedAt = Date.now();
    assert.ok(alice.token > 0);
    await must(write(c, 'Assign', assign('p1', [alice.token])), 'alice assigns p1');
    refused(await write(c, 'Assign', assign('p2')), /locked by alice .*presents no lock token/, 'an edit without a token');

    // The leader that granted the lock dies; the new leader honours it while it is live.
    const first = await c.waitForLeader();
    await c.kill(first, 'SIGKILL');
    await c.waitForLeader(15_000, [...c.nodes.keys()].filter((id) => id !== first));
    refused(await write(c, 'Assign', assign('p2')), /locked by alice/, 'no token after the leader change');
    // (The lease is 6 s and an election takes well under a second; checked, not assumed.)
    assert.ok(Date.now() - grantedAt < 5000, 'the election took too long for this test');
    await must(write(c, 'Assign', assign('p2', [alice.token])), 'alice, still within her lease');

    // Her lease runs out by the new leader's clock (nobody has to release it). Its end is a
    // leader's timestamp and the leaders run on this machine: once this clock is past it,
    // every later command is stamped past it too.
    await waitFor(() => Date.now() > alice.expiresAtMs, `alice's lease to run out at ${alice.expiresAtMs}`);
    refused(await write(c, 'Assign', assign('p3', [alice.token])), new RegExp(`lock token ${alice.token} has expired`), 'alice after her lease');
    const locks = await must(write(c, 'GetLocks', { block: BLOCK }), 'locks');
    assert.equal(locks.locks[0].expired, true);

    // bob takes the block: a larger token; alice's old token is now stale.
    const bob = (await must(write(c, 'AcquireLock', { lock: { block: BLOCK, holder: 'bob', ttlMs: 60_000 } }), 'bob acquires')).lock;
    assert.ok(bob.token > alice.token, 'fencing tokens increase');
    refused(await write(c, 'Assign', assign('p3', [alice.token])), new RegExp(`locked by bob .*the lock token presented \\(${alice.token}\\) is stale`), 'alice with a stale token');
    refused(await write(c, 'RenewLock', { lock: { block: BLOCK, token: alice.token, ttlMs: 60_000 } }), /is stale: block b1 is locked by bob/, 'alice renewing');
    refused(await write(c, 'ReleaseLock', { lock: { block: BLOCK, token: alice.token } }), /is stale/, 'alice releasing bob\'s lock');
    await must(write(c, 'Assign', assign('p3', [bob.token])), 'bob assigns p3');

    // Another leader change (the killed node is back, leadership moves): bob's token still fences.
    c.spawn(first);
    await c.waitForLeader(15_000);
    const current = await c.waitForLeader();
    const next = [...c.nodes.keys()].find((id) => id !== current)!;
    await must(c.node(current).call('admin', 'TransferLeader', { to: next }, 8000), 'transfer');
    refused(await write(c, 'Assign', assign('p4', [alice.token])), /stale/, 'alice after the second leader change');
    await must(write(c, 'RenewLock', { lock: { block: BLOCK, token: bob.token, ttlMs: 60_000 } }), 'bob renews');
    await must(write(c, 'Assign', assign('p4', [bob.token])), 'bob assigns p4');
    await must(write(c, 'ReleaseLock', { lock: { block: BLOCK, token: bob.token } }), 'bob releases');
    await must(write(c, 'Unassign', unassign('p4')), 'no token needed once released');

    // Every node holds the same schedule and no lock.
    for (const id of c.nodes.keys()) {
      const s = await must(readOn(c, id, 'GetSchedule', { block: BLOCK }), `schedule on ${id}`);
      assert.deepEqual(
        (s.assignments as { person: string }[]).map((a) => a.person).sort(),
        (await must(write(c, 'GetSchedule', { block: BLOCK }), 'leader schedule')).assignments.map((a: { person: string }) => a.person).sort(),
      );
      const l = await must(readOn(c, id, 'GetLocks', { block: BLOCK }), `locks on ${id}`);
      assert.deepEqual(l.locks, []);
    }
  } finally {
    await c.stop();
  }
});

test('a facility-part lock fences that facility only; an expired lease can be taken over', async () => {
  const c = await Cluster.start();
  try {
    await must(write(c, 'AddBlock', { block: { id: BLOCK, start: '2026-07-01', end: '2026-07-28' } }), 'block');
    for (const p of ['p1', 'p2']) await must(write(c, 'AddPerson', { person: { id: p, name: `Dr ${p}`, role: 'FACULTY', homeFacility: 'A' } }), p);
    const partA = (await must(write(c, 'AcquireLock', { lock: { block: BLOCK, facility: 'A', holder: 'alice', ttlMs: 1500 } }), 'alice locks A')).lock;
    refused(await write(c, 'AcquireLock', { lock: { block: BLOCK, holder: 'bob', ttlMs: 60_000 } }), /at facility A is locked by alice/, 'bob wants the whole block');
    await must(write(c, 'Assign', { assignment: { person: 'p1', facility: 'B', pool: 'ICU', block: BLOCK } }), 'B is not locked');
    refused(await write(c, 'Move', { move: { person: 'p1', block: BLOCK, toPerson: '', toFacility: 'A', toPool: '' } }), /facility A is locked by alice/, 'moving into A');
    await must(write(c, 'Move', { move: { person: 'p1', block: BLOCK, toPerson: '', toFacility: 'A', toPool: '' }, lockTokens: [partA.token] }), 'alice moves p1 into A');
    await waitFor(() => Date.now() > partA.expiresAtMs, `alice's lease on facility A to run out at ${partA.expiresAtMs}`);
    const bob = (await must(write(c, 'AcquireLock', { lock: { block: BLOCK, holder: 'bob', ttlMs: 60_000 } }), 'bob takes over')).lock;
    refused(await write(c, 'Assign', { assignment: { person: 'p2', facility: 'A', pool: 'ICU', block: BLOCK }, lockTokens: [partA.token] }), /stale/, 'alice after the take-over');
    await must(write(c, 'Assign', { assignment: { person: 'p2', facility: 'A', pool: 'ICU', block: BLOCK }, lockTokens: [bob.token] }), 'bob');
  } finally {
    await c.stop();
  }
});
