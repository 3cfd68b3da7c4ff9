import type { History, Operation } from './history.ts';

/** The verdict of one model step. */
export interface StepResult<S> {
  /** Whether the object, in the given state, may have produced this output for this input. */
  ok: boolean;
  /** The state after the operation; meaningful only when `ok`. */
  newState: S;
}

/** A sub-history that can be checked on its own, with a label naming it in reports. */
export interface Partition<I, O> {
  /** e.g. the key or lock name; '' for a model that does not partition. */
  label: string;
  history: History<I, O>;
}

/**
 * A sequential specification of an object, for the checker.
 *
 * Contract:
 * - `step` is pure and deterministic. `output === undefined` means the outcome is unknown
 *   (the operation never returned): `step` must then accept every output the operation
 *   could have had, and give the state it would leave behind.
 * - `equal` is exact. `hash` is only a memo key: equal states should hash alike (else the
 *   memo misses and the search slows down); unequal states may collide (`equal` decides).
 * - `partition` splits a history into parts whose linearizability together is equivalent
 *   to the whole's (P-compositionality: each part touches state no other part touches).
 * - `isPure(input, output)`, if given, is true only when the operation can never change
 *   the state (reads, failed writes): dropping it from a history cannot turn a
 *   linearizable history into a non-linearizable one, which lets counterexamples shrink.
 */
export interface Model<S, I, O> {
  name: string;
  init(): S;
  step(state: S, input: I, output: O | undefined): StepResult<S>;
  equal(a: S, b: S): boolean;
  hash(state: S): string;
  partition(history: History<I, O>): Partition<I, O>[];
  isPure?(input: I, output: O | undefined): boolean;
  /** One op for humans, e.g. `cas(1 -> 2) -> ok`; `output` undefined when unknown. */
  describe(input: I, output: O | undefined): string;
}

/** The whole history as a single partition, for models whose state cannot be split. */
export function noPartition<I, O>(history: History<I, O>): Partition<I, O>[] {
  return [{ label: '', history }];
}

/** Groups a history by a key of each operation, keeping the groups in first-seen order. */
export function partitionBy<I, O>(
  history: History<I, O>,
  keyOf: (op: Operation<I, O>) => string,
): Partition<I, O>[] {
  const groups = new Map<string, Operation<I, O>[]>();
  for (const op of history) {
    const key = keyOf(op);
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(op);
  }
  return [...groups].map(([label, ops]) => ({ label, history: ops }));
}
