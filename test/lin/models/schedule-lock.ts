import { partitionBy, type Model } from '../model.ts';

/**
 * rosterd's schedule locks (node/schedule/locks.ts) as a sequential specification: one
 * lock scope per block, the fenced edits of the block's assignments it guards, and reads
 * of both. fenced-lock.ts cannot express these semantics, so this is a model of its own:
 * - leases expire by the log clock (the largest leader timestamp applied so far), not by
 *   a release, and an expired lock stays stored (it can still be released) until it is
 *   replaced;
 * - acquire is refused while the lock is live, also to its own holder (no re-entry);
 * - an edit is fenced by the live lock only: it must present exactly that lock's token,
 *   and with no live lock it must present none;
 * - rosterd reports the Raft index of every accepted write and the applied index of every
 *   read, and the fencing token is the index of the grant.
 *
 * Time. A history checker sees the clients' clocks, not the log clock, so the model keeps
 * what it can prove about the log clock `c` at each operation. The nodes and the test
 * runner share one machine and so one wall clock (Date.now); a leader stamps a write
 * with Date.now() when the request reaches it, and the log clock at a write is the largest
 * stamp of the log up to and including it. Hence, for a write invoked at wall time `at`
 * (`input.at`) and answered at wall time `done` (`output.done`):
 *     at <= c <= done                                  (CLOCK_SLACK_MS either side)
 * and `c` never decreases along the log. A reply that carries the log clock pins it:
 * a grant's grantedAtMs, a renewal's expiresAtMs - ttl, a read's logClockMs. The state
 * keeps a lower bound of the log clock, and for the stored lock an interval for its
 * expiry (exact once a reply showed it) and whether it is already known to have expired.
 * Whether the lock is live at an operation is then decided when the bounds decide it
 * ("live": c < expiry surely; "expired": surely not), and otherwise by the operation's
 * outcome, which is recorded: choosing "expired" raises the clock's lower bound to the
 * expiry's, choosing "live" raises the expiry's lower bound above the clock's.
 *
 * Order. Raft indexes must increase along the linearization: an accepted write's index
 * exceeds every index before it, a read at applied index k comes after every write at
 * or below k and before every write above it. A grant whose reply was lost has an unknown
 * token, bounded by the indexes around it; a later reply naming the lock (a refusal
 * naming the holder, a read) reveals it.
 *
 * Outcomes unknown to the client (pending) are judged as rosterd would apply them when
 * they can take effect; their other possible outcome (refused) differs from "never
 * happened" only by moving the log clock, which the checker may ignore (that is only more
 * permissive). A client presents only tokens it saw granted, so a presented token is
 * never the unknown token of a grant whose reply was lost.
 */

/** A lock as rosterd reports it (in replies, reads, and refusal messages). */
export interface LockView {
  readonly holder: string;
  readonly token: number;
  readonly expiresAtMs: number;
}

/** Why rosterd refused a write (FAILED_PRECONDITION or NOT_FOUND, by its message). */
export type LockRefusal =
  /** acquire: a live lock is in the way; an edit: a live lock whose token was not presented. `lock`: that lock. */
  | { readonly why: 'locked'; readonly lock?: LockView }
  /** renew, release: no lock is stored on the scope. */
  | { readonly why: 'no-lock' }
  /** renew, release: the stored lock (live or expired) has another token. `lock`: that lock. */
  | { readonly why: 'stale'; readonly lock?: LockView }
  /** renew: the lease ran out; an edit: the presented token's lease ran out (`clockMs`: the log clock then). */
  | { readonly why: 'expired'; readonly expiresAtMs?: number; readonly clockMs?: number }
  /** An edit: no live lock, and the presented token is no stored lock's (released, replaced, never granted). */
  | { readonly why: 'not-live' }
  /** assign: the person holds another assignment in the block (`holds`: it, `facility/pool`). */
  | { readonly why: 'booked'; readonly holds?: string }
  /** unassign: the person holds no assignment in the block. */
  | { readonly why: 'missing' };

/**
 * Operations on block `block`'s lock and its assignments. `at`: wall-clock milliseconds
 * (Date.now) when the client invoked a write. `value` is `facility/pool`.
 */
export type ScheduleLockInput =
  | { readonly f: 'acquire'; readonly block: string; readonly holder: string; readonly ttlMs: number; readonly at: number }
  | { readonly f: 'renew'; readonly block: string; readonly token: number; readonly ttlMs: number; readonly at: number }
  | { readonly f: 'release'; readonly block: string; readonly token: number; readonly at: number }
  | { readonly f: 'assign'; readonly block: string; readonly person: string; readonly value: string; readonly tokens: readonly number[]; readonly at: number }
  | { readonly f: 'unassign'; readonly block: string; readonly person: string; readonly tokens: readonly number[]; readonly at: number }
  /** GetLocks(block), linearizable. */
  | { readonly f: 'read-lock'; readonly block: string }
  /** GetSchedule(block), linearizable, for these people. */
  | { readonly f: 'read-cells'; readonly block: string; readonly persons: readonly string[] };

/**
 * - accepted write: its Raft `index`, wall-clock `done`, and for lock writes the `lock` of
 *   the reply (as granted or renewed; as it was, for a release);
 * - refused write: why, and `done`;
 * - read-lock: the stored lock (null: none), the log clock and the applied index;
 * - read-cells: each person's assignment (null: none) and the applied index.
 */
export type ScheduleLockOutput =
  | { readonly ok: true; readonly index: number; readonly done: number; readonly lock?: LockView & { readonly grantedAtMs: number } }
  | { readonly refused: LockRefusal; readonly done: number }
  | { readonly lock: LockView | null; readonly clockMs: number; readonly applied: number }
  | { readonly values: Readonly<Record<string, string | null>>; readonly applied: number };

/** The stored lock of the scope, as far as the history shows it. */
export interface StoredLock {
  readonly holder: string;
  /** Null while unknown (the grant's reply was lost); then tokenAbove < token <= tokenAtMost. */
  readonly token: number | null;
  readonly tokenAbove: number;
  readonly tokenAtMost: number;
  /** The expiry on the log clock lies in [expiresAtLeast, expiresAtMost] (equal once known). */
  readonly expiresAtLeast: number;
  readonly expiresAtMost: number;
  /** The log clock reached the expiry at some earlier operation: expired from now on. */
  readonly expired: boolean;
}

export interface ScheduleLockState {
  /** The lock stored on the scope, live or expired; null when none is. */
  readonly lock: StoredLock | null;
  /** A lower bound of the log clock here. */
  readonly clock: number;
  /** Every operation so far took effect at or below this Raft index; later writes are above it. */
  readonly index: number;
  /** person -> assignment (`facility/pool`); absent: none. */
  readonly cells: Readonly<Record<string, string>>;
}

/**
 * Allowance for the clients' and nodes' reading of the one wall clock (both truncate to
 * whole milliseconds; a clock stepped by NTP would break more than this). Widens every
 * interval derived from `at` and `done`.
 */
export const CLOCK_SLACK_MS = 5;

type Step = { ok: boolean; newState: ScheduleLockState };
type Liveness = 'live' | 'expired' | 'either';

const illegal = (state: ScheduleLockState): Step => ({ ok: false, newState: state });
const legal = (newState: ScheduleLockState): Step => ({ ok: true, newState });

/** Whether `lock` is live while the log clock lies in [cLo, cHi]. */
function liveness(lock: StoredLock, cLo: number, cHi: number): Liveness {
  if (lock.expired || cLo >= lock.expiresAtMost) return 'expired';
  if (cHi < lock.expiresAtLeast) return 'live';
  return 'either';
}

/** The lock was live at a clock >= cLo: its expiry lies beyond cLo. */
function provenLive(lock: StoredLock, cLo: number): StoredLock {
  return lock.expiresAtLeast > cLo ? lock : { ...lock, expiresAtLeast: cLo + 1 };
}

/** The lock had expired at a clock in [cLo, cHi]: returns the lock and the raised clock bound. */
function provenExpired(lock: StoredLock, cLo: number, cHi: number): [StoredLock, number] {
  const expired: StoredLock = { ...lock, expired: true, expiresAtMost: Math.min(lock.expiresAtMost, cHi) };
  return [expired, Math.max(cLo, lock.expiresAtLeast)];
}

/** The lock with what `view` shows of it, or undefined when `view` contradicts it. */
function pin(lock: StoredLock, view: LockView): StoredLock | undefined {
  if (lock.holder !== view.holder) return undefined;
  if (lock.token !== null ? lock.token !== view.token : !(lock.tokenAbove < view.token && view.token <= lock.tokenAtMost)) return undefined;
  if (view.expiresAtMs < lock.expiresAtLeast || view.expiresAtMs > lock.expiresAtMost) return undefined;
  return { ...lock, token: view.token, tokenAbove: view.token - 1, tokenAtMost: view.token, expiresAtLeast: view.expiresAtMs, expiresAtMost: view.expiresAtMs };
}

/** A lock known exactly. */
function exactLock(view: LockView): StoredLock {
  return { holder: view.holder, token: view.token, tokenAbove: view.token - 1, tokenAtMost: view.token, expiresAtLeast: view.expiresAtMs, expiresAtMost: view.expiresAtMs, expired: false };
}

/** The state with `lock` stored; a token it reveals was granted earlier, so the index floor covers it. */
function withLock(state: ScheduleLockState, lock: StoredLock | null, clock: number): ScheduleLockState {
  const index = lock !== null && lock.token !== null ? Math.max(state.index, lock.token) : state.index;
  return { ...state, lock, clock: Math.max(state.clock, clock), index };
}

/**
 * An operation at Raft index `index` (a write) or applied index `index` (a read, `atMost`)
 * comes next: the index must fit, and an unknown token is bounded by it.
 */
function atIndex(state: ScheduleLockState, index: number, read: boolean): ScheduleLockState | undefined {
  if (read ? index < state.index : index <= state.index) return undefined;
  const lock = state.lock;
  const bound = read ? index : index - 1;
  const bounded = lock !== null && lock.token === null && bound < lock.tokenAtMost ? { ...lock, tokenAtMost: bound } : lock;
  if (bounded !== null && bounded.token === null && bounded.tokenAtMost <= bounded.tokenAbove) return undefined;
  return { ...state, index, lock: bounded };
}

/** The log clock's bounds at a write: after every earlier operation and its own stamp, before its reply. */
function clockBounds(state: ScheduleLockState, at: number, output: { done: number } | undefined): [number, number] {
  return [Math.max(state.clock, at - CLOCK_SLACK_MS), output === undefined ? Infinity : output.done + CLOCK_SLACK_MS];
}

function isAccepted(o: ScheduleLockOutput): o is Extract<ScheduleLockOutput, { ok: true }> {
  return 'ok' in o;
}

function refusalOf(o: ScheduleLockOutput): LockRefusal | undefined {
  return 'refused' in o ? o.refused : undefined;
}

/**
 * The fence of an edit presenting `tokens` at a clock in [cLo, cHi] (locks.ts): with a live
 * lock, every presented token must be its token and its token must be presented; without
 * one, no token may be presented. Returns the state after each way the fence can go, or
 * undefined where it cannot go that way.
 */
function fence(state: ScheduleLockState, tokens: readonly number[], cLo: number, cHi: number): {
  pass?: ScheduleLockState;
  refuse: (r: LockRefusal) => ScheduleLockState | undefined;
} {
  const lock = state.lock;
  const base = { ...state, clock: cLo };
  if (lock === null) {
    return {
      ...(tokens.length === 0 ? { pass: base } : {}),
      refuse: (r) => (tokens.length > 0 && r.why === 'not-live' ? base : undefined),
    };
  }
  const live = liveness(lock, cLo, cHi);
  const asLive = (): ScheduleLockState => withLock(base, provenLive(lock, cLo), cLo);
  const asExpired = (): ScheduleLockState => {
    const [expired, clock] = provenExpired(lock, cLo, cHi);
    return withLock(base, expired, clock);
  };
  const presented = lock.token !== null && tokens.includes(lock.token);
  const onlyItsToken = lock.token !== null && tokens.length > 0 && tokens.every((t) => t === lock.token);
  let pass: ScheduleLockState | undefined;
  if (tokens.length === 0 && live !== 'live') pass = asExpired();
  if (onlyItsToken && live !== 'expired') pass = asLive();
  const refuse = (r: LockRefusal): ScheduleLockState | undefined => {
    switch (r.why) {
      case 'locked': {
        // A live lock whose token was not presented.
        if (live === 'expired' || presented) return undefined;
        const after = asLive();
        if (r.lock === undefined) return after;
        if (r.lock.expiresAtMs <= cLo) return undefined;
        const pinned = pin(after.lock!, r.lock);
        return pinned === undefined ? undefined : withLock(after, pinned, cLo);
      }
      case 'expired': {
        // The presented token is the stored lock's, whose lease ran out.
        if (!presented || live === 'live') return undefined;
        let after = asExpired();
        if (r.expiresAtMs !== undefined) {
          const pinned = pin(after.lock!, { holder: lock.holder, token: lock.token!, expiresAtMs: r.expiresAtMs });
          if (pinned === undefined) return undefined;
          after = withLock(after, pinned, r.expiresAtMs);
        }
        if (r.clockMs !== undefined) {
          if (r.clockMs < after.clock || r.clockMs > cHi || r.clockMs < after.lock!.expiresAtLeast) return undefined;
          after = { ...after, clock: r.clockMs };
        }
        return after;
      }
      case 'not-live':
        // No live lock, and a presented token that is not the stored lock's.
        if (tokens.length === 0 || presented || live === 'live') return undefined;
        return asExpired();
      default:
        return undefined;
    }
  };
  return { ...(pass !== undefined ? { pass } : {}), refuse };
}

function cell(state: ScheduleLockState, person: string): string | null {
  return Object.hasOwn(state.cells, person) ? (state.cells[person] as string) : null;
}

function withCell(state: ScheduleLockState, person: string, value: string | null): ScheduleLockState {
  const cells: Record<string, string> = { ...state.cells };
  if (value === null) delete cells[person];
  else cells[person] = value;
  return { ...state, cells };
}

function stepAcquire(state: ScheduleLockState, input: Extract<ScheduleLockInput, { f: 'acquire' }>, output: ScheduleLockOutput | undefined): Step {
  const [cLo, cHi] = clockBounds(state, input.at, output as { done: number } | undefined);
  if (cLo > cHi) return illegal(state);
  const lock = state.lock;
  const live = lock === null ? 'expired' : liveness(lock, cLo, cHi);
  if (output === undefined) {
    if (live === 'live') return legal({ ...state, clock: cLo });
    const granted = lock === null ? cLo : Math.max(cLo, lock.expiresAtLeast);
    return legal(
      withLock(state, { holder: input.holder, token: null, tokenAbove: state.index, tokenAtMost: Infinity, expiresAtLeast: granted + input.ttlMs, expiresAtMost: Infinity, expired: false }, granted),
    );
  }
  if (isAccepted(output)) {
    const l = output.lock;
    if (l === undefined || l.holder !== input.holder || l.token !== output.index || l.expiresAtMs !== l.grantedAtMs + input.ttlMs) return illegal(state);
    // Granted at log clock grantedAtMs, when any stored lock had expired.
    if (l.grantedAtMs < cLo || l.grantedAtMs > cHi) return illegal(state);
    if (lock !== null && !lock.expired && l.grantedAtMs < lock.expiresAtLeast) return illegal(state);
    const next = atIndex(state, output.index, false);
    if (next === undefined) return illegal(state);
    return legal(withLock(next, exactLock(l), l.grantedAtMs));
  }
  const r = refusalOf(output);
  if (r?.why !== 'locked' || lock === null || live === 'expired') return illegal(state);
  let after = provenLive(lock, cLo);
  if (r.lock !== undefined) {
    if (r.lock.expiresAtMs <= cLo) return illegal(state);
    const pinned = pin(after, r.lock);
    if (pinned === undefined) return illegal(state);
    after = pinned;
  }
  return legal(withLock(state, after, cLo));
}

function stepRenew(state: ScheduleLockState, input: Extract<ScheduleLockInput, { f: 'renew' }>, output: ScheduleLockOutput | undefined): Step {
  const [cLo, cHi] = clockBounds(state, input.at, output as { done: number } | undefined);
  if (cLo > cHi) return illegal(state);
  const lock = state.lock;
  // The stored lock when it has the presented token.
  const mine = lock !== null && lock.token === input.token ? lock : null;
  const live = lock === null ? 'expired' : liveness(lock, cLo, cHi);
  if (output === undefined) {
    if (mine === null || live === 'expired') return legal({ ...state, clock: cLo });
    return legal(withLock(state, { ...mine, expiresAtLeast: cLo + input.ttlMs, expiresAtMost: Infinity }, cLo));
  }
  if (isAccepted(output)) {
    const l = output.lock;
    if (mine === null || l === undefined || l.token !== input.token || l.holder !== mine.holder) return illegal(state);
    // Renewed at log clock c = expiresAtMs - ttl, while the lease was live.
    const c = l.expiresAtMs - input.ttlMs;
    if (c < cLo || c > cHi || mine.expired || c >= mine.expiresAtMost) return illegal(state);
    const next = atIndex(state, output.index, false);
    if (next === undefined) return illegal(state);
    return legal(withLock(next, { ...mine, expiresAtLeast: l.expiresAtMs, expiresAtMost: l.expiresAtMs }, c));
  }
  const r = refusalOf(output);
  switch (r?.why) {
    case 'no-lock':
      return lock === null ? legal({ ...state, clock: cLo }) : illegal(state);
    case 'stale': {
      if (lock === null || mine !== null) return illegal(state);
      const pinned = r.lock === undefined ? lock : pin(lock, r.lock);
      return pinned === undefined ? illegal(state) : legal(withLock(state, pinned, cLo));
    }
    case 'expired': {
      if (mine === null || live === 'live') return illegal(state);
      let [expired, clock] = provenExpired(mine, cLo, cHi);
      if (r.expiresAtMs !== undefined) {
        const pinned = pin(expired, { holder: mine.holder, token: input.token, expiresAtMs: r.expiresAtMs });
        if (pinned === undefined) return illegal(state);
        expired = pinned;
        clock = Math.max(clock, r.expiresAtMs);
      }
      return legal(withLock(state, expired, clock));
    }
    default:
      return illegal(state);
  }
}

function stepRelease(state: ScheduleLockState, input: Extract<ScheduleLockInput, { f: 'release' }>, output: ScheduleLockOutput | undefined): Step {
  const [cLo, cHi] = clockBounds(state, input.at, output as { done: number } | undefined);
  if (cLo > cHi) return illegal(state);
  const lock = state.lock;
  const mine = lock !== null && lock.token === input.token ? lock : null;
  if (output === undefined) return legal(mine !== null ? withLock(state, null, cLo) : { ...state, clock: cLo });
  if (isAccepted(output)) {
    // Released, live or expired; the reply shows the lock as it was.
    if (mine === null || output.lock === undefined || pin(mine, output.lock) === undefined) return illegal(state);
    const next = atIndex(state, output.index, false);
    if (next === undefined) return illegal(state);
    return legal(withLock(next, null, cLo));
  }
  const r = refusalOf(output);
  switch (r?.why) {
    case 'no-lock':
      return lock === null ? legal({ ...state, clock: cLo }) : illegal(state);
    case 'stale': {
      if (lock === null || mine !== null) return illegal(state);
      const pinned = r.lock === undefined ? lock : pin(lock, r.lock);
      return pinned === undefined ? illegal(state) : legal(withLock(state, pinned, cLo));
    }
    default:
      return illegal(state);
  }
}

function stepAssign(state: ScheduleLockState, input: Extract<ScheduleLockInput, { f: 'assign' }>, output: ScheduleLockOutput | undefined): Step {
  const [cLo, cHi] = clockBounds(state, input.at, output as { done: number } | undefined);
  if (cLo > cHi) return illegal(state);
  const current = cell(state, input.person);
  const f = fence(state, input.tokens, cLo, cHi);
  // The fence comes first, then double booking; an identical assignment is an ok no-op.
  const fits = current === null || current === input.value;
  if (output === undefined) {
    if (f.pass === undefined || !fits) return legal({ ...state, clock: cLo });
    return legal(withCell(f.pass, input.person, input.value));
  }
  if (isAccepted(output)) {
    if (f.pass === undefined || !fits) return illegal(state);
    const next = atIndex(f.pass, output.index, false);
    return next === undefined ? illegal(state) : legal(withCell(next, input.person, input.value));
  }
  const r = refusalOf(output)!;
  if (r.why === 'booked') {
    if (f.pass === undefined || fits || (r.holds !== undefined && r.holds !== current)) return illegal(state);
    return legal(f.pass);
  }
  const after = f.refuse(r);
  return after === undefined ? illegal(state) : legal(after);
}

function stepUnassign(state: ScheduleLockState, input: Extract<ScheduleLockInput, { f: 'unassign' }>, output: ScheduleLockOutput | undefined): Step {
  const [cLo, cHi] = clockBounds(state, input.at, output as { done: number } | undefined);
  if (cLo > cHi) return illegal(state);
  const current = cell(state, input.person);
  // "holds no assignment" comes before the fence.
  if (current === null) {
    if (output === undefined) return legal({ ...state, clock: cLo });
    return refusalOf(output)?.why === 'missing' ? legal({ ...state, clock: cLo }) : illegal(state);
  }
  const f = fence(state, input.tokens, cLo, cHi);
  if (output === undefined) return legal(f.pass === undefined ? { ...state, clock: cLo } : withCell(f.pass, input.person, null));
  if (isAccepted(output)) {
    if (f.pass === undefined) return illegal(state);
    const next = atIndex(f.pass, output.index, false);
    return next === undefined ? illegal(state) : legal(withCell(next, input.person, null));
  }
  const after = f.refuse(refusalOf(output)!);
  return after === undefined ? illegal(state) : legal(after);
}

function stepReadLock(state: ScheduleLockState, output: ScheduleLockOutput | undefined): Step {
  if (output === undefined) return legal(state);
  if (!('clockMs' in output)) return illegal(state);
  if (output.clockMs < state.clock) return illegal(state);
  const next = atIndex(state, output.applied, true);
  if (next === undefined) return illegal(state);
  const lock = next.lock;
  if (output.lock === null || lock === null) return output.lock === lock ? legal({ ...next, clock: output.clockMs }) : illegal(state);
  const pinned = pin(lock, output.lock);
  if (pinned === undefined || (lock.expired && output.lock.expiresAtMs > output.clockMs)) return illegal(state);
  const expired = pinned.expired || output.lock.expiresAtMs <= output.clockMs;
  return legal(withLock(next, { ...pinned, expired }, output.clockMs));
}

function stepReadCells(state: ScheduleLockState, input: Extract<ScheduleLockInput, { f: 'read-cells' }>, output: ScheduleLockOutput | undefined): Step {
  if (output === undefined) return legal(state);
  if (!('values' in output)) return illegal(state);
  const next = atIndex(state, output.applied, true);
  if (next === undefined) return illegal(state);
  return { ok: input.persons.every((p) => (output.values[p] ?? null) === cell(state, p)), newState: next };
}

function hashState(s: ScheduleLockState): string {
  const cells = Object.entries(s.cells).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const l = s.lock;
  const lock = l === null ? null : [l.holder, l.token, l.tokenAbove, String(l.tokenAtMost), l.expiresAtLeast, String(l.expiresAtMost), l.expired];
  return JSON.stringify([lock, s.clock, s.index, cells]);
}

/** Wall-clock milliseconds as a time of day, for counterexamples. */
function clockText(ms: number): string {
  return Number.isFinite(ms) && ms >= 0 && ms <= 8.64e15 ? new Date(ms).toISOString().slice(11, 23) : String(ms);
}

function viewText(v: LockView): string {
  return `${v.holder} token ${v.token} until ${clockText(v.expiresAtMs)}`;
}

function refusalText(r: LockRefusal): string {
  switch (r.why) {
    case 'locked':
    case 'stale':
      return r.lock === undefined ? r.why : `${r.why}: ${viewText(r.lock)}`;
    case 'expired':
      return `expired${r.expiresAtMs !== undefined ? ` at ${clockText(r.expiresAtMs)}` : ''}${r.clockMs !== undefined ? ` (log clock ${clockText(r.clockMs)})` : ''}`;
    case 'booked':
      return r.holds === undefined ? 'booked' : `booked: holds ${r.holds}`;
    default:
      return r.why;
  }
}

/**
 * The model: one lock scope and its assignments per block, checked per block (scopes of
 * different blocks never conflict, and the log clock and indexes only add constraints
 * across blocks, so checking each block alone is sound).
 */
export const scheduleLockModel: Model<ScheduleLockState, ScheduleLockInput, ScheduleLockOutput> = {
  name: 'schedule-lock',
  init: () => ({ lock: null, clock: -Infinity, index: 0, cells: {} }),
  step(state, input, output) {
    switch (input.f) {
      case 'acquire':
        return stepAcquire(state, input, output);
      case 'renew':
        return stepRenew(state, input, output);
      case 'release':
        return stepRelease(state, input, output);
      case 'assign':
        return stepAssign(state, input, output);
      case 'unassign':
        return stepUnassign(state, input, output);
      case 'read-lock':
        return stepReadLock(state, output);
      case 'read-cells':
        return stepReadCells(state, input, output);
    }
  },
  equal: (a, b) => hashState(a) === hashState(b),
  hash: hashState,
  partition: (history) => partitionBy(history, (op) => op.input.block),
  isPure(input, output) {
    // Reads and refusals change nothing stored; what they reveal only narrows the bounds,
    // so dropping them can only make a history easier to linearize.
    if (input.f === 'read-lock' || input.f === 'read-cells') return true;
    return output !== undefined && 'refused' in output;
  },
  describe(input, output) {
    const at = 'at' in input ? ` @${clockText(input.at)}` : '';
    const tokens = 'tokens' in input ? (input.tokens.length === 0 ? ', no token' : `, token ${input.tokens.join('+')}`) : '';
    const call =
      input.f === 'acquire'
        ? `acquire(${input.block}, ${input.holder}, ttl ${input.ttlMs})`
        : input.f === 'renew'
          ? `renew(${input.block}, token ${input.token}, ttl ${input.ttlMs})`
          : input.f === 'release'
            ? `release(${input.block}, token ${input.token})`
            : input.f === 'assign'
              ? `assign(${input.block}, ${input.person}, ${input.value}${tokens})`
              : input.f === 'unassign'
                ? `unassign(${input.block}, ${input.person}${tokens})`
                : input.f === 'read-lock'
                  ? `read-lock(${input.block})`
                  : `read-cells(${input.block})`;
    if (output === undefined) return `${call}${at} -> ?`;
    if ('refused' in output) return `${call}${at} -> refused (${refusalText(output.refused)}) done @${clockText(output.done)}`;
    if ('ok' in output) {
      const l = output.lock;
      const what = l === undefined ? '' : input.f === 'release' ? ` released ${viewText(l)}` : ` ${viewText(l)}, granted @${clockText(l.grantedAtMs)}`;
      return `${call}${at} -> ok index ${output.index}${what} done @${clockText(output.done)}`;
    }
    if ('clockMs' in output) {
      return `${call} -> ${output.lock === null ? 'no lock' : viewText(output.lock)}; log clock ${clockText(output.clockMs)}, applied ${output.applied}`;
    }
    const persons = input.f === 'read-cells' ? input.persons : [];
    return `${call} -> ${persons.map((p) => `${p}=${output.values[p] ?? 'nil'}`).join(' ')}; applied ${output.applied}`;
  },
};
