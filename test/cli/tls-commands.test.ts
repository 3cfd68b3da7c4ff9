import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { FacilityIdentity, writeKeyFile } from '../../node/ledger/index.ts';
import { TlsMaterial } from '../../node/tls/tls-material.ts';
import { forbiddenTransport, runInProcess } from './run-cli.ts';

// rosterctl tls ca create / tls cert create: local files only, never the network.

const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterctl-tls-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('tls ca create writes the CA with a 0600 key, and refuses to overwrite it', async () => {
  const net = forbiddenTransport();
  const made = await runInProcess(['tls', 'ca', 'create', '--dir', dir, '--cluster', 'ward', '--json'], { transport: net.transport });
  assert.equal(made.code, 0, made.stderr);
  assert.deepEqual(JSON.parse(made.stdout), { cluster: 'ward', cert: path.join(dir, 'ca.pem'), key: path.join(dir, 'ca-key.pem') });
  assert.equal(statSync(path.join(dir, 'ca-key.pem')).mode & 0o777, 0o600);
  const again = await runInProcess(['tls', 'ca', 'create', '--dir', dir]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exist already; remove them first or choose another place \(nothing is overwritten\)/);
  assert.equal(net.used(), 0);
});

test('tls cert create --facility issues a certificate of the facility key, for the CA\'s cluster', async () => {
  const keyFile = path.join(dir, 'A', 'facility-key.pem');
  const identity = FacilityIdentity.generate('A');
  await writeKeyFile(keyFile, identity);
  const r = await runInProcess(['tls', 'cert', 'create', '--dir', dir, '--facility', 'A', '--key', keyFile, '--host', '10.0.0.5,node-a.ward.example']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /start the node with --tls-ca \S+ca\.pem --tls-cert \S+facility-A\.pem/);
  const material = TlsMaterial.load({ ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'facility-A.pem'), key: keyFile });
  assert.deepEqual(material.ed25519PublicKey(), identity.publicKey);
  assert.equal(new X509Certificate(readFileSync(path.join(dir, 'facility-A.pem'))).subjectAltName, 'IP Address:10.0.0.5, DNS:node-a.ward.example, URI:rosterd://ward/facility/A');
});

test('tls cert create --client makes a key and a certificate with the role', async () => {
  const r = await runInProcess(['tls', 'cert', 'create', '--dir', dir, '--client', 'night-desk', '--role', 'coordinator']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /use it with rosterctl --cacert \S+ --cert \S+client-night-desk\.pem --key \S+client-night-desk-key\.pem/);
  assert.equal(statSync(path.join(dir, 'client-night-desk-key.pem')).mode & 0o777, 0o600);
  assert.equal(new X509Certificate(readFileSync(path.join(dir, 'client-night-desk.pem'))).subjectAltName, 'URI:rosterd://ward/role/coordinator');
});

test('tls cert create refuses incomplete or contradictory requests as usage errors', async () => {
  const cases: [string[], RegExp][] = [
    [[], /give either --facility ID \(with --key\) or --client NAME \(with --role\)/],
    [['--facility', 'A'], /--facility needs --key/],
    [['--facility', 'A', '--key', 'k.pem', '--role', 'admin'], /--role is for --client/],
    [['--client', 'x', '--role', 'root'], /--role: must be one of viewer, coordinator, admin \(got "root"\)/],
    [['--client', 'x'], /--role: must be one of viewer, coordinator, admin$/m],
    [['--client', 'x', '--role', 'viewer', '--host', 'h'], /--key, --host and --create-key are for --facility/],
    [['--facility', 'A', '--client', 'x'], /give either/],
    [['--facility', 'A', '--key', 'k.pem', '--host', 'bad host'], /--host: "bad host" is not an IP address or DNS name/],
  ];
  for (const [args, message] of cases) {
    const r = await runInProcess(['tls', 'cert', 'create', '--dir', dir, ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('tls cert create --facility creates a missing facility key only when asked to', async () => {
  const keyFile = path.join(dir, 'B', 'facility-key.pem');
  const refused = await runInProcess(['tls', 'cert', 'create', '--dir', dir, '--facility', 'B', '--key', keyFile]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /does not exist; give --create-key to create it/);
  const made = await runInProcess(['tls', 'cert', 'create', '--dir', dir, '--facility', 'B', '--key', keyFile, '--create-key']);
  assert.equal(made.code, 0, made.stderr);
  assert.match(made.stdout, /created the facility key \S+facility-key\.pem \(mode 0600\)/);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  TlsMaterial.load({ ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'facility-B.pem'), key: keyFile });
});
