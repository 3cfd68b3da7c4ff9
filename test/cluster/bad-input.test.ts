import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { Cluster } from './harness.ts';
import { PeerClient, FROM_KEY, CLUSTER_KEY } from '../../node/transport/peer-service.ts';

let c: Cluster;
before(async () => {
  c = await Cluster.start({ ids: ['A'] });
  const ok = await c.leaderCall('roster', 'AddPerson', { person: { id: 'p1', name: 'Dr P', role: 'RESIDENT', homeFacility: 'A' } });
  assert.ok(ok.ok);
  assert.ok((await c.leaderCall('roster', 'AddBlock', { block: { id: 'b1', start: '2026-01-01', end: '2026-01-28' } })).ok);
});
after(async () => {
  await c?.stop();
});

const S = grpc.status;
const cases: [string, 'roster' | 'admin', string, unknown, grpc.status, RegExp][] = [
  ['AddPerson without a person', 'roster', 'AddPerson', {}, S.INVALID_ARGUMENT, /person is required/],
  ['AddPerson with a malformed id', 'roster', 'AddPerson', { person: { id: 'bad id!', name: 'X', role: 'RESIDENT', homeFacility: 'A' } }, S.INVALID_ARGUMENT, /id/],
  ['AddPerson with an empty name', 'roster', 'AddPerson', { person: { id: 'p2', name: '', role: 'RESIDENT', homeFacility: 'A' } }, S.INVALID_ARGUMENT, /name/],
  ['AddPerson with an unknown home facility', 'roster', 'AddPerson', { person: { id: 'p3', name: 'Dr Q', role: 'FACULTY', homeFacility: 'Z' } }, S.NOT_FOUND, /Z/],
  ['AddPerson reusing an id for someone else', 'roster', 'AddPerson', { person: { id: 'p1', name: 'Dr Other', role: 'RESIDENT', homeFacility: 'A' } }, S.ALREADY_EXISTS, /p1/],
  ['AddBlock with an impossible date', 'roster', 'AddBlock', { block: { id: 'b2', start: '2026-02-30', end: '2026-03-01' } }, S.INVALID_ARGUMENT, /start/],
  ['AddBlock ending before it starts', 'roster', 'AddBlock', { block: { id: 'b3', start: '2026-03-10', end: '2026-03-01' } }, S.INVALID_ARGUMENT, /start|end/],
  ['Assign an unknown person', 'roster', 'Assign', { assignment: { person: 'nobody', facility: 'A', pool: 'ICU', block: 'b1' } }, S.NOT_FOUND, /nobody/],
  ['Assign to an unknown pool', 'roster', 'Assign', { assignment: { person: 'p1', facility: 'A', pool: 'Spa', block: 'b1' } }, S.NOT_FOUND, /Spa/],
  ['Assign without an assignment', 'roster', 'Assign', {}, S.INVALID_ARGUMENT, /assignment is required/],
  ['Unassign someone not assigned', 'roster', 'Unassign', { assignment: { person: 'p1', block: 'b1' } }, S.NOT_FOUND, /p1/],
  ['GetSchedule without a block', 'roster', 'GetSchedule', {}, S.INVALID_ARGUMENT, /block is required/],
  ['GetSchedule of an unknown block', 'roster', 'GetSchedule', { block: 'nope' }, S.NOT_FOUND, /nope/],
  ['AddMember with a malformed address', 'admin', 'AddMember', { id: 'D', address: 'not an address' }, S.INVALID_ARGUMENT, /host:port/],
  ['AddMember with a malformed id', 'admin', 'AddMember', { id: '', address: '127.0.0.1:1' }, S.INVALID_ARGUMENT, /id/],
  ['RemoveMember of a non-member', 'admin', 'RemoveMember', { id: 'Q' }, S.INVALID_ARGUMENT, /not a member/],
  ['PromoteMember of a non-learner', 'admin', 'PromoteMember', { id: 'A' }, S.INVALID_ARGUMENT, /not a learner/],
  ['TransferLeader to a non-member', 'admin', 'TransferLeader', { to: 'Q' }, S.INVALID_ARGUMENT, /not a voting member/],
];

for (const [name, service, method, req, code, msg] of cases) {
  test(`${name} is refused with ${grpc.status[code]} and a clear message`, async () => {
    const r = await c.node('A').call(service, method, req);
    assert.equal(r.ok, false, `${method} unexpectedly succeeded`);
    if (r.ok) return;
    assert.equal(r.error.code, code, r.error.details);
    assert.match(r.error.details, msg);
  });
}

test('refused writes change nothing', async () => {
  const people = await c.node('A').call('roster', 'ListPeople', {});
  assert.ok(people.ok);
  assert.deepEqual(people.value.people.map((p: { id: string }) => p.id), ['p1']);
  const blocks = await c.node('A').call('roster', 'ListBlocks', {});
  assert.ok(blocks.ok);
  assert.deepEqual(blocks.value.blocks.map((b: { id: string }) => b.id), ['b1']);
});

function peerStream(from: string, cluster: string, frame: Uint8Array): Promise<grpc.ServiceError | null> {
  const client = new PeerClient(c.node('A').address, grpc.credentials.createInsecure());
  const md = new grpc.Metadata();
  md.set(FROM_KEY, from);
  md.set(CLUSTER_KEY, cluster);
  return new Promise((resolve) => {
    const call = (client as any).Stream(md, (err: grpc.ServiceError | null) => {
      client.close();
      resolve(err);
    });
    call.on('error', () => {});
    call.write(frame);
    call.end();
  });
}

test('a peer stream from a non-member is refused with PERMISSION_DENIED', async () => {
  const err = await peerStream('intruder', 'rosterd-local', new Uint8Array(0));
  assert.equal(err?.code, S.PERMISSION_DENIED);
  assert.match(err!.details, /not a member/);
});

test('a peer stream from another cluster is refused with PERMISSION_DENIED', async () => {
  const err = await peerStream('A', 'other-cluster', new Uint8Array(0));
  assert.equal(err?.code, S.PERMISSION_DENIED);
});

test('a malformed frame from a member closes that stream and the node keeps serving', async () => {
  const err = await peerStream('A', 'rosterd-local', new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
  assert.equal(err?.code, S.INVALID_ARGUMENT);
  const w = await c.node('A').call('roster', 'AddBlock', { block: { id: 'after-garbage', start: '2026-01-01', end: '2026-01-02' } });
  assert.ok(w.ok, JSON.stringify(w));
});
