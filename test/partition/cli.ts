/**
 * `npm run test:partition` — the partition suite's entry point.
 *
 *   npm run test:partition                          the node:test suite (test/partition/*.test.ts)
 *   npm run test:partition -- --duration 30m        the soak: runs back to back for 30 minutes
 *   npm run test:partition -- --nemesis NAME --seed N [--fault-seconds S]
 *                                                   one run (replays a failing seed); NAME may be `all`
 * Options: --workload schedule|locks|coverage (default schedule; with neither --duration nor
 * --nemesis, only that workload's tests of the suite run), --keep (keep data and logs of
 * passing runs), --clients N.
 * Exit code: 0 when every run passed, 1 otherwise, 2 on bad usage.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NEMESES, nemesisByName } from './nemesis.ts';
import { ROOT } from './netns.ts';
import { freshSeed } from './rng.ts';
import { runOnce } from './run.ts';
import { soak } from './soak.ts';
import { WORKLOADS, workloadByName } from './workloads.ts';

/** Parses `30m`, `90s`, `2h` or plain seconds into milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`--duration: expected e.g. 30m, 90s or 2h, got ${text}`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        duration: { type: 'string' },
        nemesis: { type: 'string' },
        seed: { type: 'string' },
        'fault-seconds': { type: 'string' },
        clients: { type: 'string' },
        workload: { type: 'string' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`test:partition: ${(e as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(
      `usage: npm run test:partition [-- --duration 30m | --nemesis NAME|all --seed N [--fault-seconds S]] [--workload NAME] [--keep] [--clients N]\n` +
        `nemeses: ${NEMESES.map((n) => n.name).join(', ')}, mixed\nworkloads: ${WORKLOADS.map((w) => w.name).join(', ')}\n`,
    );
    return 0;
  }
  let workload;
  try {
    workload = args.workload !== undefined ? workloadByName(args.workload) : undefined;
  } catch (e) {
    process.stderr.write(`test:partition: ${(e as Error).message}\n`);
    return 2;
  }
  const seed = args.seed !== undefined ? Number(args.seed) : freshSeed();
  if (!Number.isInteger(seed)) {
    process.stderr.write(`test:partition: --seed must be an integer\n`);
    return 2;
  }
  const faultMs = args['fault-seconds'] !== undefined ? Number(args['fault-seconds']) * 1000 : 30_000;
  if (args.duration !== undefined) {
    const summary = await soak({ durationMs: parseDuration(args.duration), seed, faultMs, ...(workload ? { workload } : {}) });
    return summary.failed.length === 0 && summary.runs > 0 ? 0 : 1;
  }
  if (args.nemesis !== undefined) {
    const nemeses = args.nemesis === 'all' ? NEMESES : [nemesisByName(args.nemesis)];
    let ok = true;
    for (const nemesis of nemeses) {
      const r = await runOnce({ nemesis, seed, faultMs, keep: args.keep, ...(workload ? { workload } : {}), ...(args.clients ? { clients: Number(args.clients) } : {}) });
      ok &&= r.passed;
    }
    return ok ? 0 : 1;
  }
  const dir = path.join(ROOT, 'test/partition');
  const files = readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => path.join(dir, f));
  // The suite's tests name their workload; ROSTERD_PARTITION_WORKLOAD skips the others'.
  const env = workload ? { ...process.env, ROSTERD_PARTITION_WORKLOAD: workload.name } : process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit', cwd: ROOT, env });
  return r.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`test:partition: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
