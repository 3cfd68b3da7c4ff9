import { noPartition, type Model } from '../model.ts';

/** A register's content; `null` is nil, the value before the first write. */
export type RegisterValue = number | string | null;

/** An operation on a single register. */
export type RegisterInput =
  | { f: 'read' }
  | { f: 'write'; value: RegisterValue }
  | { f: 'cas'; from: RegisterValue; to: RegisterValue };

/** A read returns `{ value }`; a write returns `{ ok: true }`; a cas says whether it swapped. */
export type RegisterOutput = { value: RegisterValue } | { ok: boolean };

/** Renders a register value the way Jepsen logs it. */
export function showValue(value: RegisterValue): string {
  return value === null ? 'nil' : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Outputs are untyped at runtime when they come from logs, so check their shape. */
function readValue(output: RegisterOutput): RegisterValue | undefined {
  return 'value' in output ? output.value : undefined;
}

function okFlag(output: RegisterOutput): boolean | undefined {
  return 'ok' in output ? output.ok : undefined;
}

/**
 * One register, initially nil (`null`), with read, write and compare-and-set.
 * A cas swaps iff the current value equals `from` and reports `{ ok }` accordingly; a
 * write reporting `{ ok: false }` is taken to have had no effect. The whole history is
 * one partition.
 */
export const registerModel: Model<RegisterValue, RegisterInput, RegisterOutput> = {
  name: 'register',
  init: () => null,
  step(state, input, output) {
    switch (input.f) {
      case 'read':
        return { ok: output === undefined || readValue(output) === state, newState: state };
      case 'write': {
        if (output === undefined) return { ok: true, newState: input.value };
        const ok = okFlag(output);
        if (ok === undefined) return { ok: false, newState: state };
        return { ok: true, newState: ok ? input.value : state };
      }
      case 'cas': {
        const swaps = state === input.from;
        const newState = swaps ? input.to : state;
        if (output === undefined) return { ok: true, newState };
        return { ok: okFlag(output) === swaps, newState };
      }
    }
  },
  equal: (a, b) => a === b,
  hash: (state) => (typeof state === 'string' ? `s${state}` : String(state)),
  partition: noPartition,
  isPure(input, output) {
    if (input.f === 'read') return true;
    return output !== undefined && okFlag(output) === false;
  },
  describe(input, output) {
    const call =
      input.f === 'read'
        ? 'read()'
        : input.f === 'write'
          ? `write(${showValue(input.value)})`
          : `cas(${showValue(input.from)} -> ${showValue(input.to)})`;
    if (output === undefined) return `${call} -> ?`;
    const value = readValue(output);
    if (value !== undefined) return `${call} -> ${showValue(value)}`;
    return `${call} -> ${okFlag(output) ? 'ok' : 'failed'}`;
  },
};
