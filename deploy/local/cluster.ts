/**
 * npm start: three facilities (A, B, C) on loopback with no configuration. Each node's
 * data lives under ./data/<id> and its log under ./data/logs/<id>.log. Ctrl-C stops
 * all three gracefully; starting again recovers everything from ./data. The nodes run
 * with --fault-injection, so `rosterctl fault isolate C` can cut one off for a
 * demonstration of partitions on one machine. Each node serves its web page at its
 * default --http-listen (gRPC port + 1000: http://127.0.0.1:8101/ for A).
 *
 * npm start -- --tls: the same with mutual TLS. A throwaway CA, a certificate for each
 * facility's key and client certificates for the three roles are made under ./data/tls
 * (kept for the next start; removing ./data throws them away with the rest), and the
 * rosterctl flags to use are printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { clientPackageDefinition } from '../../node/server/protos.ts';
import { DEFAULT_CLUSTER, DEFAULT_PEERS, loadConfig } from '../../node/config.ts';
import { defaultKeyFile, loadOrCreateIdentity } from '../../node/ledger/index.ts';
import { channelFor, TlsMaterial, type Role } from '../../node/tls/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(process.env['ROSTER_DATA_ROOT'] ?? path.join(root, 'data'));
const peers = Object.fromEntries(DEFAULT_PEERS.split(',').map((p) => p.split('=') as [string, string]));
mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
const unknown = process.argv.slice(2).filter((a) => a !== '--tls');
if (unknown.length > 0) {
  console.error(`npm start: unknown argument(s) ${unknown.join(' ')} (the one option is --tls)`);
  process.exit(2);
}
const tlsDir = path.join(dataDir, 'tls');
const tls = process.argv.includes('--tls') ? await makeTls() : undefined;

/**
 * The CA, each facility's certificate (of its facility key, created here when the node
 * has none yet) and a client certificate per role, under data/tls; what exists already is
 * kept, and a facility certificate that no longer fits its key (data/<id> was removed) is
 * issued again.
 */
async function makeTls(): Promise<{ nodeFlags: (id: string) => string[]; client: (role: Role) => { ca: string; cert: string; key: string }; admin: TlsMaterial }> {
  const issuer = await import('../../node/tls/certificate-issuer.ts');
  const ca = path.join(tlsDir, issuer.CA_FILE);
  const caKey = path.join(tlsDir, issuer.CA_KEY_FILE);
  if (!existsSync(ca)) await issuer.createCa({ dir: tlsDir, cluster: DEFAULT_CLUSTER });
  for (const id of Object.keys(peers)) {
    const keyFile = defaultKeyFile(path.join(dataDir, id));
    await loadOrCreateIdentity(keyFile, id);
    const cert = path.join(tlsDir, issuer.facilityCertFile(id));
    if (existsSync(cert)) {
      try {
        TlsMaterial.load({ ca, cert, key: keyFile });
        continue;
      } catch {
        rmSync(cert);
      }
    }
    await issuer.issueFacilityCertificate({ ca, caKey, facility: id, keyFile, out: cert });
  }
  const client = (role: Role) => ({ ca, cert: path.join(tlsDir, issuer.clientCertFile(role)), key: path.join(tlsDir, issuer.clientKeyFile(role)) });
  for (const role of ['viewer', 'coordinator', 'admin'] as const) {
    const files = client(role);
    if (!existsSync(files.cert)) await issuer.issueClientCertificate({ ca, caKey, name: role, role, out: files.cert, keyOut: files.key });
  }
  return { nodeFlags: (id) => ['--tls-ca', ca, '--tls-cert', path.join(tlsDir, issuer.facilityCertFile(id))], client, admin: TlsMaterial.load(client('admin')) };
}

const children = new Map<string, ChildProcess>();
let stopping = false;
for (const id of Object.keys(peers)) {
  const logPath = path.join(dataDir, 'logs', `${id}.log`);
  const out = openSync(logPath, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'node/main.ts'), '--id', id, '--data-dir', path.join(dataDir, id), '--fault-injection', ...(tls ? tls.nodeFlags(id) : [])], {
    cwd: root,
    stdio: ['ignore', out, out],
  });
  child.on('exit', (code, signal) => {
    children.delete(id);
    if (!stopping) console.error(`facility ${id} exited (${signal ?? `code ${code}`}); see ${logPath}`);
    if (children.size === 0) process.exit(stopping ? 0 : 1);
  });
  children.set(id, child);
}

const stop = (): void => {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the cluster...');
  for (const c of children.values()) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

type Stub = new (addr: string, creds: grpc.ChannelCredentials, options: grpc.ChannelOptions) => grpc.Client & Record<string, Function>;

/** A stub of `Ctor` for `addr`: with --tls, presenting the admin certificate. */
function stub(Ctor: Stub, addr: string): grpc.Client & Record<string, Function> {
  const ch = channelFor(tls?.admin, addr);
  return new Ctor(addr, ch.credentials, ch.options);
}
const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as unknown as {
  rosterd: { admin: { v1: { Admin: Stub } }; ledger: { v1: { Ledger: Stub } } };
};

/** The facilities' registered keys as `addr` sees them (each node registers its own at first start). */
async function keysAt(addr: string): Promise<{ facility: string; fingerprint: string }[]> {
  const client = stub(pkg.rosterd.ledger.v1.Ledger, addr);
  try {
    return await new Promise((resolve) =>
      client['ListKeys']!({ stale: true }, { deadline: Date.now() + 500 }, (err: unknown, r: { keys?: { facility: string; fingerprint: string }[] }) => resolve(err ? [] : (r.keys ?? []))),
    );
  } finally {
    client.close();
  }
}

async function leaderOf(addr: string): Promise<string | undefined> {
  const client = stub(pkg.rosterd.admin.v1.Admin, addr);
  try {
    return await new Promise<string | undefined>((resolve) =>
      client['Status']!({}, { deadline: Date.now() + 500 }, (err: unknown, st: { leader?: string }) => resolve(err ? undefined : st.leader || undefined)),
    );
  } finally {
    client.close();
  }
}

const started = Date.now();
for (;;) {
  const leaders = await Promise.all(Object.values(peers).map(leaderOf));
  const leader = leaders.find((l) => l !== undefined);
  // Up means writable: a leader agreed, and every facility's key registered (final approvals wait for it).
  const keys = leader && leaders.every((l) => l === leader) ? await keysAt(peers[leader]!) : [];
  if (Object.keys(peers).every((id) => keys.some((k) => k.facility === id))) {
    console.log(`rosterd: three facilities up on loopback${tls ? ' with mutual TLS' : ''}, leader ${leader} (${Date.now() - started} ms)`);
    for (const [id, addr] of Object.entries(peers)) {
      const fp = keys.find((k) => k.facility === id)?.fingerprint;
      const config = loadConfig({ id }, {});
      console.log(`  facility ${id}  grpc ${addr}  web http://${config.httpListen}/  data ${path.join(dataDir, id)}  log ${path.join(dataDir, 'logs', id + '.log')}  key ${fp}`);
    }
    if (tls) {
      const rel = (f: string): string => {
        const r = path.relative(process.cwd(), f);
        return r === '' || r.startsWith('..') ? f : r;
      };
      const admin = tls.client('admin');
      console.log(`
Mutual TLS: CA and certificates in ${rel(tlsDir)} (client certificates for viewer, coordinator and admin).
rosterctl needs a client certificate on every call; as admin, in another terminal:
  export ROSTER_CACERT=${rel(admin.ca)} ROSTER_CERT=${rel(admin.cert)} ROSTER_KEY=${rel(admin.key)}
or per call: --cacert ${rel(admin.ca)} --cert ${rel(admin.cert)} --key ${rel(admin.key)}
(client-viewer.pem reads only; client-coordinator.pem writes the schedule; client-admin.pem may do everything).`);
    }
    console.log(`
Try, in another terminal:
  npx rosterctl status
  npx rosterctl person add r1 --name "Dr Ada Lovelace" --role resident --home A
  npx rosterctl block add b2026-07 --start 2026-07-01 --end 2026-07-28
  npx rosterctl assign r1 --block b2026-07 --facility B --pool ICU
  npx rosterctl schedule show --block b2026-07
  npx rosterctl contingency --block b2026-07
  npx rosterctl fault isolate C      # a partition of C (fault heal C undoes it)
Open http://${loadConfig({ id: 'A' }, {}).httpListen}/ in a browser for the live board (any node's page works).
Ctrl-C stops all three.`);
    break;
  }
  if (stopping) break;
  if (Date.now() - started > 30_000) {
    console.error(`rosterd: no leader agreed after 30 s; see ${path.join(dataDir, 'logs')}`);
    stop();
    break;
  }
  await new Promise((r) => setTimeout(r, 200));
}
