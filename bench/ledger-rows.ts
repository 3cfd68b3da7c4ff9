/**
 * The ledger's rows of `npm run bench` (alone: `npm run bench:ledger`):
 *   - commitment latency for a block of 100 assignments on three real nodes: rosterctl
 *     commit's round trip, from the request at the leader to the entry applied there
 *     (the reference notes quote +400-800 ms for a Byzantine-checked commitment; the bar
 *     here is under 10 ms at the median);
 *   - `ledger verify` of an export of 10,000 entries (each signed by three facilities),
 *     offline, as rosterctl runs it.
 */
import { createHash } from 'node:crypto';
import { Cluster } from '../test/cluster/harness.ts';
import { entryHash, formatExport, genesisHash, signVote, verifyExport, type LedgerEntry } from '../node/ledger/index.ts';
import { identity } from '../test/ledger/fixtures.ts';
import { buildDaemon } from './systems/built-daemon.ts';

const BLOCK = 'bench-block';
const ASSIGNMENTS = 100;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** One cluster: a block of 100 assignments, then `commits` commitments, each of a new version (one assignment moved between them). */
async function commitmentRun(commits: number): Promise<{ p50: number; p90: number; p99: number; max: number }> {
  // Pools big enough for 100 people in one block (the defaults hold 20 per facility).
  const pools = JSON.stringify({ '*': [{ name: 'Ward', capacity: 60, reserved: 50, borrowLimit: 0, flex: false }] });
  buildDaemon();
  const c = await Cluster.start({ tickMs: 25, daemon: 'built', flags: ['--pools', pools, '--log-level', 'warn'] });
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
    for (let i = 0; i < commits; i++) {
      // A new version: the spare joins or leaves the block.
      if (i % 2 === 0) await must('roster', 'Assign', { assignment: { person: 'spare', facility: 'A', pool: 'Ward', block: BLOCK } });
      else await must('roster', 'Unassign', { assignment: { person: 'spare', block: BLOCK } });
      const t0 = performance.now();
      const r = await must('ledger', 'Commit', { block: BLOCK });
      const t = performance.now() - t0;
      if (!r.appended || r.entry.votes.length < 2) throw new Error(`commit ${i} did not append a signed entry: ${JSON.stringify(r.detail)}`);
      ms.push(t);
    }
    const sorted = ms.slice(Math.floor(commits / 10)).sort((a, b) => a - b); // the first tenth warms up
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

/** What the ledger rows measured: medians over the runs, and every run. */
export interface LedgerRows {
  readonly commitment: { assignments: number; commits: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; runs: readonly { p50: number; p90: number; p99: number; max: number }[] };
  readonly verify: { entries: number; bytes: number; medianMs: number; runsMs: readonly number[] };
}

/** Runs the commitment rows on `runs` fresh clusters and verifies a synthetic export of `entries` entries `runs` times. */
export async function ledgerRows(o: { runs: number; commits: number; entries: number; progress?: (line: string) => void }): Promise<LedgerRows> {
  const commits: Awaited<ReturnType<typeof commitmentRun>>[] = [];
  for (let r = 0; r < o.runs; r++) {
    const c = await commitmentRun(o.commits);
    o.progress?.(`ledger run ${r + 1}: commit p50 ${c.p50.toFixed(2)} ms p99 ${c.p99.toFixed(2)} ms`);
    commits.push(c);
  }
  const text = syntheticExport(o.entries);
  const verifyMs: number[] = [];
  for (let r = 0; r < o.runs; r++) {
    const t0 = performance.now();
    const v = verifyExport(text);
    verifyMs.push(performance.now() - t0);
    if (!v.ok || v.entries !== o.entries) throw new Error(`the synthetic export did not verify: ${JSON.stringify(v)}`);
  }
  return {
    commitment: {
      assignments: ASSIGNMENTS,
      commits: o.commits,
      p50Ms: median(commits.map((c) => c.p50)),
      p90Ms: median(commits.map((c) => c.p90)),
      p99Ms: median(commits.map((c) => c.p99)),
      maxMs: median(commits.map((c) => c.max)),
      runs: commits,
    },
    verify: { entries: o.entries, bytes: text.length, medianMs: median(verifyMs), runsMs: verifyMs },
  };
}

/** The rows as the bench prints them. */
export function printLedgerRows(row: LedgerRows): void {
  const f = (x: number): string => x.toFixed(2);
  console.log(`\nthe signed ledger (rosterd only); medians of ${row.commitment.runs.length} runs\n`);
  console.log(`| row | p50 ms | p90 ms | p99 ms | max ms |`);
  console.log(`| --- | ---: | ---: | ---: | ---: |`);
  console.log(`| commit a block of ${row.commitment.assignments} assignments (3 nodes, ${row.commitment.commits} commits per run) | ${f(row.commitment.p50Ms)} | ${f(row.commitment.p90Ms)} | ${f(row.commitment.p99Ms)} | ${f(row.commitment.maxMs)} |`);
  console.log(`ledger verify, ${row.verify.entries} entries (${(row.verify.bytes / 1e6).toFixed(1)} MB, 3 signatures each): median ${row.verify.medianMs.toFixed(0)} ms (runs: ${row.verify.runsMs.map((m) => m.toFixed(0)).join(', ')})`);
}
