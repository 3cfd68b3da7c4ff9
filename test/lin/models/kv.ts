import { partitionBy, type Model } from '../model.ts';

/** A stored value; a key that was never written or was deleted reads as `null`. */
export type KvValue = number | string;

/** An operation on one key of a key-value map. */
export type KvInput =
  | { f: 'read'; key: string }
  | { f: 'write'; key: string; value: KvValue }
  | { f: 'delete'; key: string }
  | { f: 'cas'; key: string; from: KvValue | null; to: KvValue };

/**
 * A read returns `{ value }` (`null`: absent). A write or delete returns `{ ok: true }`
 * (`{ ok: false }` means it was refused and had no effect). A cas says whether it swapped.
 */
export type KvOutput = { value: KvValue | null } | { ok: boolean };

/** The map, as an immutable object; absent keys are simply missing. */
export type KvState = Readonly<Record<string, KvValue>>;

function show(value: KvValue | null): string {
  return value === null ? 'nil' : JSON.stringify(value);
}

function valueOf(state: KvState, key: string): KvValue | null {
  return Object.hasOwn(state, key) ? (state[key] as KvValue) : null;
}

function withValue(state: KvState, key: string, value: KvValue | null): KvState {
  const next: Record<string, KvValue> = { ...state };
  if (value === null) delete next[key];
  else next[key] = value;
  return next;
}

function okFlag(output: KvOutput): boolean | undefined {
  return 'ok' in output ? output.ok : undefined;
}

/**
 * A map from string keys to registers (a schedule's cells): read, write (put), delete,
 * and cas, where `from: null` means "only if absent". Keys are independent, so the
 * history is partitioned per key and each partition is checked on its own; the state is
 * still the whole map, so the model is also correct on an unpartitioned history.
 */
export const kvModel: Model<KvState, KvInput, KvOutput> = {
  name: 'kv',
  init: () => ({}),
  step(state, input, output) {
    const current = valueOf(state, input.key);
    switch (input.f) {
      case 'read': {
        const ok = output === undefined || ('value' in output && output.value === current);
        return { ok, newState: state };
      }
      case 'write':
      case 'delete': {
        const effect = withValue(state, input.key, input.f === 'write' ? input.value : null);
        if (output === undefined) return { ok: true, newState: effect };
        const ok = okFlag(output);
        return { ok: ok !== undefined, newState: ok ? effect : state };
      }
      case 'cas': {
        const swaps = current === input.from;
        const newState = swaps ? withValue(state, input.key, input.to) : state;
        return { ok: output === undefined || okFlag(output) === swaps, newState };
      }
    }
  },
  equal(a, b) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
  },
  hash(state) {
    return JSON.stringify(Object.entries(state).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  },
  partition: (history) => partitionBy(history, (op) => op.input.key),
  isPure(input, output) {
    if (input.f === 'read') return true;
    return output !== undefined && okFlag(output) === false;
  },
  describe(input, output) {
    const key = JSON.stringify(input.key);
    const call =
      input.f === 'read'
        ? `read(${key})`
        : input.f === 'write'
          ? `write(${key}, ${show(input.value)})`
          : input.f === 'delete'
            ? `delete(${key})`
            : `cas(${key}, ${show(input.from)} -> ${show(input.to)})`;
    if (output === undefined) return `${call} -> ?`;
    if ('value' in output) return `${call} -> ${show(output.value)}`;
    return `${call} -> ${output.ok ? 'ok' : 'failed'}`;
  },
};
