import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { freePort, sleep } from '../../test/cluster/harness.ts';
import type { BenchSystem } from './system.ts';

type Unary = (req: unknown, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: any) => void) => void;

/** The etcd binary's version, or undefined when etcd is not installed. */
export function etcdVersion(): string | undefined {
  const r = spawnSync('etcd', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return /etcd Version: (\S+)/.exec(r.stdout)?.[1];
}

/** A three-member etcd cluster on loopback (default settings: fsync on), driven at its leader. */
export async function startEtcd(valueBytes: number): Promise<BenchSystem> {
  const version = etcdVersion();
  if (!version) throw new Error('etcd is not installed (apt-get install etcd-server)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-bench-etcd-'));
  const members = await Promise.all(['e1', 'e2', 'e3'].map(async (name) => ({ name, client: await freePort(), peer: await freePort() })));
  const initial = members.map((m) => `${m.name}=http://127.0.0.1:${m.peer}`).join(',');
  const procs: ChildProcess[] = members.map((m) =>
    spawn(
      'etcd',
      [
        '--name', m.name,
        '--data-dir', path.join(dir, m.name),
        '--listen-client-urls', `http://127.0.0.1:${m.client}`,
        '--advertise-client-urls', `http://127.0.0.1:${m.client}`,
        '--listen-peer-urls', `http://127.0.0.1:${m.peer}`,
        '--initial-advertise-peer-urls', `http://127.0.0.1:${m.peer}`,
        '--initial-cluster', initial,
        '--initial-cluster-state', 'new',
        '--initial-cluster-token', 'rosterd-bench',
        '--log-level', 'error',
      ],
      { stdio: 'ignore', env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.arch === 'x64' ? '' : process.arch } },
    ),
  );
  const protoFile = path.join(path.dirname(fileURLToPath(import.meta.url)), '../etcd/rpc.proto');
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(protoFile, { keepCase: true, longs: String, defaults: true })) as any;
  const KV = pkg.etcdserverpb.KV;
  const Maintenance = pkg.etcdserverpb.Maintenance;
  const call = (f: Unary, req: unknown, ms = 10_000) =>
    new Promise<any>((resolve, reject) => f(req, { deadline: Date.now() + ms }, (e, r) => (e ? reject(e) : resolve(r))));

  // Find the leader: the member whose own id is the leader its Status reports.
  let leaderAddr: string | undefined;
  for (let i = 0; i < 200 && !leaderAddr; i++) {
    for (const m of members) {
      const addr = `127.0.0.1:${m.client}`;
      const mc = new Maintenance(addr, grpc.credentials.createInsecure());
      try {
        const st = await call(mc.Status.bind(mc), {}, 500);
        if (st.leader !== '0' && st.leader === st.header.member_id) leaderAddr = addr;
      } catch {
        // not up yet
      } finally {
        mc.close();
      }
    }
    if (!leaderAddr) await sleep(100);
  }
  if (!leaderAddr) throw new Error('etcd elected no leader');
  const kv = new KV(leaderAddr, grpc.credentials.createInsecure());
  const put = kv.Put.bind(kv) as Unary;
  const range = kv.Range.bind(kv) as Unary;
  const value = Buffer.alloc(valueBytes, 'x');
  await call(put, { key: Buffer.from('bench'), value });
  return {
    name: 'etcd',
    write: async (key) => {
      await call(put, { key: Buffer.from(key), value });
    },
    read: async () => {
      await call(range, { key: Buffer.from('bench') });
    },
    pids: () => procs.map((p) => p.pid ?? 0).filter((p) => p > 0),
    version: () => version,
    stop: async () => {
      kv.close();
      await Promise.all(procs.map((p) => new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGKILL'))))));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
