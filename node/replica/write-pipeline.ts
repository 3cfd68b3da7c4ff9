import type { Entry } from '../raft/types.ts';
import type { LevelStorage, PersistBatch } from '../storage/level-storage.ts';

/** A write and what to do once it is durable. */
export interface WriteJob {
  readonly batch: PersistBatch;
  /** Runs after the batch (and every batch before it) is durable. */
  readonly durable: () => void;
}

export interface WriteOutcome {
  readonly jobs: number;
  readonly synced: boolean;
  readonly written: boolean;
  readonly seconds: number;
}

/** A queued write, or a task that must run alone between the writes around it. */
type Item =
  | { readonly kind: 'write'; readonly job: WriteJob }
  | { readonly kind: 'task'; readonly run: () => Promise<void>; readonly resolve: () => void; readonly reject: (e: Error) => void };

/**
 * Storage writes in order, one at a time, without blocking the Raft loop: while one
 * batch is being written (and fsynced), the batches accepted meanwhile wait and then
 * go to disk together as ONE batch — group commit, so the number of fsyncs per second
 * stays bounded however many Readys arrive. Tasks (a snapshot's write, a flush) take
 * their turn in the same order, alone: they start once everything before them is
 * durable, and what comes after waits for them.
 */
export class WritePipeline {
  private queue: Item[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    private readonly storage: LevelStorage,
    private readonly observe: (o: WriteOutcome) => void,
    private readonly fail: (e: Error) => void,
  ) {}

  enqueue(job: WriteJob): void {
    this.queue.push({ kind: 'write', job });
    this.kick();
  }

  /**
   * Runs `run` once everything queued before is durable, before anything queued after.
   * Its failure is the pipeline's (fatal) and also rejects the returned promise.
   */
  task(run: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ kind: 'task', run, resolve, reject });
      this.kick();
    });
  }

  /** Writes and tasks accepted but not yet done. */
  pending(): number {
    return this.queue.length + (this.writing ? 1 : 0);
  }

  /** Resolves once everything enqueued so far is durable. */
  async drain(): Promise<void> {
    while (this.writing || this.queue.length > 0) {
      this.kick();
      await this.writing;
    }
  }

  private kick(): void {
    if (this.writing || this.queue.length === 0) return;
    const head = this.queue[0]!;
    if (head.kind === 'task') {
      this.queue.shift();
      this.writing = head
        .run()
        .then(head.resolve, (e: unknown) => {
          head.reject(e as Error);
          this.fail(e as Error);
        })
        .finally(() => {
          this.writing = undefined;
          this.kick();
        });
      return;
    }
    let n = 1;
    while (n < this.queue.length && this.queue[n]!.kind === 'write') n++;
    const jobs = this.queue.splice(0, n).map((i) => (i as Extract<Item, { kind: 'write' }>).job);
    const batch = mergeBatches(jobs.map((j) => j.batch));
    const start = performance.now();
    this.writing = this.storage
      .persist(batch)
      .then(({ synced, written }) => {
        this.observe({ jobs: jobs.length, synced, written, seconds: (performance.now() - start) / 1000 });
        for (const j of jobs) j.durable();
      })
      .catch((e: unknown) => this.fail(e as Error))
      .finally(() => {
        this.writing = undefined;
        this.kick();
      });
  }
}

/**
 * Folds consecutive batches into one with the same effect when applied in order:
 * a later batch's entries replace an earlier one's from their first index on.
 */
export function mergeBatches(batches: readonly PersistBatch[]): PersistBatch {
  if (batches.length === 1) return batches[0]!;
  let entries: Entry[] = [];
  let hardState: PersistBatch['hardState'];
  for (const b of batches) {
    if (b.snapshot) throw new Error('write pipeline: snapshots are written synchronously, never merged');
    const first = b.entries[0];
    if (first) {
      const last = entries[entries.length - 1];
      if (last && first.index <= last.index) entries = entries.filter((e) => e.index < first.index);
      for (const e of b.entries) entries.push(e);
    }
    if (b.hardState) hardState = b.hardState;
  }
  return hardState ? { entries, hardState } : { entries };
}
