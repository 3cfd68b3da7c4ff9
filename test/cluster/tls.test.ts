import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { ERROR_KEY } from '../../node/errors.ts';
import { PeerClient, CLUSTER_KEY, FROM_KEY } from '../../node/transport/peer-service.ts';
import { clientPackageDefinition } from '../../node/server/protos.ts';
import { TlsMaterial } from '../../node/tls/index.ts';
import { clientCertFile, clientKeyFile, createCa, facilityCertFile, issueClientCertificate, issueFacilityCertificate } from '../../node/tls/certificate-issuer.ts';
import { Cluster, freePort, ROOT, waitFor, type CallResult } from './harness.ts';
import { runInProcess, startInProcess } from '../cli/run-cli.ts';

// Mutual TLS with facility identities and roles, over real sockets: a cluster whose nodes
// know each other by their facility certificates (of their ledger keys), and clients whose
// certificates carry a role. Refusals are PERMISSION_DENIED, change nothing, and are logged.

let c: Cluster;
before(async () => {
  c = await Cluster.start({ tls: true, web: true });
});
after(async () => {
  await c?.stop();
});

const tls = () => c.tls!;

function denied(r: CallResult, pattern: RegExp): void {
  assert.ok(!r.ok, 'the call was allowed');
  assert.equal(r.error.code, grpc.status.PERMISSION_DENIED, r.error.details);
  assert.equal(r.error.metadata[ERROR_KEY], 'permission_denied');
  assert.match(r.error.details, pattern);
}

async function people(role: 'viewer' | 'coordinator' | 'admin'): Promise<string[]> {
  const leader = await c.waitForLeader();
  const r = await c.node(leader).callAs(tls().clients[role], 'roster', 'ListPeople', {});
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return (r.value.people as { id: string }[]).map((p) => p.id).sort();
}

test('the members elect a leader over mutual TLS and say so in their logs', async () => {
  const leader = await c.waitForLeader();
  assert.ok(leader);
  for (const n of c.nodes.values()) assert.match(n.log(), /"msg":"mutual TLS on"/);
});

test('a client without a certificate cannot connect, nor can a plaintext one', async () => {
  const n = c.node(await c.waitForLeader());
  const anonymous = await n.callAs(undefined, 'admin', 'Status', {}, 5000);
  assert.ok(!anonymous.ok);
  assert.equal(anonymous.error.code, grpc.status.UNAVAILABLE, anonymous.error.details);
  const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as unknown as { rosterd: { admin: { v1: { Admin: new (a: string, c: grpc.ChannelCredentials) => grpc.Client & Record<string, Function> } } } };
  const plain = new pkg.rosterd.admin.v1.Admin(n.address, grpc.credentials.createInsecure());
  const err = await new Promise<grpc.ServiceError | null>((resolve) => plain['Status']!({}, { deadline: Date.now() + 5000 }, (e: grpc.ServiceError | null) => resolve(e)));
  plain.close();
  assert.ok(err, 'a plaintext client was answered');
  assert.equal(err.code, grpc.status.UNAVAILABLE);
});

test('a viewer reads but cannot write: PERMISSION_DENIED, and nothing changes', async () => {
  const leader = c.node(await c.waitForLeader());
  const before = await people('viewer');
  const r = await leader.callAs(tls().clients.viewer, 'roster', 'AddPerson', { person: { id: 'viewer-add', name: 'Dr V', role: 'RESIDENT', homeFacility: 'A' } });
  denied(r, /Roster\.AddPerson needs role coordinator or higher; the caller has role viewer/);
  assert.deepEqual(await people('viewer'), before);
  await waitFor(() => /"caller":"role viewer".*"reason":"Roster\.AddPerson needs role coordinator[^"]*","msg":"refused a call"/.test(leader.log()), 'the refusal in the leader\'s log');
  const status = await leader.callAs(tls().clients.viewer, 'admin', 'Status', {});
  assert.ok(status.ok);
});

test('a coordinator writes the schedule', async () => {
  const leader = c.node(await c.waitForLeader());
  const r = await leader.callAs(tls().clients.coordinator, 'roster', 'AddPerson', { person: { id: 'coord-add', name: 'Dr C', role: 'RESIDENT', homeFacility: 'A' } });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  assert.ok((await people('viewer')).includes('coord-add'));
});

test('an admin changes membership; a coordinator cannot', async () => {
  const leader = c.node(await c.waitForLeader());
  const address = `127.0.0.1:${await freePort()}`;
  denied(await leader.callAs(tls().clients.coordinator, 'admin', 'AddMember', { id: 'D', address }), /Admin\.AddMember needs role admin; the caller has role coordinator/);
  denied(await leader.callAs(tls().clients.coordinator, 'admin', 'RemoveMember', { id: 'C' }), /Admin\.RemoveMember needs role admin/);
  denied(await leader.callAs(tls().clients.coordinator, 'admin', 'TransferLeader', {}), /needs role admin/);
  const members = await leader.callAs(tls().clients.viewer, 'admin', 'Members', {});
  assert.ok(members.ok);
  assert.deepEqual((members.value.members as { id: string }[]).map((m) => m.id).sort(), ['A', 'B', 'C']);

  const added = await leader.callAs(tls().clients.admin, 'admin', 'AddMember', { id: 'D', address });
  assert.ok(added.ok, JSON.stringify(!added.ok && added.error));
  assert.ok((added.value.members as { id: string; voter: boolean }[]).some((m) => m.id === 'D' && !m.voter));
  const removed = await c.leaderCall('admin', 'RemoveMember', { id: 'D' });
  assert.ok(removed.ok, JSON.stringify(!removed.ok && removed.error));
  assert.ok(!(removed.value.members as { id: string }[]).some((m) => m.id === 'D'));
});

/** Opens a RaftPeer stream to `address` presenting `material`, claiming to be `from`; resolves with how it ended. */
function peerStream(address: string, material: TlsMaterial, from: string): Promise<grpc.ServiceError | null> {
  const ch = material.channel(address, { cluster: tls().cluster, facility: c.node('A').address === address ? 'A' : 'B' });
  const client = new PeerClient(address, ch.credentials, ch.options);
  const md = new grpc.Metadata();
  md.set(FROM_KEY, from);
  md.set(CLUSTER_KEY, tls().cluster);
  return new Promise((resolve) => {
    const call = (client as unknown as { Stream: (md: grpc.Metadata, options: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void) => grpc.ClientWritableStream<Uint8Array> }).Stream(md, { deadline: Date.now() + 5000 }, (e) => {
      client.close();
      resolve(e);
    });
    call.on('error', () => {});
    call.end();
  });
}

test('a node presenting another facility\'s certificate is refused as a peer, and the refusal is logged', async () => {
  const a = c.node('A');
  const b = TlsMaterial.load({ ca: tls().ca, cert: tls().facilityCerts.get('B')!, key: c.node('B').keyFile });
  const impostor = await peerStream(a.address, b, 'C');
  assert.ok(impostor, 'the stream was accepted');
  assert.equal(impostor.code, grpc.status.PERMISSION_DENIED);
  assert.match(impostor.details, /the certificate is facility B's, but the stream's x-roster-from claims "C"/);
  // The same certificate, speaking for its own facility, is let through to the peer service.
  assert.equal(await peerStream(a.address, b, 'B'), null);

  const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as unknown as { rosterd: { ledger: { v1: { Ledger: new (a: string, c: grpc.ChannelCredentials, o: grpc.ChannelOptions) => grpc.Client & Record<string, Function> } } } };
  const ch = b.channel(a.address, { cluster: tls().cluster, facility: 'A' });
  const ledger = new pkg.rosterd.ledger.v1.Ledger(a.address, ch.credentials, ch.options);
  const vote = await new Promise<grpc.ServiceError | null>((resolve) => ledger['RequestVote']!({ cluster: tls().cluster, block: 'b1', version: 1, coordinator: 'C' }, { deadline: Date.now() + 5000 }, (e: grpc.ServiceError | null) => resolve(e)));
  ledger.close();
  assert.equal(vote?.code, grpc.status.PERMISSION_DENIED);
  assert.match(vote?.details ?? '', /facility B's, but the request's coordinator claims "C"/);
  await waitFor(() => /"caller":"facility B".*"reason":"[^\n]*claims[^\n]*"msg":"refused a call"/.test(a.log()), 'the refusal in A\'s log');
  assert.doesNotMatch(a.log(), /PRIVATE KEY/);
});

test('a node with a certificate of another CA is refused as a peer', async () => {
  const other = path.join(c.dir, 'other-ca');
  const { cert: otherCa, key } = await createCa({ dir: other, cluster: tls().cluster });
  const otherKey = key!;
  const cCert = path.join(other, facilityCertFile('C'));
  await issueFacilityCertificate({ ca: otherCa, caKey: otherKey, facility: 'C', keyFile: c.node('C').keyFile, hosts: ['127.0.0.1'], out: cCert });

  // Facility C's own key, in a certificate the cluster's CA did not issue: refused in the handshake.
  const a = c.node('A');
  const client = new PeerClient(a.address, grpc.credentials.createSsl(readFileSync(tls().ca), readFileSync(c.node('C').keyFile), readFileSync(cCert)), { 'grpc.ssl_target_name_override': 'localhost' });
  const md = new grpc.Metadata();
  md.set(FROM_KEY, 'C');
  md.set(CLUSTER_KEY, tls().cluster);
  const refused = await new Promise<grpc.ServiceError | null>((resolve) => {
    const call = (client as unknown as { Stream: (md: grpc.Metadata, options: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void) => grpc.ClientWritableStream<Uint8Array> }).Stream(md, { deadline: Date.now() + 5000 }, (e) => resolve(e));
    call.on('error', () => {});
    call.end();
  });
  client.close();
  assert.equal(refused?.code, grpc.status.UNAVAILABLE, refused?.details);

  // A running node with it: the others never take it back, while they go on without it.
  await c.kill('C');
  const leader = await c.waitForLeader(20_000, ['A', 'B']);
  const write = await c.node(leader).callAs(tls().clients.coordinator, 'roster', 'AddPerson', { person: { id: 'while-c-is-out', name: 'Dr W', role: 'RESIDENT', homeFacility: 'A' } });
  assert.ok(write.ok, JSON.stringify(!write.ok && write.error));
  const index = Number(write.value.index);
  const logged = c.node('C').log().length;
  c.spawn('C', ['--tls-ca', otherCa, '--tls-cert', cCert]);
  // The others' certificates are of a CA that C does not know, and C's of one they do not.
  await waitFor(() => /certificate[^\n]*"msg":"peer link keeps failing; backing off"/.test(c.node('C').log().slice(logged)), 'C to give up on its links for now', 30_000);
  const adminOut = path.join(other, clientCertFile('admin'));
  const adminKey = path.join(other, clientKeyFile('admin'));
  await issueClientCertificate({ ca: otherCa, caKey: otherKey, name: 'admin', role: 'admin', out: adminOut, keyOut: adminKey });
  const status = await c.node('C').callAs(TlsMaterial.load({ ca: otherCa, cert: adminOut, key: adminKey }), 'admin', 'Status', {});
  assert.ok(status.ok, JSON.stringify(!status.ok && status.error));
  assert.ok(Number(status.value.commitIndex) < index, `C committed ${status.value.commitIndex}, the write is at ${index}`);
  assert.equal(status.value.leader, '');
});

test('rosterctl presents --cacert/--cert/--key (or ROSTER_CACERT/ROSTER_CERT/ROSTER_KEY) on every call, watches included', async () => {
  const endpoints = [...c.nodes.values()].filter((n) => n.alive && n.id !== 'C').map((n) => n.address).join(',');
  const files = (role: 'viewer' | 'coordinator') => ({ ca: tls().ca, cert: path.join(tls().dir, clientCertFile(role)), key: path.join(tls().dir, clientKeyFile(role)) });
  const viewer = files('viewer');
  const viewerEnv = { ROSTER_CACERT: viewer.ca, ROSTER_CERT: viewer.cert, ROSTER_KEY: viewer.key };
  const coordinator = files('coordinator');
  const asCoordinator = ['--endpoints', endpoints, '--cacert', coordinator.ca, '--cert', coordinator.cert, '--key', coordinator.key];

  const list = await runInProcess(['--endpoints', endpoints, 'people', 'list'], { env: viewerEnv });
  assert.equal(list.code, 0, list.stderr);
  const refused = await runInProcess(['--endpoints', endpoints, 'person', 'add', 'cli-viewer', '--name', 'Dr V', '--role', 'resident', '--home', 'A'], { env: viewerEnv });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /needs role coordinator or higher; the caller has role viewer/);
  const plain = await runInProcess(['--endpoints', endpoints, '--timeout', '2000', 'status']);
  assert.equal(plain.code, 3, plain.stderr);

  const added = await runInProcess([...asCoordinator, 'person', 'add', 'cli-coordinator', '--name', 'Dr C', '--role', 'resident', '--home', 'A']);
  assert.equal(added.code, 0, added.stderr);
  // The duration is a bound for a broken run, not the expected length: one change ends it.
  const watch = startInProcess([...asCoordinator, 'watch', '--max-events', '1', '--duration', '60s']);
  await waitFor(() => /watch: following at/.test(watch.stderr()) || watch.ended(), 'the watch to follow');
  const block = await runInProcess([...asCoordinator, 'block', 'add', 'cli-block', '--start', '2027-01-04', '--end', '2027-01-31']);
  assert.equal(block.code, 0, block.stderr);
  const watched = await watch.result;
  assert.equal(watched.code, 0, watched.stderr);
  assert.match(watched.stdout, /cli-block/);
  assert.match(watched.stderr, /1 change\(s\)/);
  const partial = await runInProcess(['--endpoints', endpoints, '--cacert', viewer.ca, 'people', 'list']);
  assert.equal(partial.code, 2);
  assert.match(partial.stderr, /TLS needs --cacert, --cert and --key together; missing --cert \(ROSTER_CERT\), --key \(ROSTER_KEY\)/);
});

test('the web page reads its node with the node\'s own certificate', async () => {
  const ctl = new AbortController();
  const res = await fetch(new URL('/events?block=', c.node('A').webUrl), { signal: ctl.signal });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events = new Map<string, any>();
  try {
    while (!(events.has('board') && events.has('cluster'))) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        const name = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (name !== undefined && data !== undefined) events.set(name, JSON.parse(data));
      }
    }
  } finally {
    ctl.abort();
  }
  assert.equal(events.get('board')?.servedBy, 'A');
  assert.equal(events.get('board')?.problem, '');
  assert.equal(events.get('cluster')?.self?.answered, true);
});

test('the health probe presents the node\'s certificate from the node\'s TLS settings', async () => {
  const a = c.node('A');
  const probe = (env: Record<string, string>) =>
    new Promise<{ code: number; out: string }>((resolve) =>
      execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'node/health-probe.ts'), a.address], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout) =>
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, out: stdout }),
      ),
    );
  const withTls = await probe({ ROSTER_TLS_CA: tls().ca, ROSTER_TLS_CERT: tls().facilityCerts.get('A')!, ROSTER_KEY_FILE: a.keyFile });
  assert.equal(withTls.code, 0, withTls.out);
  assert.match(withTls.out, /SERVING/);
  const without = await probe({});
  assert.equal(without.code, 2, without.out);
});

test('a node given another facility\'s certificate, or a key that is not its certificate\'s, refuses to start and says why', async () => {
  const listen = `127.0.0.1:${await freePort()}`;
  const start = (extra: string[]) =>
    new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'node/main.ts'), '--id', 'A', '--data-dir', path.join(c.dir, 'refused-A'), '--listen', listen, '--http-listen', 'off', '--metrics-listen', 'off', '--tls-ca', tls().ca, ...extra],
        { cwd: ROOT, timeout: 30_000 },
        (err, _stdout, stderr) => resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stderr }),
      ),
    );
  const otherKey = await start(['--tls-cert', tls().facilityCerts.get('B')!, '--key-file', c.node('A').keyFile]);
  assert.equal(otherKey.code, 2, otherKey.stderr);
  assert.match(otherKey.stderr, /private key \S+ is not the key of certificate \S+facility-B\.pem/);
  const otherFacility = await start(['--tls-cert', tls().facilityCerts.get('B')!, '--tls-key', c.node('B').keyFile, '--key-file', c.node('A').keyFile]);
  assert.equal(otherFacility.code, 2, otherFacility.stderr);
  assert.match(otherFacility.stderr, /certificate \S+facility-B\.pem: names facility B, not facility A/);
});
