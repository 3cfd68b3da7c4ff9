/**
 * The seeded randomness of a partition run. Every random choice of a run (workload ops,
 * target nodes, nemesis timings and victims) is drawn from a stream forked off the run's
 * seed by a label, so each component's choices replay from the seed no matter how the
 * components interleave in time.
 */
import { SeededRandom as CoreRandom } from '../../node/raft/rand.ts';

/** The project's seeded PRNG (mulberry32, node/raft/rand.ts) with what partition runs need. */
export class SeededRandom extends CoreRandom {
  /** `seed` is any integer; only its low 32 bits matter. */
  constructor(readonly seed: number) {
    super(seed);
  }

  /** An independent stream for `label` (stable: the same seed and label give the same stream). */
  fork(label: string): SeededRandom {
    let h = (this.seed ^ 0x9e3779b9) >>> 0;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    return new SeededRandom(h ^ (h >>> 16));
  }

  /** An integer in [0, n); n >= 1. */
  int(n: number): number {
    return this.intn(n);
  }

  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element; `items` must not be empty. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick: no items');
    return items[this.int(items.length)]!;
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** A fresh seed for a run that was not given one (printed, so the run can be replayed). */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
