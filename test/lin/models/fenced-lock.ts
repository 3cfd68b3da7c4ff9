import { partitionBy, type Model } from '../model.ts';

/** A value kept in the store the lock guards; never-written keys read as `null`. */
export type FencedValue = number | string;

/** An operation on one named lock and the store it fences. `client` names the caller. */
export type FencedLockInput =
  | { f: 'acquire'; lock: string; client: string }
  | { f: 'release'; lock: string; client: string; token: number }
  | { f: 'write'; lock: string; key: string; value: FencedValue; token: number }
  | { f: 'read'; lock: string; key: string };

/**
 * `acquire` returns `{ ok: true, token }` or `{ ok: false }`; `release` and `write` return
 * `{ ok }` (accepted or refused); `read` returns `{ value }`.
 */
export type FencedLockOutput =
  | { ok: true; token: number }
  | { ok: boolean }
  | { value: FencedValue | null };

/**
 * One lock and its store.
 * - `holder`: the client holding the lock, or null when free.
 * - `token`: the holder's fencing token; null when free, and also when the grant's reply
 *   was lost (a timed-out acquire that took effect), so nobody saw the token.
 * - `floor`: every token granted so far is <= floor, so the next grant must exceed it.
 */
export interface FencedLockState {
  readonly holder: string | null;
  readonly token: number | null;
  readonly floor: number;
  readonly data: Readonly<Record<string, FencedValue>>;
}

function okFlag(output: FencedLockOutput): boolean | undefined {
  return 'ok' in output ? output.ok : undefined;
}

/** Whether a write or release presenting `token` is legitimate in `state`; 'maybe' when the holder's token is unknown. */
function presents(state: FencedLockState, token: number): boolean | 'maybe' {
  if (state.holder === null) return false;
  if (state.token !== null) return state.token === token;
  // The unseen token exceeds the floor, so any larger token might be it.
  return token > state.floor ? 'maybe' : false;
}

/** Canonical, so equal states give equal strings and `equal` can compare them. */
function hashState(state: FencedLockState): string {
  const data = Object.entries(state.data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([state.holder, state.token, state.floor === -Infinity ? null : state.floor, data]);
}

function show(value: FencedValue | null): string {
  return value === null ? 'nil' : JSON.stringify(value);
}

/**
 * A lock service issuing fencing tokens, plus the store that checks them. Semantics:
 * - acquire(client) succeeds iff the lock is free or already held by `client` (a retry
 *   renews the grant); success grants a token strictly greater than every token granted
 *   before (not necessarily the next integer: a log index will do), which supersedes any
 *   earlier token.
 * - release(client, token) succeeds iff `client` holds the lock with `token`; it frees
 *   the lock. A lease expiry is recorded as a release by the holder.
 * - write(key, value, token) is accepted iff the lock is held with exactly `token`: a
 *   stale token (from before a newer grant, or after a release) must be refused.
 * - read(key) returns the last accepted write.
 * Operations with unknown outcome are handled conservatively: a grant whose reply was lost
 * has an unknown token, which a later write may reveal.
 * Locks are independent, so the history is partitioned per lock name.
 */
export const fencedLockModel: Model<FencedLockState, FencedLockInput, FencedLockOutput> = {
  name: 'fenced-lock',
  init: () => ({ holder: null, token: null, floor: -Infinity, data: {} }),
  step(state, input, output) {
    const refused = { ok: true, newState: state };
    const illegal = { ok: false, newState: state };
    switch (input.f) {
      case 'acquire': {
        const grantable = state.holder === null || state.holder === input.client;
        if (output === undefined) {
          return grantable ? { ok: true, newState: { ...state, holder: input.client, token: null } } : refused;
        }
        if (!okFlag(output)) return grantable ? illegal : refused;
        if (!grantable || !('token' in output) || !(output.token > state.floor)) return illegal;
        return { ok: true, newState: { ...state, holder: input.client, token: output.token, floor: output.token } };
      }
      case 'release': {
        const valid = state.holder === input.client ? presents(state, input.token) : false;
        const freed = { ...state, holder: null, token: null, floor: Math.max(state.floor, input.token) };
        if (output === undefined) return valid === false ? refused : { ok: true, newState: freed };
        const ok = okFlag(output);
        if (ok === undefined) return illegal;
        if (ok) return valid === false ? illegal : { ok: true, newState: freed };
        return valid === true ? illegal : refused;
      }
      case 'write': {
        const valid = presents(state, input.token);
        const written: FencedLockState = {
          ...state,
          token: input.token,
          floor: Math.max(state.floor, input.token),
          data: { ...state.data, [input.key]: input.value },
        };
        if (output === undefined) return valid === false ? refused : { ok: true, newState: written };
        const ok = okFlag(output);
        if (ok === undefined) return illegal;
        if (ok) return valid === false ? illegal : { ok: true, newState: written };
        return valid === true ? illegal : refused;
      }
      case 'read': {
        const current = Object.hasOwn(state.data, input.key) ? (state.data[input.key] as FencedValue) : null;
        return { ok: output === undefined || ('value' in output && output.value === current), newState: state };
      }
    }
  },
  equal: (a, b) => hashState(a) === hashState(b),
  hash: hashState,
  partition: (history) => partitionBy(history, (op) => op.input.lock),
  isPure(input, output) {
    if (input.f === 'read') return true;
    return output !== undefined && okFlag(output) === false;
  },
  describe(input, output) {
    const lock = JSON.stringify(input.lock);
    const call =
      input.f === 'acquire'
        ? `acquire(${lock}, ${JSON.stringify(input.client)})`
        : input.f === 'release'
          ? `release(${lock}, ${JSON.stringify(input.client)}, token ${input.token})`
          : input.f === 'write'
            ? `write(${lock}, ${JSON.stringify(input.key)}, ${show(input.value)}, token ${input.token})`
            : `read(${lock}, ${JSON.stringify(input.key)})`;
    if (output === undefined) return `${call} -> ?`;
    if ('value' in output) return `${call} -> ${show(output.value)}`;
    if ('token' in output && output.ok) return `${call} -> granted token ${output.token}`;
    return `${call} -> ${output.ok ? 'ok' : 'refused'}`;
  },
};
