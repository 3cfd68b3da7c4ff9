import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { Cluster } from './harness.ts';

let c: Cluster;
before(async () => {
  c = await Cluster.start();
});
after(async () => {
  await c?.stop();
});

test('three daemons elect one leader that every node reports', async () => {
  const leader = await c.waitForLeader();
  for (const n of c.nodes.values()) {
    const st = await n.call('admin', 'Status', {});
    assert.ok(st.ok);
    assert.equal(st.value.leader, leader);
    assert.equal(st.value.role, n.id === leader ? 'leader' : 'follower');
  }
});

test('a follower answers a write with the leader\'s id and address, and applies nothing', async () => {
  const leader = await c.waitForLeader();
  const follower = [...c.nodes.keys()].find((id) => id !== leader)!;
  const r = await c.node(follower).call('roster', 'AddBlock', { block: { id: 'redirected', start: '2026-01-01', end: '2026-01-02' } });
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.equal(r.error.code, status.FAILED_PRECONDITION);
  assert.equal(r.error.metadata['x-roster-error'], 'not_leader');
  assert.equal(r.error.metadata['x-roster-leader-id'], leader);
  assert.equal(r.error.metadata['x-roster-leader'], c.node(leader).address);
  const blocks = await c.node(leader).call('roster', 'ListBlocks', {});
  assert.ok(blocks.ok && !blocks.value.blocks.some((b: { id: string }) => b.id === 'redirected'));
});

test('a committed assignment is visible to a linearizable read on every node at once', async () => {
  const w = [
    await c.leaderCall('roster', 'AddPerson', { person: { id: 'res1', name: 'Dr One', role: 'RESIDENT', homeFacility: 'A' } }),
    await c.leaderCall('roster', 'AddBlock', { block: { id: 'blk1', start: '2026-07-01', end: '2026-07-28' } }),
    await c.leaderCall('roster', 'Assign', { assignment: { person: 'res1', facility: 'B', pool: 'ICU', block: 'blk1' } }),
  ];
  for (const r of w) assert.ok(r.ok, JSON.stringify(r));
  const assignedAt = (w[2] as { value: { index: number } }).value.index;
  for (const n of c.nodes.values()) {
    const s = await n.call('roster', 'GetSchedule', { block: 'blk1' });
    assert.ok(s.ok, JSON.stringify(s));
    assert.deepEqual(s.value.assignments, [{ person: 'res1', facility: 'B', pool: 'ICU', block: 'blk1' }]);
    assert.ok(s.value.header.appliedIndex >= assignedAt, `${n.id} served applied ${s.value.header.appliedIndex} < ${assignedAt}`);
  }
});

test('a person can never be assigned twice in one block, through any node', async () => {
  const r = await c.leaderCall('roster', 'Assign', { assignment: { person: 'res1', facility: 'C', pool: 'Clinic', block: 'blk1' } });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, status.FAILED_PRECONDITION);
    assert.equal(r.error.metadata['x-roster-error'], 'conflict');
    assert.match(r.error.details, /already holds an assignment/);
  }
});

test('a stale read is served by a follower locally and says how stale it may be', async () => {
  const leader = await c.waitForLeader();
  const follower = [...c.nodes.keys()].find((id) => id !== leader)!;
  const s = await c.node(follower).call('roster', 'GetSchedule', { block: 'blk1', read: { stale: true } });
  assert.ok(s.ok);
  assert.equal(s.value.header.servedBy, follower);
  assert.ok(s.value.header.msSinceLeaderContact >= 0 && s.value.header.msSinceLeaderContact < 5000);
});

test('the standard gRPC health service reports SERVING', async () => {
  const grpc = await import('@grpc/grpc-js');
  const { service } = await import('grpc-health-check');
  const Health = grpc.makeGenericClientConstructor(service as never, 'Health');
  const client = new Health(c.node('A').address, grpc.credentials.createInsecure()) as any;
  const res = await new Promise<any>((resolve, reject) => client.Check({ service: '' }, (e: unknown, r: unknown) => (e ? reject(e) : resolve(r))));
  client.close();
  assert.equal(res.status, 'SERVING');
});

test('server reflection lists the Roster, Admin and standard health services, and describes the health service', async () => {
  const grpc = await import('@grpc/grpc-js');
  const protoLoader = await import('@grpc/proto-loader');
  const { createRequire } = await import('node:module');
  // The reflection protocol as @grpc/reflection ships it: what grpcurl speaks.
  const reflectionProto = createRequire(import.meta.url).resolve('@grpc/reflection/build/proto/grpc/reflection/v1/reflection.proto');
  const def = protoLoader.loadSync(reflectionProto, { keepCase: true });
  const Reflection = (grpc.loadPackageDefinition(def) as any).grpc.reflection.v1.ServerReflection;
  const client = new Reflection(c.node('A').address, grpc.credentials.createInsecure());
  const ask = (request: Record<string, string>): Promise<any> =>
    new Promise((resolve, reject) => {
      const call = client.ServerReflectionInfo();
      call.on('data', (reply: unknown) => {
        resolve(reply);
        call.end();
      });
      call.on('error', reject);
      call.write(request);
    });
  try {
    const list = await ask({ list_services: '' });
    const names = (list.list_services_response.service as { name: string }[]).map((s) => s.name);
    for (const name of ['rosterd.v1.Roster', 'rosterd.admin.v1.Admin', 'grpc.health.v1.Health']) assert.ok(names.includes(name), `${name} is not listed: ${names.join(', ')}`);
    const health = await ask({ file_containing_symbol: 'grpc.health.v1.Health' });
    assert.ok(health.file_descriptor_response, `no descriptor for grpc.health.v1.Health: ${JSON.stringify(health.error_response)}`);
  } finally {
    client.close();
  }
});
