import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCESS_TABLE, refusal } from '../../node/tls/access-table.ts';
import { principalOf, type Principal } from '../../node/tls/identity-uri.ts';
import { clientPackageDefinition } from '../../node/wire/protos.ts';
import { raftProto } from '../../node/wire/raft-proto.ts';

// node/tls/access-table.ts: the one table of who may call what.

const viewer: Principal = { kind: 'client', role: 'viewer' };
const coordinator: Principal = { kind: 'client', role: 'coordinator' };
const admin: Principal = { kind: 'client', role: 'admin' };
const facility: Principal = { kind: 'facility', facility: 'A' };

/** Every method path of roster.proto, admin.proto, ledger.proto and raft.proto. */
function servedPaths(): string[] {
  const paths: string[] = [];
  for (const [name, def] of Object.entries(clientPackageDefinition())) {
    if ('format' in def) continue;
    for (const m of Object.values(def as Record<string, { path: string }>)) paths.push(m.path);
    assert.ok(name.startsWith('rosterd.'), name);
  }
  const raft = raftProto().RaftPeer;
  for (const name of Object.keys(raft.methods)) paths.push(`/${raft.fullName.replace(/^\./, '')}/${name}`);
  return paths;
}

test('every RPC of roster.proto, admin.proto, ledger.proto and raft.proto has a row', () => {
  const paths = servedPaths();
  assert.ok(paths.length >= 38, `found only ${paths.length} methods`);
  const missing = paths.filter((p) => ACCESS_TABLE[p] === undefined);
  assert.deepEqual(missing, []);
});

test('a method without a row is refused to everyone, admins included', () => {
  for (const p of [viewer, coordinator, admin, facility]) assert.match(refusal(p, '/rosterd.v1.Roster/DropEverything') ?? '', /not in rosterd's access table/);
});

test('viewers read and watch, and cannot write', () => {
  for (const path of ['/rosterd.v1.Roster/GetSchedule', '/rosterd.v1.Roster/Watch', '/rosterd.admin.v1.Admin/Status', '/rosterd.ledger.v1.Ledger/GetLedger', '/grpc.health.v1.Health/Check']) {
    assert.equal(refusal(viewer, path), undefined, path);
  }
  assert.match(refusal(viewer, '/rosterd.v1.Roster/Assign') ?? '', /Roster\.Assign needs role coordinator or higher; the caller has role viewer/);
  assert.match(refusal(viewer, '/rosterd.ledger.v1.Ledger/Commit') ?? '', /needs role coordinator/);
});

test('coordinators write the schedule and commit, and cannot change membership, pools or leadership', () => {
  for (const path of ['/rosterd.v1.Roster/AddPerson', '/rosterd.v1.Roster/Assign', '/rosterd.v1.Roster/Cover', '/rosterd.ledger.v1.Ledger/Commit', '/rosterd.v1.Roster/GetSchedule']) {
    assert.equal(refusal(coordinator, path), undefined, path);
  }
  for (const path of ['/rosterd.admin.v1.Admin/AddMember', '/rosterd.admin.v1.Admin/RemoveMember', '/rosterd.admin.v1.Admin/TransferLeader', '/rosterd.admin.v1.Admin/Snapshot', '/rosterd.v1.Roster/SetPools', '/rosterd.admin.v1.Admin/SetIsolation']) {
    assert.match(refusal(coordinator, path) ?? '', /needs role admin/, path);
  }
});

test('admins may do everything clients may, and no client may speak as a peer', () => {
  for (const [path, access] of Object.entries(ACCESS_TABLE)) {
    if (access.role !== undefined) assert.equal(refusal(admin, path), undefined, path);
    else assert.match(refusal(admin, path) ?? '', /for facilities \(nodes\) only/, path);
  }
});

test('facility certificates call the peer methods and reads, and no schedule write or admin method', () => {
  for (const path of ['/rosterd.raft.RaftPeer/Stream', '/rosterd.raft.RaftPeer/Snapshot', '/rosterd.ledger.v1.Ledger/RequestVote', '/rosterd.ledger.v1.Ledger/GetHead', '/rosterd.admin.v1.Admin/Status', '/rosterd.v1.Roster/Watch']) {
    assert.equal(refusal(facility, path), undefined, path);
  }
  assert.match(refusal(facility, '/rosterd.v1.Roster/Assign') ?? '', /facility certificate \(A\) carries no client role/);
  assert.match(refusal(facility, '/rosterd.admin.v1.Admin/AddMember') ?? '', /carries no client role/);
});

test('peer methods name where the caller claims its facility, so the gate can match it with the certificate', () => {
  assert.equal(ACCESS_TABLE['/rosterd.raft.RaftPeer/Stream']?.claim, 'metadata:x-roster-from');
  assert.equal(ACCESS_TABLE['/rosterd.ledger.v1.Ledger/RequestVote']?.claim, 'request:coordinator');
});

test('a certificate names one facility or one role of this cluster', () => {
  assert.deepEqual(principalOf({ subjectAltName: 'IP Address:127.0.0.1, URI:rosterd://c1/facility/A' }, 'c1'), { kind: 'facility', facility: 'A' });
  assert.deepEqual(principalOf({ subjectAltName: 'URI:rosterd://c1/role/admin' }, 'c1'), { kind: 'client', role: 'admin' });
  assert.match((principalOf({ subjectAltName: 'URI:rosterd://c2/role/admin' }, 'c1') as { refusal: string }).refusal, /for cluster c2, not c1/);
  assert.match((principalOf({ subjectAltName: 'URI:rosterd://c1/role/root' }, 'c1') as { refusal: string }).refusal, /unknown role root/);
  assert.match((principalOf({ subjectAltName: 'URI:rosterd://c1/role/admin, URI:rosterd://c1/facility/A' }, 'c1') as { refusal: string }).refusal, /2 rosterd identities/);
  assert.match((principalOf({ subjectAltName: 'DNS:localhost' }, 'c1') as { refusal: string }).refusal, /names no rosterd facility or role/);
  assert.match((principalOf({ subjectAltName: undefined }, 'c1') as { refusal: string }).refusal, /names no rosterd/);
});
