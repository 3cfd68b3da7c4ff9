/** Randomly generated register and key-value histories for property and load tests. */
import { PENDING, type Operation } from '../history.ts';
import type { KvInput, KvOutput, KvValue } from '../models/kv.ts';
import type { RegisterInput, RegisterOutput, RegisterValue } from '../models/register.ts';
import { Rng } from './rng.ts';

/**
 * Small register histories with arbitrary intervals and outputs: some linearizable, some
 * not, some with timed-out ops. Values are drawn from a tiny domain so that collisions
 * (and so interesting interleavings) are common.
 */
export function arbitraryRegisterHistory(rng: Rng, size: number): Operation<RegisterInput, RegisterOutput>[] {
  const values: RegisterValue[] = [null, 1, 2];
  return Array.from({ length: size }, (_, i) => {
    const call = rng.int(10);
    const ret = rng.next() < 0.15 ? PENDING : call + rng.int(6);
    const kind = rng.int(3);
    const input: RegisterInput =
      kind === 0
        ? { f: 'read' }
        : kind === 1
          ? { f: 'write', value: rng.pick(values.slice(1)) }
          : { f: 'cas', from: rng.pick(values), to: rng.pick(values.slice(1)) };
    const output: RegisterOutput = input.f === 'read' ? { value: rng.pick(values) } : { ok: rng.next() < 0.7 };
    return { clientId: i, call, return: ret, input, ...(ret === PENDING ? {} : { output }) };
  });
}

interface Running<I> {
  clientId: number;
  input: I;
  call: number;
  /** Set once the op has taken effect on the simulated object. */
  output?: unknown;
  /** A timed-out op that was decided never to take effect. */
  lost?: boolean;
}

/**
 * A history recorded from a simulated atomic key-value store: `clients` clients issue
 * `count` ops over `keys` keys; each op takes effect at a random instant between its call
 * and return, so the history is linearizable by construction. A fraction `timeoutRate`
 * of ops time out (pending forever), half of them having taken effect.
 */
export function linearizableKvHistory(
  rng: Rng,
  options: { count: number; clients: number; keys: number; timeoutRate: number },
): Operation<KvInput, KvOutput>[] {
  const store = new Map<string, KvValue>();
  const history: Operation<KvInput, KvOutput>[] = [];
  const running = new Map<number, Running<KvInput>>();
  let issued = 0;
  let nextValue = 1;
  for (let time = 0; issued < options.count || running.size > 0; time++) {
    const clientId = rng.int(options.clients);
    const op = running.get(clientId);
    if (op === undefined) {
      if (issued >= options.count) continue;
      issued++;
      const key = `k${rng.int(options.keys)}`;
      const kind = rng.int(4);
      const current = store.get(key) ?? null;
      const input: KvInput =
        kind === 0
          ? { f: 'read', key }
          : kind === 1
            ? { f: 'write', key, value: nextValue++ }
            : kind === 2
              ? { f: 'delete', key }
              : { f: 'cas', key, from: rng.next() < 0.5 ? current : nextValue, to: nextValue++ };
      running.set(clientId, { clientId, input, call: time });
    } else if (op.output === undefined && !op.lost) {
      if (rng.next() < options.timeoutRate / 2) {
        op.lost = true;
      } else {
        op.output = apply(store, op.input);
      }
    } else {
      running.delete(clientId);
      const timesOut = op.lost === true || rng.next() < options.timeoutRate / 2;
      history.push(
        timesOut
          ? { clientId, input: op.input, call: op.call, return: PENDING }
          : { clientId, input: op.input, call: op.call, return: time, output: op.output as KvOutput },
      );
    }
  }
  return history;
}

function apply(store: Map<string, KvValue>, input: KvInput): KvOutput {
  const current = store.get(input.key) ?? null;
  switch (input.f) {
    case 'read':
      return { value: current };
    case 'write':
      store.set(input.key, input.value);
      return { ok: true };
    case 'delete':
      store.delete(input.key);
      return { ok: true };
    case 'cas':
      if (current !== input.from) return { ok: false };
      store.set(input.key, input.to);
      return { ok: true };
  }
}

/** The same simulation over a single key, as register operations. */
export function linearizableRegisterHistory(
  rng: Rng,
  options: { count: number; clients: number; timeoutRate: number },
): Operation<RegisterInput, RegisterOutput>[] {
  return linearizableKvHistory(rng, { ...options, keys: 1 }).map((op) => {
    const input: RegisterInput =
      op.input.f === 'read'
        ? { f: 'read' }
        : op.input.f === 'write'
          ? { f: 'write', value: op.input.value }
          : op.input.f === 'delete'
            ? { f: 'write', value: null }
            : { f: 'cas', from: op.input.from, to: op.input.to };
    return { ...op, input } as Operation<RegisterInput, RegisterOutput>;
  });
}
