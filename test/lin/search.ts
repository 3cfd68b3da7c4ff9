/**
 * The core decision procedure for one partition: Wing & Gong's backtracking search for a
 * linearization, with Lowe's memo of (linearized set, state) configurations already
 * explored, over a doubly linked list of call/return events as Porcupine lays it out.
 *
 * Pending operations (outcome unknown) are what make real histories expensive: each may
 * take effect at any later point, so naively every configuration branches on all of them.
 * Refinements, each preserving the verdict:
 * - Pending ops live in a list of their own and are tried only after every completed
 *   candidate, so a lost write is applied when something needs it rather than eagerly.
 * - The memo tracks pending ops apart from completed ones and skips a configuration when
 *   one with the same completed set and state but a subset of its pending ops was already
 *   seen. That one dominates it: pending ops constrain nobody's real-time order, so every
 *   continuation open to the larger set is open to the smaller.
 * - A configuration's pending successors all enter the memo before any is explored, so
 *   applying p then q (q overwriting p) is pruned as dominated by applying q alone. Memo
 *   entries are thereby "seen or scheduled", which the dominance argument still allows:
 *   every entry's successors get explored before the search can answer "no".
 * - Pending ops with identical inputs are interchangeable, so they are applied only in
 *   call order (an earlier twin can stand in for a later one anywhere).
 */
import { Bitset } from './bitset.ts';
import { FrontierSet } from './frontier-set.ts';
import { PENDING, type History } from './history.ts';
import type { Model } from './model.ts';

/** The outcome of a search: 'unknown' when the deadline passed first. */
export type SearchVerdict = 'linearizable' | 'not-linearizable' | 'unknown';

interface EventNode {
  op: number;
  time: number;
  isCall: boolean;
  /** On a completed op's call node: its return node. Null on pending ops and on returns. */
  ret: EventNode | null;
  /** A completed op's rank in return order, or a pending op's index among pending ops. */
  bit: number;
  /** On a pending op: `bit` of the previous pending op (in call order) with an identical input, or -1. */
  twin: number;
  prev: EventNode | null;
  next: EventNode | null;
}

function eventNode(op: number, time: number, isCall: boolean): EventNode {
  return { op, time, isCall, ret: null, bit: -1, twin: -1, prev: null, next: null };
}

/** Links nodes behind a fresh sentinel, in the given order. */
function linked(nodes: EventNode[]): EventNode {
  const head = eventNode(-1, -Infinity, false);
  let last = head;
  for (const n of nodes) {
    n.prev = last;
    last.next = n;
    last = n;
  }
  return head;
}

/**
 * The completed ops' calls and returns in time order, and the pending ops' calls in time
 * order. On equal times calls sort before returns, so operations touching at an instant
 * count as concurrent: the more permissive reading of ambiguous timestamps.
 */
function eventLists(history: History<unknown, unknown>) {
  const events: EventNode[] = [];
  const pendingCalls: EventNode[] = [];
  history.forEach((op, i) => {
    const call = eventNode(i, op.call, true);
    // A pending op gets no return event: nothing ever forces it to be linearized, which
    // is exactly "it may take effect at any later time, or never".
    if (op.return === PENDING) {
      pendingCalls.push(call);
    } else {
      call.ret = eventNode(i, op.return, false);
      events.push(call, call.ret);
    }
  });
  const byTime = (a: EventNode, b: EventNode) => a.time - b.time || Number(b.isCall) - Number(a.isCall) || a.op - b.op;
  events.sort(byTime);
  let rank = 0;
  for (const n of events) if (!n.isCall) n.bit = rank++;
  for (const n of events) if (n.isCall) n.bit = n.ret!.bit;

  pendingCalls.sort(byTime);
  const lastWithInput = new Map<string, number>();
  pendingCalls.forEach((n, i) => {
    n.bit = i;
    const input = JSON.stringify(history[n.op]!.input);
    n.twin = lastWithInput.get(input) ?? -1;
    lastWithInput.set(input, i);
  });
  return { main: linked(events), pending: linked(pendingCalls), completedCount: rank, pendingCount: pendingCalls.length };
}

/** Unlinks a node, leaving its own pointers intact so `relink` can undo it (LIFO). */
function unlink(n: EventNode): void {
  n.prev!.next = n.next;
  if (n.next !== null) n.next.prev = n.prev;
}

function relink(n: EventNode): void {
  n.prev!.next = n;
  if (n.next !== null) n.next.prev = n;
}

/** A configuration on the search path and how far its successors have been tried. */
interface Frame<S> {
  /** The op applied to reach this configuration (null at the root) and the state before it. */
  via: EventNode | null;
  before: S;
  /** Next completed candidate to try, until the cursor meets a return event. */
  cursor: EventNode | null;
  /** Pending successors, once the completed ones are exhausted; all already in the memo. */
  pendingSuccessors: { node: EventNode; state: S }[] | null;
  nextPending: number;
}

/** Memo entries sharing a completed set and state: the antichain of pending sets seen with them. */
interface MemoGroup<S> {
  completed: Uint32Array;
  state: S;
  pendingSets: Uint32Array[];
}

/** How often (in search steps) to look at the clock. */
const CLOCK_STRIDE = 1024;

/**
 * Decides whether `history` (one partition) is linearizable with respect to `model`.
 * `deadline` is a `performance.now()` instant after which the search gives up with
 * 'unknown'. The history must be well formed (see `historyProblems`).
 */
export function searchLinearization<S, I, O>(
  model: Model<S, I, O>,
  history: History<I, O>,
  deadline = Infinity,
): SearchVerdict {
  const { main, pending: pendingHead, completedCount, pendingCount } = eventLists(history);
  const completed = new FrontierSet(completedCount);
  const pending = new Bitset(pendingCount);
  // Keyed by the completed set's hash, then the state's.
  const memo = new Map<number, Map<string, MemoGroup<S>[]>>();

  /** Records the current sets with `state` in the memo, unless a dominating entry is there. */
  const remember = (state: S): boolean => {
    let byState = memo.get(completed.hash());
    if (byState === undefined) {
      byState = new Map();
      memo.set(completed.hash(), byState);
    }
    const stateHash = model.hash(state);
    let groups = byState.get(stateHash);
    if (groups === undefined) {
      groups = [];
      byState.set(stateHash, groups);
    }
    const group = groups.find((g) => completed.equals(g.completed) && model.equal(g.state, state));
    if (group === undefined) {
      groups.push({ completed: completed.snapshot(), state, pendingSets: [pending.snapshot()] });
      return true;
    }
    if (group.pendingSets.some((seen) => pending.includes(seen))) return false;
    group.pendingSets = group.pendingSets.filter((seen) => !pending.within(seen));
    group.pendingSets.push(pending.snapshot());
    return true;
  };

  let state = model.init();
  let unresolved = completedCount;
  const frame = (via: EventNode | null, before: S): Frame<S> => ({
    via,
    before,
    cursor: null,
    pendingSuccessors: null,
    nextPending: 0,
  });
  const stack: Frame<S>[] = [frame(null, state)];
  stack[0]!.cursor = main.next;
  remember(state);

  /** Moves to the successor reached by applying `node`, whose bit is already set. */
  const descend = (node: EventNode, newState: S): void => {
    const next = frame(node, state);
    stack.push(next);
    state = newState;
    unlink(node);
    if (node.ret !== null) {
      unlink(node.ret);
      unresolved--;
    }
    next.cursor = main.next;
  };

  /**
   * Reached by a pending op p, a configuration has its parent's candidates (p consumed no
   * return), bar p's twin. A candidate leading to the state it led to from the parent is
   * dominated by the parent's successor (or by what dominated that), so it is skipped
   * without consulting the memo: the commonest case by far, as when a write overwrites p.
   */
  const redundant = (top: Frame<S>, node: EventNode, input: I, output: O | undefined, newState: S): boolean => {
    const via = top.via;
    if (via === null || via.ret !== null || (node.ret === null && node.twin === via.bit)) return false;
    const fromParent = model.step(top.before, input, output);
    return fromParent.ok && model.equal(fromParent.newState, newState);
  };

  let steps = 0;
  // Done once every completed op is linearized; pending ops left over never took effect.
  while (unresolved > 0) {
    if (++steps % CLOCK_STRIDE === 0 && performance.now() > deadline) return 'unknown';
    const top = stack[stack.length - 1]!;
    if (top.pendingSuccessors === null) {
      // unresolved > 0 means a return is still linked in main: the cursor meets it.
      const current = top.cursor!;
      if (current.isCall) {
        top.cursor = current.next;
        const { input, output } = history[current.op]!;
        const { ok, newState } = model.step(state, input, output);
        if (!ok || redundant(top, current, input, output, newState)) continue;
        completed.add(current.bit);
        if (remember(newState)) descend(current, newState);
        else completed.remove(current.bit);
        continue;
      }
      // Completed candidates exhausted; pending ones called no later than this return may go next.
      top.pendingSuccessors = [];
      for (let p = pendingHead.next; p !== null && p.time <= current.time; p = p.next) {
        if (p.twin >= 0 && !pending.has(p.twin)) continue;
        const { input } = history[p.op]!;
        const { ok, newState } = model.step(state, input, undefined);
        // No effect at all: dominated by this very configuration.
        if (!ok || model.equal(newState, state) || redundant(top, p, input, undefined, newState)) continue;
        pending.add(p.bit);
        if (remember(newState)) top.pendingSuccessors.push({ node: p, state: newState });
        pending.remove(p.bit);
      }
      continue;
    }

    const next = top.pendingSuccessors[top.nextPending++];
    if (next !== undefined) {
      pending.add(next.node.bit);
      descend(next.node, next.state);
      continue;
    }

    // Every successor failed: undo the step that led here.
    stack.pop();
    const undone = top.via;
    if (undone === null) return 'not-linearizable';
    state = top.before;
    if (undone.ret !== null) {
      completed.remove(undone.bit);
      relink(undone.ret);
      unresolved++;
    } else {
      pending.remove(undone.bit);
    }
    relink(undone);
  }
  return 'linearizable';
}
