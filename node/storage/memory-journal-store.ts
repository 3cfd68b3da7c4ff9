import type { Clock } from '../clock/clock.ts';
import { compareWrites } from '../schedule/coverage.ts';
import type { CoverageWrite } from '../schedule/command.ts';
import type { Completion } from './durable-log.ts';
import type { JournalStore } from './journal-store.ts';

/**
 * The in-memory twin of LevelStorage's journal: the "disk" is a Map that outlives the
 * store (a simulated crash keeps it). A write reaches the disk after `latencyMs()`, and
 * only then completes, as an fsync would.
 */
export class MemoryJournalStore implements JournalStore {
  constructor(
    private readonly disk: Map<string, CoverageWrite>,
    private readonly clock: Clock,
    private readonly latencyMs: () => number = () => 0,
  ) {}

  journal(): readonly CoverageWrite[] {
    return [...this.disk.values()].sort(compareWrites);
  }

  appendJournal(write: CoverageWrite, done: Completion<void>): void {
    this.later(() => this.disk.set(write.id, write), done);
  }

  removeJournal(ids: readonly string[], done: Completion<void>): void {
    this.later(() => {
      for (const id of ids) this.disk.delete(id);
    }, done);
  }

  private later(work: () => void, done: Completion<void>): void {
    const latency = this.latencyMs();
    const finish = (): void => {
      work();
      done({ ok: true, value: undefined });
    };
    if (latency > 0) this.clock.after(latency, finish);
    else this.clock.defer(finish);
  }
}
