import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { Cluster } from './harness.ts';

// Input limits (proto/roster.proto, node/schedule/validate.ts) are enforced by the server
// with INVALID_ARGUMENT before anything reaches the log: the log's last index does not move.

let c: Cluster;
before(async () => {
  c = await Cluster.start({ ids: ['A'] });
  const setup: [string, unknown][] = [
    ['AddBlock', { block: { id: 'b1', start: '2026-07-01', end: '2026-07-28' } }],
    ['AddPerson', { person: { id: 'p1', name: 'Dr P', role: 'RESIDENT', homeFacility: 'A' } }],
    ['AddPerson', { person: { id: 'p2', name: 'Dr Q', role: 'RESIDENT', homeFacility: 'A' } }],
  ];
  for (const [method, req] of setup) assert.ok((await c.leaderCall('roster', method, req)).ok);
});
after(async () => {
  await c?.stop();
});

const pool = (name: string, capacity: number, reserved: number, borrowLimit: number, flex = false) => ({ name, capacity, reserved, borrowLimit, flex });
const long = 'x'.repeat(65);

const cases: [string, string, unknown, RegExp][] = [
  ['an id longer than 64 characters', 'Assign', { assignment: { person: long, facility: 'A', pool: 'ICU', block: 'b1' } }, /op\.assignment\.person/],
  ['a request id with a space', 'Assign', { header: { requestId: 'no spaces' }, assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' } }, /requestId/],
  ['five lock tokens', 'Assign', { assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' }, lockTokens: [1, 2, 3, 4, 5] }, /lockTokens: at most 4/],
  ['lock token 0', 'Unassign', { assignment: { person: 'p1', block: 'b1' }, lockTokens: [0] }, /lockTokens\[0\]/],
  ['a lease of 999 ms', 'AcquireLock', { lock: { block: 'b1', holder: 'alice', ttlMs: 999 } }, /op\.ttlMs: must be an integer in 1000\.\.86400000/],
  ['a lease over 24 hours', 'AcquireLock', { lock: { block: 'b1', holder: 'alice', ttlMs: 86_400_001 } }, /op\.ttlMs/],
  ['a lock without a holder', 'AcquireLock', { lock: { block: 'b1', holder: '', ttlMs: 60_000 } }, /op\.holder/],
  ['a lock request without a lock', 'AcquireLock', {}, /lock is required/],
  ['renewing with token 0', 'RenewLock', { lock: { block: 'b1', token: 0, ttlMs: 60_000 } }, /op\.token/],
  ['a pool reserving more than its capacity', 'SetPools', { facility: 'A', pools: [pool('ICU', 2, 3, 0)] }, /op\.pools\[0\]\.reserved/],
  ['a pool over 1000 seats', 'SetPools', { facility: 'A', pools: [pool('ICU', 1001, 1, 0)] }, /op\.pools\[0\]\.capacity/],
  ['two flex pools', 'SetPools', { facility: 'A', pools: [pool('F1', 2, 0, 0, true), pool('F2', 2, 0, 0, true)] }, /at most one/],
  ['a flex pool that borrows', 'SetPools', { facility: 'A', pools: [pool('Flex', 2, 0, 1, true)] }, /borrowLimit: must be 0 for the flex pool/],
  ['seventeen pools', 'SetPools', { facility: 'A', pools: Array.from({ length: 17 }, (_, i) => pool(`p${i}`, 1, 1, 0)) }, /1\.\.16 pools/],
  ['no pools', 'SetPools', { facility: 'A', pools: [] }, /1\.\.16 pools/],
  ['an exchange of a person with themselves', 'Swap', { exchange: { first: { person: 'p1', block: 'b1' }, second: { person: 'p1', block: 'b1' } } }, /two different people/],
  ['a move that changes nothing', 'Move', { move: { person: 'p1', block: 'b1', toPerson: '', toFacility: '', toPool: '' } }, /must name a new person, facility or pool/],
  ['a swap without an exchange', 'Swap', {}, /exchange is required/],
];

async function lastIndex(): Promise<number> {
  const st = await c.node('A').call('admin', 'Status', {});
  assert.ok(st.ok);
  return st.value.lastIndex as number;
}

for (const [name, method, req, pattern] of cases) {
  test(`${name} is refused with INVALID_ARGUMENT and never reaches the log`, async () => {
    const before = await lastIndex();
    const r = await c.node('A').call('roster', method, req);
    assert.equal(r.ok, false, `${method} unexpectedly succeeded`);
    if (r.ok) return;
    assert.equal(r.error.code, grpc.status.INVALID_ARGUMENT, r.error.details);
    assert.match(r.error.details, pattern);
    assert.equal(await lastIndex(), before, 'the log did not grow');
  });
}

test('reads and watches check their arguments too', async () => {
  const pools = await c.node('A').call('roster', 'GetPools', {});
  assert.equal(!pools.ok && pools.error.code, grpc.status.INVALID_ARGUMENT);
  const locks = await c.node('A').call('roster', 'GetLocks', { block: 'nope' });
  assert.equal(!locks.ok && locks.error.code, grpc.status.NOT_FOUND);
});
