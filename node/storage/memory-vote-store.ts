import type { Clock } from '../clock/clock.ts';
import type { Completion } from './durable-log.ts';
import type { VoteStore } from './vote-store.ts';

/** The in-memory twin of LevelStorage's vote records: the "disk" is a Map that outlives the store. */
export class MemoryVoteStore implements VoteStore {
  constructor(
    private readonly disk: Map<string, Uint8Array>,
    private readonly clock: Clock,
  ) {}

  signedDigest(block: string, version: number): Uint8Array | undefined {
    return this.disk.get(`${block}\n${version}`);
  }

  recordVote(block: string, version: number, digest: Uint8Array, done: Completion<void>): void {
    this.clock.defer(() => {
      this.disk.set(`${block}\n${version}`, digest);
      done({ ok: true, value: undefined });
    });
  }
}
