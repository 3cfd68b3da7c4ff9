/**
 * The ledger's costs (part of `npm run bench`; alone: `npm run bench:ledger`):
 *   - commitment latency for a block of 100 assignments on three real nodes: rosterctl
 *     commit's round trip, from the request at the leader to the entry applied there
 *     (the reference notes quote +400-800 ms for a Byzantine-checked commitment; the bar
 *     here is under 10 ms at the median);
 *   - `ledger verify` of an export of 10,000 entries (each signed by three facilities),
 *     offline, as rosterctl runs it.
 * Prints a table and, with --json FILE, writes the rows.
 *
 * Flags: --commits N (default 200), --entries N (default 10000), --runs N (default 3).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Cluster } from '../test/cluster/harness.ts';
import { entryHash, formatExport, genesisHash, signVote, verifyExport, type LedgerEntry } from '../node/ledger/index.ts';
import { identity } from '../test/ledger/fixtures.ts';

const { values } = parseArgs({ options: { commits: { type: 'string' }, entries: { type: 'string' }, runs: { type: 'string' }, json: { type: 'string' } }, strict: true });
const COMMITS = Number(values.commits ?? 200);
const ENTRIES = Number(values.entries ?? 10_000);
const RUNS = Number(values.runs ?? 3);
const BLOCK = 'bench-block';
const ASSIGNMENTS = 100;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** One cluster: a block of 100 assignments, then COMMITS commitments, each of a new version (one assignment moved between them). */
async function commitmentRun(): Promise<{ p50: number; p90: number; p99: number; max: number }> {
  // Pools big enough for 100 people in one block (the defaults hold 20 per facility).
  const pools = JSON.stringify({ '*': [{ name: 'Ward', capacity: 60, reserved: 50, borrowLimit: 0, flex: false }] });
  const c = await Cluster.start({ tickMs: 25, flags: ['--pools', pools, '--log-level', 'warn'] });
  try {
    const must = async (service: 'roster' | 'ledger', method: string, req: unknown): Promise<any> => {
      const r = await c.leaderCall(service, method, req, 20_000);
      if (!r.ok) throw new Error(`${method}: ${r.error.details}`);
      return r.value;
    };
    await must('roster', 'AddBlock', { block: { id: BLOCK, start: '2026-07-01', end: '2026-07-28' } });
    for (let i = 0; i < ASSIGNMENTS; i++) {
      const facility = ['A', 'B', 'C'][i % 3]!;
      await must('roster', 'AddPerson', { person: { id: `p${i}`, name: `Dr ${i}`, role: 'FACULTY', homeFacility: facility } });
      await must('roster', 'Assign', { assignment: { person: `p${i}`, facility, pool: 'Ward', block: BLOCK } });
    }
    await must('roster', 'AddPerson', { person: { id: 'spare', name: 'Dr Spare', role: 'FACULTY', homeFacility: 'A' } });
    const ms: number[] = [];
    for (let i = 0; i < COMMITS; i++) {
      // A new version: the spare joins or leaves the block.
      if (i % 2 === 0) await must('roster', 'Assign', { assignment: { person: 'spare', facility: 'A', pool: 'Ward', block: BLOCK } });
      else await must('roster', 'Unassign', { assignment: { person: 'spare', block: BLOCK } });
      const t0 = performance.now();
      const r = await must('ledger', 'Commit', { block: BLOCK });
      const t = performance.now() - t0;
      if (!r.appended || r.entry.votes.length < 2) throw new Error(`commit ${i} did not append a signed entry: ${JSON.stringify(r.detail)}`);
      ms.push(t);
    }
    const sorted = ms.slice(Math.floor(COMMITS / 10)).sort((a, b) => a - b); // the first tenth warms up
    return { p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1]! };
  } finally {
    await c.stop();
  }
}

/** An export of `n` commitments signed by A, B and C, as `rosterctl ledger export` writes it. */
function syntheticExport(n: number): string {
  const cluster = 'rosterd-bench';
  const ids = ['A', 'B', 'C'].map((f) => identity(f));
  const entries: LedgerEntry[] = [];
  let prev = genesisHash(cluster);
  for (let seq = 1; seq <= n; seq++) {
    const block = `b${seq % 50}`;
    const digest = createHash('sha256').update(`schedule ${seq}`).digest();
    const votes = ids.map((id) => signVote(id, cluster, { facility: id.facility, block, version: seq, digest, prevHash: prev }));
    const content = { seq, prevHash: prev, block, version: seq, digest, timeMs: 1_767_225_600_000 + seq, proposer: 'A', votes, dissent: [] };
    const e = { ...content, hash: entryHash(cluster, content), index: seq * 3 };
    entries.push(e);
    prev = e.hash;
  }
  return formatExport({
    cluster,
    facilities: ['A', 'B', 'C'],
    keys: ids.map((id) => ({ facility: id.facility, publicKey: Buffer.from(id.publicKey) })),
    head: { seq: n, hash: prev },
    exportedFrom: 'A',
    appliedIndex: n * 3,
    entries,
    evidence: [],
  });
}

const cpu = os.cpus();
console.log(`ledger benchmark: ${new Date().toISOString().slice(0, 10)}, ${cpu.length} cores (${cpu[0]?.model ?? 'unknown'}), Node ${process.versions.node}, ${RUNS} runs`);
const commits: Awaited<ReturnType<typeof commitmentRun>>[] = [];
for (let r = 0; r < RUNS; r++) commits.push(await commitmentRun());
const text = syntheticExport(ENTRIES);
const verifyMs: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  const v = verifyExport(text);
  verifyMs.push(performance.now() - t0);
  if (!v.ok || v.entries !== ENTRIES) throw new Error(`the synthetic export did not verify: ${JSON.stringify(v)}`);
}
const row = {
  commitment: {
    assignments: ASSIGNMENTS,
    commits: COMMITS,
    p50Ms: median(commits.map((c) => c.p50)),
    p90Ms: median(commits.map((c) => c.p90)),
    p99Ms: median(commits.map((c) => c.p99)),
    maxMs: median(commits.map((c) => c.max)),
    runs: commits,
  },
  verify: { entries: ENTRIES, bytes: text.length, medianMs: median(verifyMs), runsMs: verifyMs },
};
const f = (x: number): string => x.toFixed(2);
console.log(`| row | p50 ms | p90 ms | p99 ms | max ms |`);
console.log(`| --- | ---: | ---: | ---: | ---: |`);
console.log(`| commit a block of ${ASSIGNMENTS} assignments (3 nodes, ${COMMITS} commits per run) | ${f(row.commitment.p50Ms)} | ${f(row.commitment.p90Ms)} | ${f(row.commitment.p99Ms)} | ${f(row.commitment.maxMs)} |`);
console.log(`ledger verify, ${ENTRIES} entries (${(text.length / 1e6).toFixed(1)} MB, 3 signatures each): median ${row.verify.medianMs.toFixed(0)} ms (runs: ${verifyMs.map((m) => m.toFixed(0)).join(', ')})`);
if (values.json) writeFileSync(values.json, JSON.stringify(row, null, 2));
