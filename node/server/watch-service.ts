import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { scheduleCommandOf } from '../ledger/signed-entry.ts';
import { InvalidArgumentError, OutOfRangeError, ResourceExhaustedError, RosterError, toServiceError, UnavailableError } from '../errors.ts';
import { CompactedError } from '../raft/storage.ts';
import { Cancellation } from '../replica/cancellation.ts';
import type { Entry } from '../raft/types.ts';
import type { AppliedBatch, ScheduleReplica } from '../replica/index.ts';
import {
  checkId,
  decodeCommand,
  validateCommand,
  type ApplyResult,
  type Assignment,
  type Change,
  type Command,
  type LockRecord,
} from '../schedule/index.ts';
import { coverageToWire, lockToWire, poolToWire } from './wire.ts';
import { rejectMalformedUtf8 } from './unary.ts';
import type * as v1 from '../wire/generated/rosterd/v1/index.ts';

/**
 * Roster.Watch: a server stream of the schedule changes that touch a block and/or a
 * facility, in log order, resumable from any retained log index.
 *
 * How it stays gapless: the stream keeps `next`, the next log index to look at. It
 * subscribes to applied batches first, then replays the retained log from `next` up to
 * the applied index, then follows the live batches; an entry below `next` is skipped, and
 * a live entry beyond `next` first makes it read the missing entries from the log. Every
 * PROGRESS_INTERVAL_MS it also reads the log up to the applied index (so nothing waits
 * for the next write) and, if it sent nothing in that time, sends a WatchProgress with
 * next - 1: a client resumes from (last index seen) + 1 and misses nothing.
 *
 * The outcome of a past entry (accepted? what changed?) comes from the state machine's
 * request memory (requests.ts), which keeps each request id's first outcome; a live
 * entry's comes with it. The stream fails with OUT_OF_RANGE (metadata
 * x-roster-first-index (FIRST_INDEX_KEY in errors.ts): where it can resume) when `from_index` is compacted away, when this
 * node replaced its state by a snapshot past `next`, or when a past entry's outcome is
 * no longer remembered; with RESOURCE_EXHAUSTED when the client does not keep up.
 */

/** How long a watch "from now" waits for a read index before it starts from this node's applied index. */
const FROM_NOW_BARRIER_MS = 1000;
/** Heartbeat and log re-read period of a watch stream. */
export const PROGRESS_INTERVAL_MS = 1000;
/** Events buffered for a slow client before the stream is failed (it can resume). */
export const MAX_BUFFERED_EVENTS = 10_000;
/** Bytes of log read at a time when replaying. */
const HISTORY_CHUNK_BYTES = 1 << 20;
/** Retry hint when a slow watcher is dropped. */
const SLOW_CLIENT_RETRY_AFTER_MS = 500;

type Call = grpc.ServerWritableStream<v1.WatchRequest__Output, v1.WatchEvent>;

class WatchStream {
  private next = 1;
  private closed = false;
  private lastWriteAt = Date.now();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly replica: ScheduleReplica,
    private readonly call: Call,
    private readonly block: string,
    private readonly facility: string,
    private readonly log: Logger,
  ) {}

  start(fromIndex: number): void {
    this.call.on('cancelled', () => this.close());
    this.call.on('close', () => this.close());
    if (fromIndex === 0) {
      this.startFromNow();
      return;
    }
    this.unsubscribe = this.replica.onApplied((batch) => this.guard(() => this.onBatch(batch)));
    const first = this.replica.firstRetainedIndex();
    if (fromIndex < first) {
      throw new OutOfRangeError(
        `changes before index ${first} are no longer retained here (log compaction); ` +
          `resume from index ${first} or later, or re-read the schedule and watch from now`,
        first,
      );
    }
    this.next = fromIndex;
    this.follow();
  }

  /**
   * "From now" means after every change committed before the watch was asked for, not
   * after what this node happens to have applied (a lagging follower would replay older
   * changes as new): a read barrier first, then the stream starts after the applied
   * index. A node that cannot get a read index (no leader, a minority) starts after its
   * own applied index, as a stale read would; its first WatchProgress says where.
   */
  private startFromNow(): void {
    const cancel = new Cancellation();
    const bound = setTimeout(() => cancel.cancel(), FROM_NOW_BARRIER_MS);
    const begin = (): void => {
      clearTimeout(bound);
      this.guard(() => {
        this.next = this.replica.appliedState().applied + 1;
        this.unsubscribe = this.replica.onApplied((batch) => this.guard(() => this.onBatch(batch)));
        this.follow();
      });
    };
    this.replica.readBarrier({ ready: begin, failed: begin }, cancel);
  }

  private follow(): void {
    this.catchUp();
    this.progress();
    this.timer = setInterval(() => this.guard(() => this.tick()), PROGRESS_INTERVAL_MS);
  }

  private tick(): void {
    this.catchUp();
    if (Date.now() - this.lastWriteAt >= PROGRESS_INTERVAL_MS) this.progress();
  }

  private progress(): void {
    this.write({ progress: { index: this.next - 1 } });
  }

  /** Replays the log from `next` up to the applied index. */
  private catchUp(): void {
    for (;;) {
      if (this.closed) return;
      const applied = this.replica.appliedState().applied;
      if (this.next > applied) return;
      let entries: Entry[];
      try {
        entries = this.replica.committedEntries(this.next, applied, HISTORY_CHUNK_BYTES);
      } catch (e) {
        if (e instanceof CompactedError) {
          throw new OutOfRangeError(
            `changes from index ${this.next} were compacted away before this watch could send them; ` +
              `resume from index ${e.firstIndex} or later, or re-read the schedule and watch from now`,
            e.firstIndex,
          );
        }
        throw e;
      }
      if (entries.length === 0) return;
      for (const entry of entries) {
        if (entry.index < this.next) continue;
        this.emit(entry, undefined);
        this.next = entry.index + 1;
      }
    }
  }

  private onBatch(batch: AppliedBatch<ApplyResult>): void {
    if (this.closed) return;
    if (batch.kind === 'snapshot') {
      if (batch.index >= this.next) {
        throw new OutOfRangeError(
          `this node replaced its state by a snapshot at index ${batch.index}, so changes from index ${this.next} ` +
            `to ${batch.index} cannot be sent from here; resume from another node, or re-read the schedule and watch from ${batch.index + 1}`,
          batch.index + 1,
        );
      }
      return;
    }
    for (const { entry, result } of batch.events) {
      if (entry.index < this.next) continue;
      if (entry.index > this.next) this.catchUp();
      if (entry.index > this.next) {
        throw new UnavailableError(`watch lost its place at index ${this.next} (next applied entry ${entry.index}); resume from index ${this.next}`);
      }
      if (entry.index < this.next) continue;
      this.emit(entry, result);
      this.next = entry.index + 1;
    }
  }

  /** Sends the change event of one entry, if it is an accepted command touching the watched scope. */
  private emit(entry: Entry, live: ApplyResult | undefined): void {
    if (entry.type === 'conf' || entry.data.length === 0) return;
    const bytes = scheduleCommandOf(entry.data);
    if (bytes === undefined) return; // not a schedule command (a ledger entry, or undecodable): no schedule change
    let cmd: Command;
    try {
      cmd = decodeCommand(bytes);
    } catch {
      return; // refused on apply as undecodable: changed nothing
    }
    let result = live;
    if (result === undefined) {
      // Read back from the log: an entry refused for its signature changed nothing.
      if (!this.replica.appliedState().state.accepts(entry.data)) return;
      const record = this.replica.appliedState().state.schedule.requestRecord(cmd.requestId);
      if (record !== undefined && record.index === entry.index) result = record.result;
      else if (record !== undefined && record.index < entry.index) return; // a retry: applied earlier
      else if (validateCommand(cmd) !== undefined) return; // refused by validation, never remembered
      else {
        const applied = this.replica.appliedState().applied;
        throw new OutOfRangeError(
          `the outcome of index ${entry.index} is no longer remembered (request ids are kept for a limited time); ` +
            `re-read the schedule and watch from index ${applied + 1}`,
          applied + 1,
        );
      }
    }
    if (!result.ok || result.duplicate === true || (result.appliedAt !== undefined && result.appliedAt !== entry.index)) return;
    const changes = (result.changes ?? []).filter((c) => this.matches(c));
    if (changes.length === 0) return;
    const added: Assignment[] = [];
    const removed: Assignment[] = [];
    let lock: LockRecord | undefined;
    let pools: Extract<Change, { kind: 'poolsSet' }> | undefined;
    let block: Extract<Change, { kind: 'blockAdded' }>['block'] | undefined;
    const coverage: v1.CoverageEntry[] = [];
    const schedule = this.replica.appliedState().state.schedule;
    for (const c of changes) {
      if (c.kind === 'assigned') added.push(c.assignment);
      else if (c.kind === 'unassigned') removed.push(c.assignment);
      else if (c.kind === 'blockAdded') block = c.block;
      else if (c.kind === 'poolsSet') pools = c;
      else if (c.kind === 'coverage') {
        // The write itself is in the book for good; its status is the one this entry gave it.
        const record = schedule.coverageRecord(c.id);
        if (record) coverage.push(coverageToWire(record.write, c.to, record.index, false));
      } else lock = c.lock;
    }
    const clock = this.replica.appliedState().state.schedule.clockMs();
    this.write({
      change: {
        index: entry.index,
        timestampMs: cmd.timestampMs,
        requestId: cmd.requestId,
        kind: cmd.op.kind,
        detail: result.detail,
        added,
        removed,
        lock: lock === undefined ? null : lockToWire(lock, clock),
        poolsFacility: pools?.facility ?? '',
        pools: (pools?.pools ?? []).map(poolToWire),
        block: block ?? null,
        coverage,
      },
    });
  }

  private matches(c: Change): boolean {
    const inBlock = (b: string): boolean => this.block === '' || this.block === b;
    switch (c.kind) {
      case 'assigned':
      case 'unassigned':
        return inBlock(c.assignment.block) && (this.facility === '' || c.assignment.facility === this.facility);
      case 'blockAdded':
        return inBlock(c.block.id);
      case 'poolsSet':
        return this.facility === '' || c.facility === this.facility;
      case 'coverage':
        return inBlock(c.block);
      default:
        // A whole-block lock covers every facility's part.
        return inBlock(c.lock.block) && (this.facility === '' || c.lock.facility === '' || c.lock.facility === this.facility);
    }
  }

  private write(event: v1.WatchEvent): void {
    if (this.closed) return;
    if (this.call.writableLength >= MAX_BUFFERED_EVENTS) {
      throw new ResourceExhaustedError(`the watcher is not reading fast enough (${MAX_BUFFERED_EVENTS} events buffered); resume from index ${this.next}`, SLOW_CLIENT_RETRY_AFTER_MS);
    }
    this.call.write(event);
    this.lastWriteAt = Date.now();
  }

  /** Runs `f`; any error ends the stream with its status (unknown errors as INTERNAL, logged). */
  guard(f: () => void): void {
    if (this.closed) return;
    try {
      f();
    } catch (e) {
      this.fail(e);
    }
  }

  fail(e: unknown): void {
    if (this.closed) return;
    if (!(e instanceof RosterError)) this.log.error({ err: (e as Error)?.stack ?? String(e) }, 'watch stream failed unexpectedly');
    this.close();
    this.call.emit('error', toServiceError(e));
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }
}

/** The Watch handler (see the top of this file). */
export function watchHandler(replica: ScheduleReplica, log: Logger): grpc.handleServerStreamingCall<v1.WatchRequest__Output, v1.WatchEvent> {
  return (call) => {
    const req = call.request;
    const stream = new WatchStream(replica, call, req.block ?? '', req.facility ?? '', log);
    stream.guard(() => {
      rejectMalformedUtf8(req);
      if (req.block) {
        const invalid = checkId('block', req.block);
        if (invalid) throw new InvalidArgumentError(invalid);
      }
      if (req.facility) {
        const invalid = checkId('facility', req.facility);
        if (invalid) throw new InvalidArgumentError(invalid);
      }
      const from = Number(req.fromIndex ?? 0);
      if (!Number.isSafeInteger(from) || from < 0) throw new InvalidArgumentError(`from_index must be an integer >= 0 (got ${String(req.fromIndex)})`);
      stream.start(from);
    });
  };
}
