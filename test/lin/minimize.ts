/**
 * Shrinks a non-linearizable partition to a short sub-history that is still provably not
 * linearizable: every cut below is one whose non-linearizability implies the original's.
 */
import { asPending, type History, type Operation } from './history.ts';
import type { Model } from './model.ts';
import { searchLinearization } from './search.ts';

/**
 * The history as it stood just before the `k`-th call (0-based, in call order): the
 * first `k` operations, with those that had not returned by then made pending.
 * Linearizability is prefix-closed, so if this is not linearizable neither is the whole.
 */
export function prefixBeforeCall<I, O>(byCall: History<I, O>, k: number): Operation<I, O>[] {
  const cut = k < byCall.length ? byCall[k]!.call : Infinity;
  // A return at the cut instant sorts after the call there (see search.ts), so it is cut too.
  return byCall.slice(0, k).map((op) => (op.return >= cut && op.return !== Infinity ? asPending(op) : op));
}

/** Operations ordered by call time (stable), as prefixes are taken. */
export function inCallOrder<I, O>(history: History<I, O>): Operation<I, O>[] {
  return [...history].sort((a, b) => a.call - b.call);
}

/** A shrunk counterexample; `complete` is false when the deadline cut shrinking short. */
export interface Shrunk<I, O> {
  operations: Operation<I, O>[];
  complete: boolean;
}

/**
 * The shortest failing prefix found by binary search (prefix-closure makes failure
 * monotone in `k`), then with pure operations (reads, refusals; see `Model.isPure`)
 * dropped wherever the rest still fails, in halving chunks. Removing a pure operation
 * cannot make a linearizable history non-linearizable, so the result's failure is a
 * proof of the input's. `history` must be non-linearizable. Stops shrinking, returning
 * the best so far, at `deadline`.
 */
export function minimizeCounterexample<S, I, O>(
  model: Model<S, I, O>,
  history: History<I, O>,
  deadline = Infinity,
): Shrunk<I, O> {
  const fails = (h: History<I, O>): boolean | 'unknown' => {
    const verdict = searchLinearization(model, h, deadline);
    return verdict === 'unknown' ? 'unknown' : verdict === 'not-linearizable';
  };

  const byCall = inCallOrder(history);
  let lo = 1;
  let hi = byCall.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const verdict = fails(prefixBeforeCall(byCall, mid));
    if (verdict === 'unknown') return { operations: prefixBeforeCall(byCall, hi), complete: false };
    if (verdict) hi = mid;
    else lo = mid + 1;
  }
  let best = prefixBeforeCall(byCall, hi);

  const isPure = model.isPure?.bind(model);
  if (isPure === undefined) return { operations: best, complete: true };
  const pureOf = (ops: Operation<I, O>[]) =>
    ops.filter((op) => isPure(op.input, op.return === Infinity ? undefined : op.output));
  for (let chunk = Math.ceil(pureOf(best).length / 2); chunk >= 1; chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)) {
    let candidates = pureOf(best);
    for (let start = 0; start < candidates.length; ) {
      const drop = new Set(candidates.slice(start, start + chunk));
      const trial = best.filter((op) => !drop.has(op));
      const verdict = fails(trial);
      if (verdict === 'unknown') return { operations: best, complete: false };
      if (verdict) {
        best = trial;
        candidates = pureOf(best);
      } else {
        start += chunk;
      }
    }
  }
  return { operations: best, complete: true };
}
