/**
 * The partition suite's workloads by name, for the CLI, the soak and the tests:
 * `schedule` (assignments and reads of schedule cells, workload.ts), `locks` (schedule
 * locks with fenced edits, lock-workload.ts) and `coverage` (emergency coverage at any
 * node beside final approvals, coverage-workload.ts).
 */
import { CoverageWorkload } from './coverage-workload.ts';
import { LockWorkload } from './lock-workload.ts';
import { ScheduleWorkload, type Workload, type WorkloadContext } from './workload.ts';

export interface WorkloadSpec {
  readonly name: string;
  readonly create: (ctx: WorkloadContext) => Workload<unknown, unknown, unknown>;
}

export const WORKLOADS: readonly WorkloadSpec[] = [
  { name: 'schedule', create: (ctx) => new ScheduleWorkload(ctx) as unknown as Workload<unknown, unknown, unknown> },
  { name: 'locks', create: (ctx) => new LockWorkload(ctx) as unknown as Workload<unknown, unknown, unknown> },
  { name: 'coverage', create: (ctx) => new CoverageWorkload(ctx) as unknown as Workload<unknown, unknown, unknown> },
];

/** The default workload: runs without a workload option use it, and their verdicts do not name it. */
export const DEFAULT_WORKLOAD = 'schedule';

export function workloadByName(name: string): WorkloadSpec {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w === undefined) throw new Error(`unknown workload ${name}; known: ${WORKLOADS.map((x) => x.name).join(', ')}`);
  return w;
}
