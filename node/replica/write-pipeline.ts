import type { Entry } from '../raft/types.ts';
import type { Completion, DurableLog, PersistBatch } from '../storage/durable-log.ts';

/** A write and what to do once it is durable. */
export interface WriteJob {
  readonly batch: PersistBatch;
  /**
   * Runs after the batch (and every batch before it) is durable. `replacedFrom`: the
   * first log index that a later job, written in the same merged write, replaced
   * (Infinity when none did). The entries of this batch from there on never reached the
   * disk, so whatever promises them (an acknowledgement) must not be sent.
   */
  readonly durable: (replacedFrom: number) => void;
}

export interface WriteOutcome {
  readonly jobs: number;
  readonly synced: boolean;
  readonly written: boolean;
  readonly seconds: number;
}

/** A task that must run alone between the writes around it; it calls `done` when finished. */
export type PipelineTask = (done: Completion<void>) => void;

/** A queued write, or a task. */
type Item = { readonly kind: 'write'; readonly job: WriteJob } | { readonly kind: 'task'; readonly run: PipelineTask; readonly done: Completion<void> };

export interface WritePipelineOptions {
  readonly storage: DurableLog;
  /** Monotonic milliseconds, for the write duration reported to `observe`. */
  readonly monotonicMs: () => number;
  readonly observe: (o: WriteOutcome) => void;
  /** A write or task failed: memory is ahead of the disk, so the node must stop. */
  readonly fail: (e: Error) => void;
}

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
  private busy = false;
  private failed = false;
  private drainWaiters: (() => void)[] = [];

  constructor(private readonly o: WritePipelineOptions) {}

  /** Queues a write; `durable` runs once it and everything before it are on disk (see WriteJob). */
  enqueue(batch: PersistBatch, durable: WriteJob['durable']): void {
    this.queue.push({ kind: 'write', job: { batch, durable } });
    this.kick();
  }

  /**
   * Runs `run` once everything queued before is durable, before anything queued after;
   * `done` hears how it went. Its failure is also the pipeline's (fatal).
   */
  task(run: PipelineTask, done: Completion<void>): void {
    this.queue.push({ kind: 'task', run, done });
    this.kick();
  }

  /** Writes and tasks accepted but not yet done. */
  pending(): number {
    return this.queue.length + (this.busy ? 1 : 0);
  }

  /** Calls `fn` once everything enqueued so far is done (at once if nothing is). Never after a failure. */
  onDrained(fn: () => void): void {
    if (!this.busy && this.queue.length === 0) fn();
    else this.drainWaiters.push(fn);
  }

  private kick(): void {
    if (this.busy || this.failed) return;
    if (this.queue.length === 0) {
      const waiters = this.drainWaiters;
      this.drainWaiters = [];
      for (const w of waiters) w();
      return;
    }
    this.busy = true;
    const head = this.queue[0]!;
    if (head.kind === 'task') {
      this.queue.shift();
      head.run((r) => {
        head.done(r);
        if (r.ok) this.next();
        else this.die(r.error);
      });
      return;
    }
    let n = 1;
    while (n < this.queue.length && this.queue[n]!.kind === 'write') n++;
    const jobs = this.queue.splice(0, n).map((i) => (i as Extract<Item, { kind: 'write' }>).job);
    const batch = mergeBatches(jobs.map((j) => j.batch));
    const start = this.o.monotonicMs();
    this.o.storage.write(batch, (r) => {
      if (!r.ok) {
        this.die(r.error);
        return;
      }
      this.o.observe({ jobs: jobs.length, synced: r.value.synced, written: r.value.written, seconds: (this.o.monotonicMs() - start) / 1000 });
      // Walk back from the last job: each job's entries from the smallest first index of
      // the jobs after it on were replaced within this write (Raft: a later leader's
      // entries overwrite a suffix).
      const replacedFrom: number[] = new Array(jobs.length);
      let from = Infinity;
      for (let i = jobs.length - 1; i >= 0; i--) {
        replacedFrom[i] = from;
        const first = jobs[i]!.batch.entries[0];
        if (first && first.index < from) from = first.index;
      }
      for (let i = 0; i < jobs.length; i++) jobs[i]!.durable(replacedFrom[i]!);
      this.next();
    });
  }

  private next(): void {
    this.busy = false;
    this.kick();
  }

  private die(e: Error): void {
    this.failed = true;
    this.busy = false;
    this.o.fail(e);
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
