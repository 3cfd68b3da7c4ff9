import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { FacilityIdentity, writeKeyFile } from '../../node/ledger/index.ts';
import { clientCertFile, clientKeyFile, clusterOfCa, createCa, facilityCertFile, issueClientCertificate, issueFacilityCertificate } from '../../node/tls/certificate-issuer.ts';
import { accessGate, TlsFileError, TlsMaterial } from '../../node/tls/index.ts';

// node/tls/certificate-issuer.ts and tls-material.ts: a cluster's CA, facility and client
// certificates, and the checks a node and a client make of their own files; then the
// access gate over a real TLS socket.

const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-tls-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (file: string): number => statSync(file).mode & 0o777;

async function setUp(name: string, cluster = 'c1'): Promise<{ ca: string; caKey: string; root: string }> {
  const root = path.join(dir, name);
  const { cert, key } = await createCa({ dir: root, cluster });
  return { ca: cert, caKey: key!, root };
}

async function facility(root: { ca: string; caKey: string; root: string }, id: string, keyFile = path.join(root.root, `${id}-key.pem`)): Promise<{ identity: FacilityIdentity; files: { ca: string; cert: string; key: string } }> {
  const identity = FacilityIdentity.generate(id);
  await writeKeyFile(keyFile, identity);
  const out = path.join(root.root, facilityCertFile(id));
  await issueFacilityCertificate({ ca: root.ca, caKey: root.caKey, facility: id, keyFile, out });
  return { identity, files: { ca: root.ca, cert: out, key: keyFile } };
}

test('a CA is created with its key readable by its owner only, names its cluster, and is never overwritten', async () => {
  const root = await setUp('ca');
  assert.equal(modeOf(root.caKey), 0o600);
  const ca = new X509Certificate(readFileSync(root.ca));
  assert.equal(ca.ca, true);
  assert.equal(ca.publicKey.asymmetricKeyType, 'ed25519');
  assert.equal(clusterOfCa(readFileSync(root.ca)), 'c1');
  const before = readFileSync(root.caKey, 'utf8');
  await assert.rejects(createCa({ dir: root.root, cluster: 'c1' }), /exist already; remove them first/);
  assert.equal(readFileSync(root.caKey, 'utf8'), before);
});

test('a facility certificate is of the facility key itself and names its hosts and facility', async () => {
  const root = await setUp('facility');
  const { identity, files } = await facility(root, 'A');
  const cert = new X509Certificate(readFileSync(files.cert));
  assert.equal(cert.subjectAltName, 'IP Address:127.0.0.1, DNS:localhost, URI:rosterd://c1/facility/A');
  assert.ok(cert.checkIssued(new X509Certificate(readFileSync(root.ca))));
  const material = TlsMaterial.load(files);
  assert.deepEqual(material.ed25519PublicKey(), identity.publicKey);
  material.requireFacility('c1', 'A');
  assert.throws(() => material.requireFacility('c1', 'B'), /names facility A, not facility B/);
  assert.throws(() => material.requireFacility('c2', 'A'), /for cluster c1, not c2/);
  await assert.rejects(issueFacilityCertificate({ ca: root.ca, caKey: root.caKey, facility: 'A', keyFile: files.key, out: files.cert }), /exists already/);
});

test('a client certificate gets a new key (mode 0600) and its role', async () => {
  const root = await setUp('client');
  const out = path.join(root.root, clientCertFile('ops'));
  const keyOut = path.join(root.root, clientKeyFile('ops'));
  await issueClientCertificate({ ca: root.ca, caKey: root.caKey, name: 'ops', role: 'coordinator', out, keyOut });
  assert.equal(modeOf(keyOut), 0o600);
  assert.equal(new X509Certificate(readFileSync(out)).subjectAltName, 'URI:rosterd://c1/role/coordinator');
  TlsMaterial.load({ ca: root.ca, cert: out, key: keyOut });
});

test('loading refuses a certificate of another CA, a key others can read, and a key that is not the certificate\'s', async () => {
  const one = await setUp('one');
  const other = await setUp('other');
  const a = await facility(one, 'A');
  const b = await facility(one, 'B');
  assert.throws(() => TlsMaterial.load({ ...a.files, ca: other.ca }), (e: Error) => e instanceof TlsFileError && /was not issued by the CA/.test(e.message));
  assert.throws(() => TlsMaterial.load({ ...a.files, key: b.files.key }), /is not the key of certificate/);
  chmodSync(a.files.key, 0o644);
  assert.throws(() => TlsMaterial.load(a.files), /accessible by other users \(mode 644\)/);
  assert.throws(() => TlsMaterial.load({ ...a.files, ca: path.join(dir, 'nowhere.pem') }), /does not exist/);
});

test('over a real TLS socket the gate lets roles and facilities do what the table allows, and nothing else', async () => {
  const root = await setUp('socket');
  const node = await facility(root, 'A');
  const b = await facility(root, 'B');
  const client = async (name: string, role: 'viewer' | 'coordinator'): Promise<TlsMaterial> => {
    const out = path.join(root.root, clientCertFile(name));
    const keyOut = path.join(root.root, clientKeyFile(name));
    await issueClientCertificate({ ca: root.ca, caKey: root.caKey, name, role, out, keyOut });
    return TlsMaterial.load({ ca: root.ca, cert: out, key: keyOut });
  };
  const viewer = await client('v', 'viewer');
  const coordinator = await client('w', 'coordinator');
  const served: string[] = [];
  const json = { requestSerialize: (o: unknown) => Buffer.from(JSON.stringify(o)), requestDeserialize: (b: Buffer) => JSON.parse(b.toString()), responseSerialize: (o: unknown) => Buffer.from(JSON.stringify(o)), responseDeserialize: (b: Buffer) => JSON.parse(b.toString()) };
  const method = (p: string) => ({ path: p, requestStream: false, responseStream: false, ...json });
  const service = { Assign: method('/rosterd.v1.Roster/Assign'), GetSchedule: method('/rosterd.v1.Roster/GetSchedule'), RequestVote: method('/rosterd.ledger.v1.Ledger/RequestVote') };
  const server = new grpc.Server({ interceptors: [accessGate({ cluster: 'c1', log: pino({ level: 'silent' }) })] });
  const record = (name: string) => (_call: unknown, cb: grpc.sendUnaryData<unknown>) => {
    served.push(name);
    cb(null, { ok: true });
  };
  server.addService(service, { Assign: record('Assign'), GetSchedule: record('GetSchedule'), RequestVote: record('RequestVote') });
  const material = TlsMaterial.load(node.files);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', material.serverCredentials(), (e, p) => (e ? reject(e) : resolve(p))));
  const address = `127.0.0.1:${port}`;
  const Client = grpc.makeGenericClientConstructor(service, 'T');
  const call = (tls: TlsMaterial | undefined, name: keyof typeof service, req: object): Promise<grpc.ServiceError | null> => {
    const ch = tls ? tls.channel(address, { cluster: 'c1', facility: 'A' }) : { credentials: grpc.credentials.createSsl(readFileSync(root.ca)), options: { 'grpc.ssl_target_name_override': 'localhost' } };
    const c = new Client(address, ch.credentials, ch.options);
    return new Promise((resolve) =>
      (c[name] as (r: object, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null) => void) => void)(req, { deadline: Date.now() + 5000 }, (e) => {
        c.close();
        resolve(e);
      }),
    );
  };
  try {
    assert.equal(await call(viewer, 'GetSchedule', {}), null);
    const denied = await call(viewer, 'Assign', {});
    assert.equal(denied?.code, grpc.status.PERMISSION_DENIED);
    assert.match(denied?.details ?? '', /Roster\.Assign needs role coordinator or higher; the caller has role viewer/);
    assert.equal(await call(coordinator, 'Assign', {}), null);
    const impostor = await call(TlsMaterial.load(b.files), 'RequestVote', { coordinator: 'C' });
    assert.equal(impostor?.code, grpc.status.PERMISSION_DENIED);
    assert.match(impostor?.details ?? '', /facility B's, but the request's coordinator claims "C"/);
    assert.equal(await call(TlsMaterial.load(b.files), 'RequestVote', { coordinator: 'B' }), null);
    const anonymous = await call(undefined, 'GetSchedule', {});
    assert.equal(anonymous?.code, grpc.status.UNAVAILABLE);
    assert.deepEqual(served, ['GetSchedule', 'Assign', 'RequestVote'], 'refused calls never reach their handler');
  } finally {
    server.forceShutdown();
  }
});
