/**
 * npm run bench — rosterd against etcd on this machine, in one run, same client library
 * (@grpc/grpc-js), same value size, same concurrency, alternating the systems: rosterd,
 * rosterd-unsigned (--insecure-unsigned-commands: what signing every command costs),
 * rosterd-tls (mutual TLS on every member link and the client, TLS 1.3 with Ed25519
 * certificates, every call through the access gate: what TLS costs) and etcd.
 * Both are three-member clusters on loopback with default settings (fsync on); rosterd
 * runs as built (`npm run build`, dist/), as the docker image runs it.
 *
 * Workloads: write-1 (one client, sequential), write-16 (16 clients), write-128 (128
 * requests in flight), read-16 (16 clients, linearizable reads). Each freshly started
 * cluster first settles under 16 writers for `--settle` seconds (a JIT runtime runs
 * slower until its hot code is compiled: rosterd's single-client p50 was ~2.2 ms in
 * its first seconds and ~1.5 ms after 5 s of load), then each workload runs after a
 * warm-up, `--reps` times; the table shows medians and the rosterd/etcd ratio. Both
 * systems get the same settling and warm-up.
 *
 * Then, in each rep, rosterd alone on a cluster of its own started with --fault-injection
 * (bench/partition-modes.ts): emergency coverage at a follower of the whole cluster
 * (answered from the log) and journaled on a cut-off node, final approvals refused
 * there, and the time from a heal to the journals reconciled. etcd
 * has no such mode; `--only etcd` leaves these rows out, `--only ap` runs only them.
 * Then, in each rep, 16 writers on a fresh signed cluster until every node has taken a
 * snapshot (bench/snapshot-row.ts): the max column is the slowest write across it;
 * `--only snapshot` runs only that row.
 * Last, the signed ledger's rows (bench/ledger-rows.ts): a commitment's latency on
 * `--reps` fresh clusters and `ledger verify` of 10,000 entries; `--only ledger` runs
 * only them.
 *
 * `--only` takes a comma-separated list of what to run: systems (rosterd, rosterd-unsigned,
 * rosterd-tls, etcd) and row groups (ap, ledger, snapshot); e.g. `--only rosterd-unsigned` alone
 * compares with a build from before commands were signed.
 *
 * Usage: npm run bench -- [--seconds S] [--settle S] [--reps R] [--bytes B] [--json FILE] [--only LIST]
 *                         [--ap-writes N] [--ap-refusals M] [--ledger-commits N] [--rosterd-flags='--flag value ...']
 *        npm run bench -- --soak 10m     (16 clients against rosterd, then etcd, RSS every 30 s)
 */
import { parseArgs } from 'node:util';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measurePartitionModes, startPartitionCluster, type HealSample, type LatencySample, type PartitionModesSample } from './partition-modes.ts';
import { measureAcrossSnapshot, type SnapshotRowSample } from './snapshot-row.ts';
import { startRosterd } from './systems/rosterd.ts';
import { etcdVersion, startEtcd } from './systems/etcd.ts';
import { ROSTERD_VERSION } from '../node/server/admin-service.ts';
import { cpuSeconds, rssBytes, type BenchSystem, type SystemName } from './systems/system.ts';
import { ledgerRows, printLedgerRows } from './ledger-rows.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    settle: { type: 'string', default: '10' },
    reps: { type: 'string', default: '3' },
    bytes: { type: 'string', default: '256' },
    json: { type: 'string' },
    only: { type: 'string' },
    'rosterd-flags': { type: 'string', default: '' },
    soak: { type: 'string' },
    'ap-writes': { type: 'string', default: '1000' },
    'ap-refusals': { type: 'string', default: '1000' },
    'ledger-commits': { type: 'string', default: '200' },
  },
});
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const SETTLE = Number(values.settle);
const REPS = Number(values.reps);
const BYTES = Number(values.bytes);
/** Extra daemon flags for every rosterd cluster (e.g. --rosterd-flags='--election-ticks 12'), to compare settings. */
const ROSTERD_FLAGS = values['rosterd-flags'].split(' ').filter(Boolean);
const AP_WRITES = Number(values['ap-writes']);
const AP_REFUSALS = Number(values['ap-refusals']);
/** The ledger rows: commitments per run, and entries in the export that is verified. */
const LEDGER_COMMITS = Number(values['ledger-commits']);
const LEDGER_ENTRIES = 10_000;
/** Requests in flight in the partition rows' concurrent round (as write-16). */
const AP_CONCURRENCY = 16;

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

/** Clusters running now: stopped on Ctrl-C / SIGTERM so no server outlives the benchmark. */
const running = new Set<{ stop(): Promise<void> }>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping ${running.size} cluster(s)\n`);
    void Promise.allSettled([...running].map((s) => s.stop())).finally(() => process.exit(130));
  });
}

const SYSTEMS: readonly SystemName[] = ['rosterd', 'rosterd-unsigned', 'rosterd-tls', 'etcd'];
/** Rows that run on rosterd alone: through a partition, and the signed ledger. */
const ROW_GROUPS = ['ap', 'ledger', 'snapshot'] as const;

/** One run of the snapshot row on a fresh signed cluster, settled first like the table's clusters. */
async function snapshotRow(rep: number): Promise<SnapshotRowSample> {
  const sys = await startRosterd(BYTES, { flags: ROSTERD_FLAGS });
  running.add(sys);
  try {
    await closedLoop(sys, 'write', 16, SETTLE, FIXED_KEYS);
    return await measureAcrossSnapshot(sys, (line) => process.stderr.write(`rep ${rep} rosterd/${line}\n`));
  } finally {
    await stop(sys);
  }
}

async function start(name: SystemName): Promise<BenchSystem> {
  const sys = name === 'etcd' ? await startEtcd(BYTES) : await startRosterd(BYTES, { tls: name === 'rosterd-tls', unsigned: name === 'rosterd-unsigned', flags: ROSTERD_FLAGS });
  running.add(sys);
  return sys;
}

async function stop(sys: { stop(): Promise<void> }): Promise<void> {
  running.delete(sys);
  await sys.stop();
}

/** One run of the partition rows on a fresh rosterd cluster with fault injection. */
async function partitionModes(rep: number): Promise<PartitionModesSample> {
  const c = await startPartitionCluster();
  running.add(c);
  try {
    return await measurePartitionModes(c, {
      writes: AP_WRITES,
      refusals: AP_REFUSALS,
      concurrency: AP_CONCURRENCY,
      progress: (line) => process.stderr.write(`rep ${rep} rosterd/${line}\n`),
    });
  } finally {
    await stop(c);
  }
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
/** "median (min-max)" of a statistic over the runs. */
const spread = (xs: number[], d: number): string => {
  const sorted = [...xs].sort((a, b) => a - b);
  const fmt = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(d));
  return xs.length < 2 ? fmt(sorted[0] ?? NaN) : `${fmt(median(xs))} (${fmt(sorted[0]!)}-${fmt(sorted[sorted.length - 1]!)})`;
};

const LATENCY_ROWS: { key: 'coverFollower' | 'cover1' | 'cover16' | 'refused'; what: string }[] = [
  { key: 'coverFollower', what: 'Cover at a follower of a whole cluster (forwarded, answered from the log), 1 in flight' },
  { key: 'cover1', what: 'Cover at a cut-off node (journaled, fsynced), 1 in flight' },
  { key: 'cover16', what: `Cover at a cut-off node (journaled, fsynced), ${AP_CONCURRENCY} in flight` },
  { key: 'refused', what: 'Assign (final approval) at a cut-off node: refused, partitioned' },
];
const HEAL_ROWS: { key: 'healOneSide' | 'healTwoSides'; what: string }[] = [
  { key: 'healOneSide', what: 'one node cut off (the others keep their leader)' },
  { key: 'healTwoSides', what: 'two nodes cut off (no quorum anywhere: an election after the heal)' },
];

/** The partition rows: medians over the runs, with min-max. */
function printPartitionRows(ss: PartitionModesSample[]): void {
  console.log(`\nrosterd through a partition (rosterd only: etcd has no such mode); a cluster of its own per run, --fault-injection; medians of ${ss.length} runs (min-max)\n`);
  console.log('| measurement | calls | ops/s | p50 ms | p90 ms | p99 ms | max ms | unexpected answers |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of LATENCY_ROWS) {
    const xs: LatencySample[] = ss.map((s) => s[r.key]);
    const col = (k: keyof LatencySample, d: number) => spread(xs.map((x) => x[k]), d);
    console.log(`| ${r.what} | ${xs[0]!.count} | ${col('opsPerSec', 0)} | ${col('p50Ms', 2)} | ${col('p90Ms', 2)} | ${col('p99Ms', 2)} | ${col('maxMs', 2)} | ${col('errors', 0)} |`);
  }
  console.log('\n| heal to reconciled | journals | heal to reconciled ms | heal to one leader ms | healer: quorum to journal empty ms | standing | in conflict |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of HEAL_ROWS) {
    const xs: HealSample[] = ss.map((s) => s[r.key]);
    const healer = xs.map((x) => Math.max(...x.healerMs));
    console.log(
      `| ${r.what} | ${xs[0]!.sides} x ${xs[0]!.writesPerSide} | ${spread(xs.map((x) => x.reconciledMs), 0)} | ${spread(xs.map((x) => x.leaderMs), 0)} | ` +
        `${spread(healer, 0)} | ${spread(xs.map((x) => x.standing), 0)} | ${spread(xs.map((x) => x.conflict), 0)} |`,
    );
  }
  console.log('(heal to reconciled: from Admin.SetIsolation({isolated:false}) until the cut-off nodes\' journals are empty and all three nodes have applied the same index, polled every 20 ms)');
}

function medianOf(ss: readonly SnapshotRowSample[]): SnapshotRowSample {
  const keys = Object.keys(ss[0]!) as (keyof SnapshotRowSample)[];
  return Object.fromEntries(keys.map((k) => [k, +median(ss.map((s) => s[k])).toFixed(3)])) as unknown as SnapshotRowSample;
}

/** The snapshot row: medians over the runs, with min-max. */
function printSnapshotRow(ss: SnapshotRowSample[]): void {
  console.log(`\nrosterd (signed) across snapshots: 16 writers adding new people on a fresh cluster (default settings: a snapshot every 50,000 entries) until every node took one; medians of ${ss.length} runs (min-max)\n`);
  console.log('| writes | ops/s | p50 ms | p99 ms | max ms | errors | largest image MiB | longest snapshot ms | new terms |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const col = (k: keyof SnapshotRowSample, d: number) => spread(ss.map((s) => s[k]), d);
  console.log(`| ${col('writes', 0)} | ${col('opsPerSec', 0)} | ${col('p50Ms', 2)} | ${col('p99Ms', 2)} | ${col('maxMs', 2)} | ${col('errors', 0)} | ${spread(ss.map((s) => s.imageBytes / 2 ** 20), 1)} | ${col('snapshotMs', 0)} | ${col('newTerms', 0)} |`);
}

/** The partition rows for --json: every run, and the medians. */
function partitionModesJson(ss: PartitionModesSample[]) {
  const round = (x: number) => (Number.isNaN(x) ? null : +x.toFixed(3));
  const lat = (k: 'coverFollower' | 'cover1' | 'cover16' | 'refused') => {
    const xs = ss.map((s) => s[k]);
    const m = (f: keyof LatencySample) => round(median(xs.map((x) => x[f])));
    return { count: xs[0]!.count, opsPerSec: m('opsPerSec'), p50Ms: m('p50Ms'), p90Ms: m('p90Ms'), p99Ms: m('p99Ms'), maxMs: m('maxMs'), errors: m('errors') };
  };
  const heal = (k: 'healOneSide' | 'healTwoSides') => {
    const xs = ss.map((s) => s[k]);
    return {
      sides: xs[0]!.sides,
      writesPerSide: xs[0]!.writesPerSide,
      reconciledMs: round(median(xs.map((x) => x.reconciledMs))),
      leaderMs: round(median(xs.map((x) => x.leaderMs))),
      healerMs: round(median(xs.map((x) => Math.max(...x.healerMs)))),
      standing: median(xs.map((x) => x.standing)),
      conflict: median(xs.map((x) => x.conflict)),
    };
  };
  return {
    settings: { writes: AP_WRITES, refusals: AP_REFUSALS, concurrency: AP_CONCURRENCY, runs: ss.length },
    medians: { coverFollower: lat('coverFollower'), cover1: lat('cover1'), cover16: lat('cover16'), refused: lat('refused'), healOneSide: heal('healOneSide'), healTwoSides: heal('healTwoSides') },
    runs: JSON.parse(JSON.stringify(ss, (_k, v: unknown) => (typeof v === 'number' ? round(v) : v))) as unknown,
  };
}
function medianSample(ss: Sample[]): Sample {
  const keys = Object.keys(ss[0]!) as (keyof Sample)[];
  return Object.fromEntries(keys.map((k) => [k, median(ss.map((s) => s[k]))])) as unknown as Sample;
}

/**
 * The memory soak: 16 writers for `spec` over a fixed set of records, RSS per node every
 * 30 s, on rosterd and then etcd (`--only` picks), so the bar (rosterd's RSS against
 * etcd's after the same soak) is measured in one run.
 */
async function soak(spec: string, systems: readonly SystemName[]): Promise<void> {
  const m = /^(\d+)(s|m)$/.exec(spec);
  if (!m) throw new Error(`--soak takes a duration like 10m or 90s, got ${spec}`);
  const total = Number(m[1]) * (m[2] === 'm' ? 60 : 1);
  for (const name of systems) {
    const sys = await start(name);
    try {
      console.log(`soak: 16 clients writing to ${name} for ${total} s over a fixed set of ${FIXED_KEYS} records; RSS per node every 30 s`);
      for (let t = 0; t < total; t += 30) {
        const s = await closedLoop(sys, 'write', 16, Math.min(30, total - t), FIXED_KEYS);
        const rss = sys.pids().map((p) => (rssBytes(p) / 2 ** 20).toFixed(0) + ' MiB');
        console.log(`${name} t=${t + 30}s  ${s.opsPerSec.toFixed(0)} writes/s  p99 ${s.p99Ms.toFixed(2)} ms  RSS ${rss.join(' / ')}`);
      }
    } finally {
      await stop(sys);
    }
  }
}

async function main(): Promise<void> {
  const only = values.only?.split(',').map((x) => x.trim());
  const known: readonly string[] = [...SYSTEMS, ...ROW_GROUPS];
  const unknown = only?.filter((x) => !known.includes(x)) ?? [];
  if (unknown.length > 0) throw new Error(`--only takes a comma-separated list of ${known.join(', ')}; got ${unknown.join(', ')}`);
  if (values.soak) {
    const soaked = (['rosterd', 'etcd'] as const).filter((x) => (only === undefined || only.includes(x)) && (x !== 'etcd' || etcdVersion()));
    return soak(values.soak, soaked);
  }
  const systems: SystemName[] = SYSTEMS.filter((x) => only === undefined || only.includes(x));
  const withPartitionRows = only === undefined || only.includes('ap');
  const withLedgerRows = only === undefined || only.includes('ledger');
  const withSnapshotRow = only === undefined || only.includes('snapshot');
  const etcdV = etcdVersion();
  if (systems.includes('etcd') && !etcdV) {
    console.log('etcd not found: skipping the etcd side (install Debian\'s etcd-server to compare)');
    systems.splice(systems.indexOf('etcd'), 1);
  }
  const samples = new Map<string, Sample[]>();
  const rss = new Map<string, number[]>();
  const versions: Record<string, string> = {};
  const apSamples: PartitionModesSample[] = [];
  const snapSamples: SnapshotRowSample[] = [];
  // The machine is shared: the load around the run says how far to trust its numbers.
  const loadBefore = os.loadavg()[0]!;
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
    if (withPartitionRows) apSamples.push(await partitionModes(rep));
    if (withSnapshotRow) snapSamples.push(await snapshotRow(rep));
  }
  const ledger = withLedgerRows ? await ledgerRows({ runs: REPS, commits: LEDGER_COMMITS, entries: LEDGER_ENTRIES, progress: (line) => process.stderr.write(line + '\n') }) : undefined;

  const rows = WORKLOADS.map((w) => {
    const m = (name: SystemName): Sample | null => {
      const s = samples.get(`${name}/${w.name}`);
      return s ? medianSample(s) : null;
    };
    return { workload: w.name, rosterd: m('rosterd'), unsigned: m('rosterd-unsigned'), tls: m('rosterd-tls'), etcd: m('etcd') };
  });
  const f = (x: number | undefined, d = 2) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
  const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`;
  const date = new Date().toISOString().slice(0, 10);
  const load = { before: +loadBefore.toFixed(2), after: +os.loadavg()[0]!.toFixed(2) };
  console.log(`\nrosterd ${versions['rosterd'] ?? ROSTERD_VERSION} vs etcd ${versions['etcd'] ?? '-'}; ${machine}; ${date}; load average (1 min) ${load.before} before, ${load.after} after`);
  if (systems.length > 0) {
    console.log(`medians of ${REPS} runs of ${SECONDS} s after ${WARMUP} s warm-up (each cluster first settled ${SETTLE} s under 16 writers); ${BYTES}-byte writes; three members on loopback each\n`);
    console.log('| workload | system | ops/s | p50 ms | p90 ms | p99 ms | max ms | server CPU | client CPU | ratio ops/s | ratio p99 |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of rows) {
      for (const [name, s] of [['rosterd', row.rosterd], ['rosterd-unsigned', row.unsigned], ['rosterd-tls', row.tls], ['etcd', row.etcd]] as const) {
        if (!s) continue;
        const e = name !== 'etcd' ? row.etcd : null;
        console.log(
          `| ${row.workload} | ${name} | ${f(s.opsPerSec, 0)} | ${f(s.p50Ms)} | ${f(s.p90Ms)} | ${f(s.p99Ms)} | ${f(s.maxMs)} | ${f(s.serverCpu)} | ${f(s.clientCpu)} | ` +
            `${e ? f(s.opsPerSec / e.opsPerSec) : ''} | ${e ? f(s.p99Ms / e.p99Ms) : ''} |`,
        );
      }
    }
    const signing = rows.filter((r) => r.rosterd && r.unsigned);
    if (signing.length > 0) {
      console.log('\nwhat signing costs (rosterd / rosterd-unsigned, same run): ' + signing.map((r) => `${r.workload} ops/s ${f(r.rosterd!.opsPerSec / r.unsigned!.opsPerSec)}x, p50 ${f(r.rosterd!.p50Ms / r.unsigned!.p50Ms)}x`).join('; '));
    }
    const tls = rows.filter((r) => r.rosterd && r.tls);
    if (tls.length > 0) {
      console.log('what mutual TLS costs (rosterd-tls / rosterd, same run): ' + tls.map((r) => `${r.workload} ops/s ${f(r.tls!.opsPerSec / r.rosterd!.opsPerSec)}x, p50 ${f(r.tls!.p50Ms / r.rosterd!.p50Ms)}x, server CPU ${f(r.tls!.serverCpu / r.rosterd!.serverCpu)}x`).join('; '));
    }
    for (const [name, r] of rss) console.log(`RSS after the run, ${name}: ${r.map((b) => (b / 2 ** 20).toFixed(0) + ' MiB').join(' / ')}`);
    console.log('(server CPU: cores used by the three servers together; client CPU: the load generator; all share the machine)');
  }
  if (apSamples.length > 0) printPartitionRows(apSamples);
  if (snapSamples.length > 0) printSnapshotRow(snapSamples);
  if (ledger) printLedgerRows(ledger);

  if (values.json) {
    const pick = (s: Sample | null) => (s ? { opsPerSec: Math.round(s.opsPerSec), p50Ms: +s.p50Ms.toFixed(3), p90Ms: +s.p90Ms.toFixed(3), p99Ms: +s.p99Ms.toFixed(3), maxMs: +s.maxMs.toFixed(3), serverCpu: +s.serverCpu.toFixed(2), clientCpu: +s.clientCpu.toFixed(2) } : null);
    const out = {
      rows: rows.map((r) => ({ workload: r.workload, rosterd: pick(r.rosterd), rosterdUnsigned: pick(r.unsigned), rosterdTls: pick(r.tls), etcd: pick(r.etcd) })),
      machine,
      date,
      versions: { rosterd: versions['rosterd'] ?? null, etcd: versions['etcd'] ?? etcdV ?? null, node: process.version },
      settings: { seconds: SECONDS, warmupSeconds: WARMUP, settleSeconds: SETTLE, reps: REPS, valueBytes: BYTES },
      rssBytes: Object.fromEntries(rss),
      loadAverage: load,
      ...(apSamples.length > 0 ? { partitionModes: partitionModesJson(apSamples) } : {}),
      ...(ledger ? { ledger } : {}),
      ...(snapSamples.length > 0 ? { acrossSnapshot: { medians: medianOf(snapSamples), runs: snapSamples } } : {}),
    };
    mkdirSync(path.dirname(path.resolve(values.json)), { recursive: true });
    writeFileSync(values.json, JSON.stringify(out, null, 2) + '\n');
    console.log(`wrote ${values.json}`);
  }
}

await main();
