/**
 * Replays (or explores) soak runs:
 *   npm run sim -- --seed N [--steps S] [--nodes 3|5] [--verbose] [--trace] [--count K]
 * --verbose logs events (elections, crashes, partitions, membership); --trace also logs
 * every message; --count K runs seeds N..N+K-1 and reports every failing one.
 * Exit code 1 if any run violated an invariant or failed to converge, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SOAK_STEPS, replayCommand, runSoak, soakProfile } from './soak.ts';

function usage(msg: string): never {
  process.stderr.write(`${msg}\nusage: npm run sim -- --seed N [--steps S] [--nodes 3|5] [--verbose] [--trace] [--count K]\n`);
  process.exit(2);
}

function intArg(v: string | undefined, name: string, dflt: number | undefined): number {
  if (v === undefined) {
    if (dflt === undefined) usage(`--${name} is required`);
    return dflt;
  }
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) usage(`--${name} must be a non-negative integer, got ${v}`);
  return n;
}

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    steps: { type: 'string' },
    nodes: { type: 'string' },
    count: { type: 'string' },
    verbose: { type: 'boolean', short: 'v', default: false },
    trace: { type: 'boolean', default: false },
  },
  strict: true,
});

const seed = intArg(values.seed, 'seed', undefined);
const steps = intArg(values.steps, 'steps', DEFAULT_SOAK_STEPS);
const nodes = intArg(values.nodes, 'nodes', 3);
const count = intArg(values.count, 'count', 1);
if (nodes !== 3 && nodes !== 5) usage('--nodes must be 3 or 5');

let failures = 0;
const started = performance.now();
for (let s = seed; s < seed + count; s++) {
  const opts = { seed: s, steps, nodes };
  if (values.verbose) {
    console.log(`seed ${s}: profile ${JSON.stringify(soakProfile(s))}`);
  }
  const t0 = performance.now();
  try {
    const logging = values.verbose || values.trace;
    const { cluster, workload } = runSoak({ ...opts, ...(logging ? { log: (l: string) => console.log(l), trace: values.trace } : {}) });
    const ms = (performance.now() - t0).toFixed(0);
    console.log(`seed ${s} ok in ${ms} ms: ${cluster.summary()}`);
    if (values.verbose) {
      console.log(`  workload ${JSON.stringify(workload.counts)}`);
      console.log(`  checks ${JSON.stringify(cluster.checker.checks)}`);
    }
  } catch (err) {
    failures++;
    const e = err as Error;
    console.log(`seed ${s} FAILED: ${e.message}`);
    if (!e.message.includes('replay:')) console.log(`  replay: ${replayCommand(opts)}`);
    if (values.verbose || count === 1) console.log(e.stack);
  }
}
if (count > 1) console.log(`${count - failures}/${count} seeds ok in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures > 0 ? 1 : 0);
