/**
 * What a recorded client history is. Times are abstract numbers (log line, tick or
 * milliseconds); only their order matters.
 */

/** Who issued an operation; a client has at most one operation outstanding at a time. */
export type ClientId = number | string;

/** The return time of an operation whose outcome is unknown: it is pending forever. */
export const PENDING = Infinity;

/**
 * One client operation as observed from outside.
 *
 * Contract: `call <= return`, `call` is finite. `return === PENDING` (Infinity) means the
 * client never learned the outcome (a timeout, a crash): the operation may have taken
 * effect at any instant after `call`, or never, and `output` is ignored. A completed
 * operation (finite `return`) must carry its `output`.
 */
export interface Operation<I, O> {
  clientId: ClientId;
  input: I;
  output?: O;
  call: number;
  return: number;
}

/** A history: operations in any order (the checker orders them by time itself). */
export type History<I, O> = readonly Operation<I, O>[];

/** True when the operation's outcome is unknown (it never returned). */
export function isPending(op: Operation<unknown, unknown>): boolean {
  return op.return === PENDING;
}

/**
 * The reasons `history` is not well formed, empty when it is. Checked before searching so
 * that a malformed history is reported as such instead of as "not linearizable".
 */
export function historyProblems(history: History<unknown, unknown>): string[] {
  const problems: string[] = [];
  history.forEach((op, i) => {
    if (!Number.isFinite(op.call)) problems.push(`operation ${i}: call time ${op.call} is not finite`);
    if (Number.isNaN(op.return)) problems.push(`operation ${i}: return time is NaN`);
    if (op.return < op.call) problems.push(`operation ${i}: returns (${op.return}) before its call (${op.call})`);
    if (op.return !== PENDING && op.output === undefined) {
      problems.push(`operation ${i}: completed but has no output`);
    }
  });
  return problems;
}

/** The operation made pending: what a history cut before `op` returned shows of it. */
export function asPending<I, O>(op: Operation<I, O>): Operation<I, O> {
  return { clientId: op.clientId, input: op.input, call: op.call, return: PENDING };
}
