/**
 * The checker's entry point: validates a history, splits it into the model's independent
 * partitions (P-compositionality), searches each, and on failure shrinks the failing
 * partition to a short counterexample.
 */
import { historyProblems, type History, type Operation } from './history.ts';
import type { Model } from './model.ts';
import { inCallOrder, minimizeCounterexample } from './minimize.ts';
import { searchLinearization } from './search.ts';

/** Evidence that a history is not linearizable. */
export interface Counterexample<I, O> {
  /** The failing partition's label (key, lock name; '' for unpartitioned models). */
  partition: string;
  /** Operations in the failing partition. */
  partitionSize: number;
  /**
   * A short sub-history, in call order, that is itself not linearizable and whose failure
   * implies the partition's (see minimize.ts). Operations that had not returned at the
   * cut appear as pending.
   */
  operations: Operation<I, O>[];
  /** False when the shrinking budget ran out: still a valid counterexample, just longer. */
  shrunkFully: boolean;
}

export type CheckResult<I, O> =
  | { linearizable: true }
  | { linearizable: false; counterexample: Counterexample<I, O> }
  | { linearizable: 'unknown'; reason: string };

export interface CheckOptions {
  /** Give up with 'unknown' after this long (whole check, minimizing included). Default: no limit. */
  timeoutMs?: number;
  /** Shrink the counterexample (default true); when false, it is the whole failing partition. */
  minimize?: boolean;
  /**
   * At most this long shrinking (default 5000), within `timeoutMs`: proving each candidate
   * sub-history non-linearizable can cost as much as the check itself, and a verdict with
   * a longer counterexample beats no verdict.
   */
  minimizeTimeoutMs?: number;
}

/** A history that is not well formed; the message lists what is wrong. */
export class MalformedHistoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`malformed history: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; ...' : ''}`);
    this.name = 'MalformedHistoryError';
  }
}

/**
 * Decides whether `history` is linearizable with respect to `model`. Partitions are
 * checked in order and the first failing one is reported, even if an earlier one ran out
 * of time. Throws `MalformedHistoryError` for an ill-formed history.
 */
export function check<S, I, O>(
  model: Model<S, I, O>,
  history: History<I, O>,
  options: CheckOptions = {},
): CheckResult<I, O> {
  const problems = historyProblems(history);
  if (problems.length > 0) throw new MalformedHistoryError(problems);
  const deadline = options.timeoutMs === undefined ? Infinity : performance.now() + options.timeoutMs;

  const timedOut: string[] = [];
  for (const part of model.partition(history)) {
    const verdict = searchLinearization(model, part.history, deadline);
    if (verdict === 'unknown') {
      timedOut.push(part.label);
      continue;
    }
    if (verdict === 'linearizable') continue;
    const shrunk =
      options.minimize === false
        ? { operations: inCallOrder(part.history), complete: false }
        : minimizeCounterexample(
            model,
            part.history,
            Math.min(deadline, performance.now() + (options.minimizeTimeoutMs ?? 5000)),
          );
    return {
      linearizable: false,
      counterexample: {
        partition: part.label,
        partitionSize: part.history.length,
        operations: shrunk.operations,
        shrunkFully: shrunk.complete,
      },
    };
  }
  if (timedOut.length > 0) {
    const names = timedOut.map((label) => JSON.stringify(label)).join(', ');
    return { linearizable: 'unknown', reason: `timed out on partition(s) ${names}` };
  }
  return { linearizable: true };
}
