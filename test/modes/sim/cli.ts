/**
 * Replays (or explores) partition soak runs:
 *   npm run sim:modes -- --seed N [--steps S] [--count K]
 * Exit code 1 if any run failed a check or did not converge, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_MODES_STEPS, modesReplay, runModesSoak } from './soak.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, steps: { type: 'string' }, count: { type: 'string' } }, strict: true });
const int = (v: string | undefined, dflt: number | undefined, name: string): number => {
  const n = v === undefined ? dflt : Number(v);
  if (n === undefined || !Number.isSafeInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer\nusage: npm run sim:modes -- --seed N [--steps S] [--count K]\n`);
    process.exit(2);
  }
  return n;
};
const seed = int(values.seed, undefined, 'seed');
const steps = int(values.steps, DEFAULT_MODES_STEPS, 'steps');
const count = int(values.count, 1, 'count');
let failures = 0;
const started = performance.now();
for (let s = seed; s < seed + count; s++) {
  const t0 = performance.now();
  try {
    const { counts } = await runModesSoak({ seed: s, steps });
    console.log(`seed ${s} ok in ${(performance.now() - t0).toFixed(0)} ms: ${JSON.stringify(counts)}`);
  } catch (e) {
    failures++;
    const msg = (e as Error).message;
    console.log(`seed ${s} FAILED: ${msg}${msg.includes('replay:') ? '' : `\n  replay: ${modesReplay({ seed: s, steps })}`}`);
    if (count === 1) console.log((e as Error).stack);
  }
}
if (count > 1) console.log(`${count - failures}/${count} seeds ok in ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(failures > 0 ? 1 : 0);
