/**
 * npm run bench — rosterd against etcd on this machine, in one run, same client library
 * (@grpc/grpc-js), same value size, same concurrency, alternating the two systems.
 * Both are three-member clusters on loopback with default settings (fsync on). rosterd
 * runs twice per rep, in plaintext and with mutual TLS (rosterd-tls: every member link
 * and the client on TLS 1.3 with Ed25519 certificates, every call through the access
 * gate), so the cost of TLS is measured in the same run on the same machine.
 *
 * Workloads: write-1 (one client, sequential), write-16 (16 clients), write-128 (128
 * requests in flight), read-16 (16 clients, linearizable reads). Each freshly started
 * cluster first settles under 16 writers for `--settle` seconds (a JIT runtime runs
 * slower until its hot code is compiled: rosterd's single-client p50 was ~2.2 ms in
 * its first seconds and ~1.5 ms after 5 s of load), then each workload runs after a
 * warm-up, `--reps` times; the table shows medians and the rosterd/etcd ratio. Both
 * systems get the same settling and warm-up.
 *
 * Usage: npm run bench -- [--seconds S] [--settle S] [--reps R] [--bytes B] [--json FILE] [--only rosterd,rosterd-tls,etcd]
 *        npm run bench -- --soak 10m     (16 clients against rosterd, RSS every 30 s)
 */
import { parseArgs } from 'node:util';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRosterd } from './systems/rosterd.ts';
import { etcdVersion, startEtcd } from './systems/etcd.ts';
import { cpuSeconds, rssBytes, type BenchSystem, type SystemName } from './systems/system.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    settle: { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    bytes: { type: 'string', default: '256' },
    json: { type: 'string' },
    only: { type: 'string' },
    soak: { type: 'string' },
  },
});
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const SETTLE = Number(values.settle);
const REPS = Number(values.reps);
const BYTES = Number(values.bytes);

/** Records the settling load and the memory soak rewrite (identical re-adds: applied as no-ops, still replicated and logged). */
const FIXED_KEYS = 2000;

type Workload = 'write-1' | 'write-16' | 'write-128' | 'read-16';
const WORKLOADS: { name: Workload; concurrency: number; kind: 'write' | 'read' }[] = [
  { name: 'write-1', concurrency: 1, kind: 'write' },
  { name: 'write-16', concurrency: 16, kind: 'write' },
  { name: 'write-128', concurrency: 128, kind: 'write' },
  { name: 'read-16', concurrency: 16, kind: 'read' },
];

interface Sample {
  opsPerSec: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  serverCpu: number;
  clientCpu: number;
}

/** Systems running now: stopped on Ctrl-C / SIGTERM so no server outlives the benchmark. */
const running = new Set<BenchSystem>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping ${running.size} cluster(s)\n`);
    void Promise.allSettled([...running].map((s) => s.stop())).finally(() => process.exit(130));
  });
}

const SYSTEMS: readonly SystemName[] = ['rosterd', 'rosterd-tls', 'etcd'];

async function start(name: SystemName): Promise<BenchSystem> {
  const sys = name === 'etcd' ? await startEtcd(BYTES) : await startRosterd(BYTES, { tls: name === 'rosterd-tls' });
  running.add(sys);
  return sys;
}

async function stop(sys: BenchSystem): Promise<void> {
  running.delete(sys);
  await sys.stop();
}

let keySeq = 0;
/**
 * `keySpace`: write keys drawn from this many ids instead of always new ones, so the
 * data set stays bounded (the memory soak); each write is still a full replicated write.
 */
async function closedLoop(sys: BenchSystem, kind: 'write' | 'read', concurrency: number, seconds: number, keySpace?: number): Promise<Sample> {
  const lat: number[] = [];
  let errors = 0;
  const cpu0 = sys.pids().reduce((a, p) => a + cpuSeconds(p), 0);
  const client0 = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async (w: number) => {
    while (performance.now() < end) {
      const t = performance.now();
      try {
        if (kind === 'write') await sys.write(keySpace ? `k${keySeq++ % keySpace}` : `k${w}-${keySeq++}`);
        else await sys.read('bench');
        lat.push(performance.now() - t);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - start) / 1000;
  const c = process.cpuUsage(client0);
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return {
    opsPerSec: lat.length / elapsed,
    p50Ms: q(0.5),
    p90Ms: q(0.9),
    p99Ms: q(0.99),
    maxMs: lat[lat.length - 1] ?? NaN,
    errors,
    serverCpu: (sys.pids().reduce((a, p) => a + cpuSeconds(p), 0) - cpu0) / elapsed,
    clientCpu: (c.user + c.system) / 1e6 / elapsed,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function medianSample(ss: Sample[]): Sample {
  const keys = Object.keys(ss[0]!) as (keyof Sample)[];
  return Object.fromEntries(keys.map((k) => [k, median(ss.map((s) => s[k]))])) as unknown as Sample;
}

async function soak(spec: string): Promise<void> {
  const m = /^(\d+)(s|m)$/.exec(spec);
  if (!m) throw new Error(`--soak takes a duration like 10m or 90s, got ${spec}`);
  const total = Number(m[1]) * (m[2] === 'm' ? 60 : 1);
  const sys = await start('rosterd');
  try {
    console.log(`soak: 16 clients writing to rosterd for ${total} s over a fixed set of ${FIXED_KEYS} records; RSS per node every 30 s`);
    for (let t = 0; t < total; t += 30) {
      const s = await closedLoop(sys, 'write', 16, Math.min(30, total - t), FIXED_KEYS);
      const rss = sys.pids().map((p) => (rssBytes(p) / 2 ** 20).toFixed(0) + ' MiB');
      console.log(`t=${t + 30}s  ${s.opsPerSec.toFixed(0)} writes/s  p99 ${s.p99Ms.toFixed(2)} ms  RSS ${rss.join(' / ')}`);
    }
  } finally {
    await stop(sys);
  }
}

async function main(): Promise<void> {
  if (values.soak) return soak(values.soak);
  const only = values.only?.split(',').map((x) => x.trim());
  const unknown = only?.filter((x) => !(SYSTEMS as readonly string[]).includes(x)) ?? [];
  if (unknown.length > 0) throw new Error(`--only takes ${SYSTEMS.join(', ')} (comma-separated), got ${unknown.join(', ')}`);
  const systems: SystemName[] = SYSTEMS.filter((x) => only === undefined || only.includes(x));
  const etcdV = etcdVersion();
  if (systems.includes('etcd') && !etcdV) {
    console.log('etcd not found: skipping the etcd side (install Debian\'s etcd-server to compare)');
    systems.splice(systems.indexOf('etcd'), 1);
  }
  const samples = new Map<string, Sample[]>();
  const rss = new Map<string, number[]>();
  const versions: Record<string, string> = {};
  for (let rep = 1; rep <= REPS; rep++) {
    // Alternate the order so neither system always runs on a warmer or cooler machine.
    const order = rep % 2 === 1 ? systems : [...systems].reverse();
    for (const name of order) {
      const sys = await start(name);
      versions[name] = sys.version();
      try {
        await closedLoop(sys, 'write', 16, SETTLE, FIXED_KEYS);
        for (const w of WORKLOADS) {
          await closedLoop(sys, w.kind, w.concurrency, WARMUP);
          const s = await closedLoop(sys, w.kind, w.concurrency, SECONDS);
          const key = `${name}/${w.name}`;
          samples.set(key, [...(samples.get(key) ?? []), s]);
          process.stderr.write(`rep ${rep} ${key}: ${s.opsPerSec.toFixed(0)} ops/s p50 ${s.p50Ms.toFixed(2)} ms p99 ${s.p99Ms.toFixed(2)} ms errors ${s.errors}\n`);
        }
        rss.set(name, sys.pids().map(rssBytes));
      } finally {
        await stop(sys);
      }
    }
  }

  const med = (key: string): Sample | null => {
    const ss = samples.get(key);
    return ss ? medianSample(ss) : null;
  };
  const rows = WORKLOADS.map((w) => ({ workload: w.name, rosterd: med(`rosterd/${w.name}`), rosterdTls: med(`rosterd-tls/${w.name}`), etcd: med(`etcd/${w.name}`) }));
  const f = (x: number | undefined, d = 2) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  console.log(`\nrosterd ${versions['rosterd'] ?? versions['rosterd-tls'] ?? '-'} (plaintext and mutual TLS) vs etcd ${versions['etcd'] ?? '-'}; ${machine}; ${date}`);
  console.log(`medians of ${REPS} runs of ${SECONDS} s after ${WARMUP} s warm-up (each cluster first settled ${SETTLE} s under 16 writers); ${BYTES}-byte writes; three members on loopback each\n`);
  console.log('| workload | system | ops/s | p50 ms | p90 ms | p99 ms | max ms | server CPU | client CPU | ratio ops/s | ratio p99 |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    // Ratios: rosterd against etcd, and rosterd with TLS against rosterd without (the cost of TLS).
    const lines: [SystemName, Sample | null, Sample | null][] = [
      ['rosterd', row.rosterd, row.etcd],
      ['rosterd-tls', row.rosterdTls, row.rosterd],
      ['etcd', row.etcd, null],
    ];
    for (const [name, s, base] of lines) {
      if (!s) continue;
      console.log(
        `| ${row.workload} | ${name} | ${f(s.opsPerSec, 0)} | ${f(s.p50Ms)} | ${f(s.p90Ms)} | ${f(s.p99Ms)} | ${f(s.maxMs)} | ${f(s.serverCpu)} | ${f(s.clientCpu)} | ` +
          `${base ? f(s.opsPerSec / base.opsPerSec) : ''} | ${base ? f(s.p99Ms / base.p99Ms) : ''} |`,
      );
    }
  }
  console.log('(ratio: rosterd / etcd, and rosterd-tls / rosterd: what mutual TLS costs)');
  for (const [name, r] of rss) console.log(`RSS after the run, ${name}: ${r.map((b) => (b / 2 ** 20).toFixed(0) + ' MiB').join(' / ')}`);
  console.log('(server CPU: cores used by the three servers together; client CPU: the load generator; all share the machine)');

  if (values.json) {
    const pick = (s: Sample | null) => (s ? { opsPerSec: Math.round(s.opsPerSec), p50Ms: +s.p50Ms.toFixed(3), p90Ms: +s.p90Ms.toFixed(3), p99Ms: +s.p99Ms.toFixed(3), maxMs: +s.maxMs.toFixed(3), serverCpu: +s.serverCpu.toFixed(2), clientCpu: +s.clientCpu.toFixed(2) } : null);
    const out = {
      rows: rows.map((r) => ({ workload: r.workload, rosterd: pick(r.rosterd), rosterdTls: pick(r.rosterdTls), etcd: pick(r.etcd) })),
      machine,
      date,
      versions: { rosterd: versions['rosterd'] ?? versions['rosterd-tls'] ?? null, etcd: versions['etcd'] ?? etcdV ?? null, node: process.version },
      settings: { seconds: SECONDS, warmupSeconds: WARMUP, settleSeconds: SETTLE, reps: REPS, valueBytes: BYTES },
      rssBytes: Object.fromEntries(rss),
    };
    mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
    console.log(`wrote ${values.json}`);
  }
}

await main();
