/**
 * The partition soak as node:test cases: seeds [from, to) in groups (./sim/soak.ts).
 * Split over two test files so that `npm test` runs them on both cores.
 */
import { test } from 'node:test';
import { DEFAULT_MODES_STEPS, modesReplay, runModesSoak } from './sim/soak.ts';

/** Seeds per node:test case. */
const GROUP = 50;

export function modesSoakSuite(from: number, to: number, steps = DEFAULT_MODES_STEPS): void {
  for (let lo = from; lo < to; lo += GROUP) {
    const hi = Math.min(to, lo + GROUP);
    test(`partition soak: seeds ${lo}..${hi - 1}, ${steps} steps each: no acknowledged write lost, one schedule everywhere, order of healing irrelevant, minority refusals at once`, async () => {
      const failures: string[] = [];
      for (let seed = lo; seed < hi; seed++) {
        try {
          await runModesSoak({ seed, steps });
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          failures.push(msg.includes('replay:') ? msg : `${msg}\n  replay: ${modesReplay({ seed, steps })}`);
        }
      }
      if (failures.length > 0) throw new Error(`${failures.length} of ${hi - lo} seeds failed:\n${failures.join('\n')}`);
    });
  }
}
