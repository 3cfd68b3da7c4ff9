/**
 * The soak as node:test cases: seeds [from, to) in groups, each seed a full randomized
 * run (./sim/soak.ts). Split over several test files so that `npm test`
 * (--test-concurrency=2, one process per file) runs them on both cores.
 */
import { test } from 'node:test';
import { DEFAULT_SOAK_STEPS, replayCommand, runSoak } from './sim/soak.ts';

/** Seeds per node:test case: small enough to localize, large enough to keep output short. */
const GROUP = 50;

/** Every fourth seed runs five voters, the rest three. */
export function soakNodes(seed: number): number {
  return seed % 4 === 3 ? 5 : 3;
}

export function soakSuite(from: number, to: number, steps = DEFAULT_SOAK_STEPS): void {
  for (let lo = from; lo < to; lo += GROUP) {
    const hi = Math.min(to, lo + GROUP);
    test(`soak: seeds ${lo}..${hi - 1}, ${steps} steps each, keep every safety invariant and converge`, () => {
      const failures: string[] = [];
      for (let seed = lo; seed < hi; seed++) {
        const opts = { seed, steps, nodes: soakNodes(seed) };
        try {
          runSoak(opts);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          failures.push(msg.includes('replay:') ? msg : `${msg}\n  replay: ${replayCommand(opts)}`);
        }
      }
      if (failures.length > 0) {
        throw new Error(`${failures.length} of ${hi - lo} seeds failed:\n${failures.join('\n')}`);
      }
    });
  }
}
