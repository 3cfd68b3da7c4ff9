import { SeededRandom } from '../../../node/raft/rand.ts';

/** The project's seeded PRNG with the helpers randomized history tests use; replays exactly. */
export class Rng extends SeededRandom {
  /** An integer in [0, n). */
  int(n: number): number {
    return this.intn(n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.intn(items.length)]!;
  }
}
