/**
 * The snapshot row of `npm run bench`: 16 writers add new people to a signed three-node
 * cluster with the default settings (a snapshot every 50,000 applied entries) until
 * every node has taken a snapshot since the row began, and a second more. Every write is
 * a new person, so the state (and the image) grows as a day of real changes would; the
 * max column is the slowest write across the snapshots (the performance issue's bar:
 * none over 50 ms).
 */
import type { RosterdSystem } from './systems/rosterd.ts';

export interface SnapshotRowSample {
  readonly writes: number;
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
  /** The largest image a node wrote during the row. */
  readonly imageBytes: number;
  /** The longest a node took from capturing its state to the image being durable (its own log line). */
  readonly snapshotMs: number;
  /** Terms that began during the row (from the nodes' "leader changed" lines): a snapshot that stalls a node long enough costs an election. */
  readonly newTerms: number;
}

const CONCURRENCY = 16;
/** A bound, not an expectation: the row ends long before it on any machine that runs the suite. */
const DEADLINE_MS = 600_000;

interface SnapshotLine {
  readonly bytes: number;
  readonly totalMs: number;
}

/** The nodes' "snapshot taken" log lines, per node. */
function snapshotLines(sys: RosterdSystem): SnapshotLine[][] {
  return sys.logs().map((text) =>
    text
      .split('\n')
      .filter((l) => l.includes('"snapshot taken'))
      .map((l) => JSON.parse(l) as SnapshotLine),
  );
}

/** The terms the nodes have logged a leader for. */
function termsSeen(sys: RosterdSystem): Set<number> {
  const terms = new Set<number>();
  for (const text of sys.logs()) for (const l of text.split('\n')) if (l.includes('"leader changed"')) terms.add((JSON.parse(l) as { term: number }).term);
  return terms;
}

export async function measureAcrossSnapshot(sys: RosterdSystem, progress: (line: string) => void): Promise<SnapshotRowSample> {
  const termsBefore = termsSeen(sys);
  const before = snapshotLines(sys).map((ls) => ls.length);
  const fresh = () => snapshotLines(sys).map((ls, i) => ls.slice(before[i]));
  const lat: number[] = [];
  let errors = 0;
  let seq = 0;
  let stopAt = Number.POSITIVE_INFINITY;
  const start = performance.now();
  const watch = setInterval(() => {
    if (stopAt === Number.POSITIVE_INFINITY && fresh().every((ls) => ls.length > 0)) stopAt = performance.now() + 1000;
  }, 250);
  try {
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        while (performance.now() < Math.min(stopAt, start + DEADLINE_MS)) {
          const t = performance.now();
          try {
            await sys.write(`snap-${w}-${seq++}`);
            lat.push(performance.now() - t);
          } catch {
            errors++;
          }
        }
      }),
    );
  } finally {
    clearInterval(watch);
  }
  const taken = fresh();
  if (taken.some((ls) => ls.length === 0)) throw new Error(`the snapshot row ran ${DEADLINE_MS / 1000} s without every node taking a snapshot`);
  const elapsed = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
  const all = taken.flat();
  const sample = {
    writes: lat.length,
    opsPerSec: lat.length / elapsed,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    maxMs: lat[lat.length - 1]!,
    errors,
    imageBytes: Math.max(...all.map((l) => l.bytes)),
    snapshotMs: Math.max(...all.map((l) => l.totalMs)),
    newTerms: [...termsSeen(sys)].filter((t) => !termsBefore.has(t)).length,
  };
  progress(`across a snapshot: ${sample.writes} writes, ${sample.opsPerSec.toFixed(0)} ops/s, p99 ${sample.p99Ms.toFixed(2)} ms, max ${sample.maxMs.toFixed(2)} ms, image ${(sample.imageBytes / 2 ** 20).toFixed(1)} MiB, ${sample.newTerms} new terms`);
  return sample;
}
