/**
 * What the clients of a run saw: every operation with its invocation and completion time
 * (milliseconds since the run's start, from one monotonic clock) and its result class:
 * - `ok`: acknowledged, with its output;
 * - `fail`: definitely not applied (refused before the log, or shown to be overwritten);
 * - `unknown`: may or may not have been applied (timeout, cancelled, connection lost,
 *   x-roster-outcome=unknown). Such an operation is pending forever for the checker.
 * A refusal by the schedule's rules (already holds, nothing to unassign) is an `ok`
 * completion whose output says so: it observed the state.
 */
import { PENDING, type Operation } from '../lin/history.ts';

export type ResultClass = 'ok' | 'fail' | 'unknown';

export interface RecordedOp<I, O> {
  /** The logical client; a new one takes over after an unknown result (the old is still pending). */
  readonly process: string;
  readonly input: I;
  /** The node the operation was sent to first, and where it ended (after redirects). */
  readonly node: string;
  finalNode: string;
  readonly invoke: number;
  complete: number;
  result: ResultClass;
  output?: O;
  /** The error code and details for fail and unknown, for reports. */
  error?: string;
}

export class History<I, O> {
  readonly ops: RecordedOp<I, O>[] = [];
  private readonly t0 = performance.now();

  /** Milliseconds since the history began. */
  now(): number {
    // Microsecond resolution is plenty, and keeps reports readable.
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  invoke(process: string, node: string, input: I): RecordedOp<I, O> {
    const op: RecordedOp<I, O> = { process, input, node, finalNode: node, invoke: this.now(), complete: PENDING, result: 'unknown' };
    this.ops.push(op);
    return op;
  }

  complete(op: RecordedOp<I, O>, result: ResultClass, output?: O, error?: string): void {
    op.complete = result === 'unknown' ? PENDING : this.now();
    op.result = result;
    if (output !== undefined) op.output = output;
    if (error !== undefined) op.error = error;
  }

  counts(): Record<ResultClass, number> {
    const c: Record<ResultClass, number> = { ok: 0, fail: 0, unknown: 0 };
    for (const op of this.ops) c[op.result]++;
    return c;
  }

  /**
   * The history for the linearizability checker: ok operations as completed, unknown ones
   * as pending forever, failed ones left out (they had no effect and observed nothing).
   */
  forChecker(): Operation<I, O>[] {
    const out: Operation<I, O>[] = [];
    for (const op of this.ops) {
      if (op.result === 'fail') continue;
      if (op.result === 'unknown') out.push({ clientId: op.process, input: op.input, call: op.invoke, return: PENDING });
      else out.push({ clientId: op.process, input: op.input, output: op.output as O, call: op.invoke, return: op.complete });
    }
    return out;
  }
}
