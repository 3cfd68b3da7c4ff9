import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { Cluster } from './harness.ts';
import { PeerClient, FROM_KEY, CLUSTER_KEY } from '../../node/transport/peer-service.ts';
import { clientMessageRoot } from '../../node/wire/utf8-check.ts';
import type protobuf from 'protobufjs';

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

// Every string field of every request, one at a time: what a client with default limits
// (8 KB of metadata) must be able to receive, and what proto3 says strings are.

const SERVICES = ['rosterd.v1.Roster', 'rosterd.admin.v1.Admin'] as const;

/** Every string field of `type` as a path of field names, through nested and repeated messages. */
function stringPaths(type: protobuf.Type, depth = 0): string[][] {
  const paths: string[][] = [];
  for (const field of type.fieldsArray) {
    if (field.type === 'string') paths.push([field.name]);
    else if (field.resolvedType && 'fieldsArray' in field.resolvedType && depth < 3) {
      for (const inner of stringPaths(field.resolvedType as protobuf.Type, depth + 1)) paths.push([field.name, ...inner]);
    }
  }
  return paths;
}

/** A request of `type` (plain object, camelCase) with `value` at `path` and `filler` in every other string field. */
function requestWith(type: protobuf.Type, path: readonly string[], value: string, filler: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const here = path[0] === field.name;
    let v: unknown;
    if (field.type === 'string') v = here && path.length === 1 ? value : filler;
    else if (field.resolvedType && 'fieldsArray' in field.resolvedType && (here || filler !== '')) {
      v = requestWith(field.resolvedType as protobuf.Type, here ? path.slice(1) : [], value, filler);
    } else continue;
    out[field.name] = field.repeated ? [v] : v;
  }
  return out;
}

interface RawResult {
  readonly code: grpc.status;
  readonly details: string;
}

/** Calls `method` of `service` with raw request bytes; a server stream counts by how it ends. */
function rawCall(service: string, method: protobuf.Method, bytes: Uint8Array): Promise<RawResult> {
  const client = new grpc.Client(c.node('A').address, grpc.credentials.createInsecure());
  const path = `/${service}/${method.name}`;
  const identity = (b: Buffer): Buffer => b;
  const deadline = Date.now() + 5000;
  return new Promise((resolve) => {
    const done = (r: RawResult): void => {
      client.close();
      resolve(r);
    };
    if (method.responseStream) {
      const call = client.makeServerStreamRequest(path, identity, identity, Buffer.from(bytes), { deadline });
      call.on('data', () => {
        call.cancel();
        done({ code: S.OK, details: '' });
      });
      call.on('error', (e: grpc.ServiceError) => done({ code: e.code, details: e.details }));
      return;
    }
    client.makeUnaryRequest(path, identity, identity, Buffer.from(bytes), { deadline }, (e) => done(e ? { code: e.code, details: e.details } : { code: S.OK, details: '' }));
  });
}

const stringFields = SERVICES.flatMap((service) =>
  clientMessageRoot()
    .lookupService(service)
    .methodsArray.flatMap((method) => stringPaths(method.resolvedRequestType!).map((path) => ({ service, method, path }))),
);

test('every request field that holds a 10 KB string is refused with a short message quoting a prefix of it', async () => {
  const big = `x${'0123456789'.repeat(1024)}`;
  assert.ok(stringFields.length > 40, `only ${stringFields.length} string fields found`);
  for (const { service, method, path } of stringFields) {
    const type = method.resolvedRequestType!;
    const bytes = type.encode(type.fromObject(requestWith(type, path, big, 'x1'))).finish();
    const r = await rawCall(service, method, bytes);
    const where = `${method.name} ${path.join('.')}`;
    if (r.code === S.OK) continue;
    assert.ok(r.details.length < 512, `${where}: ${r.details.length} characters of details: ${r.details.slice(0, 200)}`);
    assert.ok(!r.details.includes(big.slice(0, 200)), `${where}: echoes more than a prefix`);
  }
});

test('every request field that holds malformed UTF-8 is refused with INVALID_ARGUMENT naming it, before anything else', async () => {
  const marker = 'Q7Q7Q7Q7';
  const malformed = [0x41, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x41];
  for (const { service, method, path } of stringFields) {
    const type = method.resolvedRequestType!;
    const encoded = Buffer.from(type.encode(type.fromObject(requestWith(type, path, marker, ''))).finish());
    const at = encoded.indexOf(marker);
    assert.ok(at >= 0);
    encoded.set(malformed, at);
    const r = await rawCall(service, method, encoded);
    const where = `${method.name} ${path.join('.')}`;
    assert.equal(r.code, S.INVALID_ARGUMENT, `${where}: ${grpc.status[r.code]} ${r.details}`);
    assert.equal(r.details, `${path.join('.')}: must be well-formed UTF-8 (proto3 strings are; this one is not)`, where);
  }
  // Nothing was stored: the one person is the one added before.
  const people = await c.node('A').call('roster', 'ListPeople', {});
  assert.ok(people.ok);
  assert.deepEqual(people.value.people.map((p: { id: string }) => p.id), ['p1']);
});
