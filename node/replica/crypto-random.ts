import { randomInt } from 'node:crypto';
import type { RandomSource } from '../raft/rand.ts';

/** Production randomness for election jitter: unpredictable across nodes and restarts. */
export class CryptoRandom implements RandomSource {
  intn(n: number): number {
    return n <= 1 ? 0 : randomInt(n);
  }
}
