/**
 * The soak: partition runs back to back for a given wall-clock duration, cycling through
 * every nemesis and a random mix of them, each run with its own seed (derived from the
 * soak's seed, so a soak replays too). Prints every run's verdict and a summary:
 * runs x minutes of faults, operations checked, anomalies.
 */
import { mixed, NEMESES } from './nemesis.ts';
import { runOnce, type RunReport } from './run.ts';
import { SeededRandom } from './rng.ts';
import type { WorkloadSpec } from './workloads.ts';

export interface SoakOptions {
  readonly durationMs: number;
  readonly seed: number;
  /** Faults per run (ms); the last run is shortened to fit the duration. */
  readonly faultMs: number;
  readonly print?: (line: string) => void;
  /** Every run's workload (default: the schedule workload). */
  readonly workload?: WorkloadSpec;
}

export interface SoakSummary {
  readonly runs: number;
  readonly faultMinutes: number;
  readonly operationsChecked: number;
  readonly failed: RunReport[];
}

/** A run's overhead beyond its faults (start, setup, restart, checks), for planning the last run. */
const RUN_OVERHEAD_MS = 30_000;
/** Fewest seconds of faults worth a run. */
const MIN_FAULT_MS = 10_000;

export async function soak(o: SoakOptions): Promise<SoakSummary> {
  const print = o.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const rng = new SeededRandom(o.seed);
  const schedule = [...NEMESES, mixed];
  const started = Date.now();
  const reports: RunReport[] = [];
  print(`soak seed=${o.seed}: ${(o.durationMs / 60_000).toFixed(1)} minutes, ${(o.faultMs / 1000).toFixed(0)} s of faults per run${o.workload ? `, workload ${o.workload.name}` : ''}`);
  // Bounded by count as well as by time.
  for (let i = 0; i < 10_000; i++) {
    const left = o.durationMs - (Date.now() - started);
    const faultMs = Math.min(o.faultMs, left - RUN_OVERHEAD_MS);
    if (faultMs < MIN_FAULT_MS) break;
    const nemesis = schedule[i % schedule.length]!;
    const seed = rng.int(2 ** 31);
    reports.push(await runOnce({ nemesis, seed, faultMs, print, ...(o.workload ? { workload: o.workload } : {}) }));
  }
  const failed = reports.filter((r) => !r.passed);
  const faultMinutes = reports.reduce((s, r) => s + r.faultMinutes, 0);
  const operationsChecked = reports.reduce((s, r) => s + r.checkedOperations, 0);
  const wall = (Date.now() - started) / 60_000;
  print(
    `soak seed=${o.seed}: ${reports.length} runs x ${(faultMinutes / Math.max(1, reports.length)).toFixed(2)} minutes of faults ` +
      `(${faultMinutes.toFixed(1)} fault-minutes, ${wall.toFixed(1)} minutes wall), ${operationsChecked} operations checked, ` +
      `${failed.length} anomalies${failed.length ? `: ${failed.map((r) => `${r.nemesis} seed=${r.seed}`).join(', ')}` : ''}`,
  );
  return { runs: reports.length, faultMinutes, operationsChecked, failed };
}
