/**
 * An independent, exhaustive linearizability check for tiny histories (no event list, no
 * memo), to cross-examine the real search.
 */
import { PENDING, type History } from '../history.ts';
import type { Model } from '../model.ts';

/**
 * Whether some order of a subset of the ops, containing every completed op, respects
 * real time (an op may come next only if no unplaced completed op returned strictly
 * before its call) and is legal for the model. Exponential: keep histories under ~8 ops.
 */
export function bruteForceLinearizable<S, I, O>(model: Model<S, I, O>, history: History<I, O>): boolean {
  const placed = new Array<boolean>(history.length).fill(false);
  const explore = (state: S): boolean => {
    const open = history.filter((op, i) => !placed[i] && op.return !== PENDING);
    if (open.length === 0) return true;
    const earliestReturn = Math.min(...open.map((op) => op.return));
    return history.some((op, i) => {
      if (placed[i] || op.call > earliestReturn) return false;
      const { ok, newState } = model.step(state, op.input, op.return === PENDING ? undefined : op.output);
      if (!ok) return false;
      placed[i] = true;
      const found = explore(newState);
      placed[i] = false;
      return found;
    });
  };
  return explore(model.init());
}
