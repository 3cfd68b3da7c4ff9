import { ID_PATTERN, MAX_ID_LENGTH, NODE_ID_PATTERN, NODE_ID_RULE } from '../node/schedule/validate.ts';
import { usageError } from './errors.ts';
import { formatPublicKey, parsePublicKey } from '../node/ledger/identity.ts';

/**
 * Local argument checks, run before any connection is made so that a typo costs no
 * round trip and never reaches the log. Each check throws a usage error (exit 2) whose
 * message starts with the argument's name as the user typed it (`PERSON`, `--start`).
 * The server validates again: these checks are a courtesy, not the authority.
 */

/** Longest display name accepted; a name is free text, unlike an id. */
export const MAX_NAME_LENGTH = 200;

/** Longest --timeout accepted: an hour is already far beyond any sane wait for a CLI. */
export const MAX_TIMEOUT_MS = 3_600_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Returns `value` if it is a valid id of a person, block, facility, pool or request (the
 * server's ID_PATTERN); else a usage error naming `argument`.
 */
export function checkId(argument: string, value: string): string {
  if (!ID_PATTERN.test(value)) {
    throw usageError(
      `${argument}: ${quote(value)} is not a valid id (1-${MAX_ID_LENGTH} characters: a letter or digit, then letters, digits, '.', '_', ':' or '-')`,
    );
  }
  return value;
}

/** Returns `value` if it is a valid member (node) id (the server's NODE_ID_PATTERN); else a usage error naming `argument`. */
export function checkNodeId(argument: string, value: string): string {
  if (!NODE_ID_PATTERN.test(value)) throw usageError(`${argument}: ${quote(value)} is not a valid member id (${NODE_ID_RULE})`);
  return value;
}

/** A facility public key, "ed25519:<base64>" (the prefix optional), in its canonical form. */
export function checkPublicKey(argument: string, value: string): string {
  try {
    return formatPublicKey(parsePublicKey(value));
  } catch (e) {
    throw usageError(`${argument}: ${(e as Error).message}`);
  }
}

/** Returns `value` if it is a real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function checkDate(argument: string, value: string): string {
  const m = DATE_PATTERN.exec(value);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    // Date.UTC normalises overflow (Feb 30 -> Mar 2), so a round trip detects unreal dates.
    const d = new Date(Date.UTC(year, month - 1, day));
    d.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999
    if (year >= 1 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day) {
      return value;
    }
  }
  throw usageError(`${argument}: ${quote(value)} is not a real date in the form YYYY-MM-DD`);
}

/** Checks an inclusive date range; ISO dates compare correctly as strings. */
export function checkDateRange(start: string, end: string): void {
  if (start > end) throw usageError(`--end: ${end} is before --start ${start}`);
}

/** The roles a person can have, as typed and as sent (proto enum names). */
export const ROLES = { resident: 'RESIDENT', faculty: 'FACULTY' } as const;
export type RoleName = keyof typeof ROLES;

/** Returns the proto enum name for a role typed as `resident` or `faculty` (any case). */
export function checkRole(argument: string, value: string): (typeof ROLES)[RoleName] {
  const key = value.toLowerCase();
  if (key === 'resident' || key === 'faculty') return ROLES[key];
  throw usageError(`${argument}: ${quote(value)} is not a role (expected resident or faculty)`);
}

/** A display name: not blank, no control characters, at most MAX_NAME_LENGTH characters. */
export function checkName(argument: string, value: string): string {
  if (value.trim() === '') throw usageError(`${argument}: must not be empty`);
  if (/[\u0000-\u001f\u007f]/.test(value)) throw usageError(`${argument}: must not contain control characters`);
  if ([...value].length > MAX_NAME_LENGTH) throw usageError(`${argument}: longer than ${MAX_NAME_LENGTH} characters`);
  return value;
}

/** Parses a timeout in whole milliseconds, 1..MAX_TIMEOUT_MS. */
export function checkTimeoutMs(argument: string, value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_TIMEOUT_MS) {
    throw usageError(`${argument}: ${quote(value)} is not a whole number of milliseconds between 1 and ${MAX_TIMEOUT_MS}`);
  }
  return n;
}

/** Quotes a user value for an error message, showing invisible characters. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** Largest lock token or log index accepted (integers beyond it are not exact in JSON numbers). */
export const MAX_INDEX = Number.MAX_SAFE_INTEGER;

/** Parses a lock token or log index: a whole number 1..MAX_INDEX (0 too when `allowZero`). */
export function checkIndex(argument: string, value: string, allowZero = false): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < (allowZero ? 0 : 1)) {
    throw usageError(`${argument}: ${quote(value)} is not a whole number from ${allowZero ? 0 : 1} to ${MAX_INDEX}`);
  }
  return n;
}

/** Lease bounds, as the server enforces them (node/schedule/validate.ts): 1 s .. 24 h. */
export const MIN_TTL_MS = 1_000;
export const MAX_TTL_MS = 86_400_000;

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration written `<n>ms`, `<n>s`, `<n>m`, `<n>h` or plain milliseconds
 * (`90s`, `10m`, `1500`), within min..max milliseconds.
 */
export function checkDuration(argument: string, value: string, min: number, max: number): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(value);
  const n = m ? Number(m[1]) * (DURATION_UNITS[m[2] ?? 'ms'] ?? 1) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw usageError(`${argument}: ${quote(value)} is not a duration from ${min} ms to ${max} ms (e.g. 90s, 10m, 1h)`);
  }
  return n;
}

/** Most pools a facility may have (the server's MAX_POOLS_PER_FACILITY) and seats per number. */
export const MAX_POOLS = 16;
export const MAX_POOL_SEATS = 1000;

/** A pool as typed: NAME:CAPACITY:RESERVED:BORROW_LIMIT, with a trailing `:flex` for the flex pool. */
export interface PoolArgument {
  name: string;
  capacity: number;
  reserved: number;
  borrowLimit: number;
  flex: boolean;
}

/** Parses `ICU:6:5:1` or `Flex:2:0:0:flex`; checks reserved <= capacity and that the flex pool borrows nothing. */
export function checkPool(argument: string, value: string): PoolArgument {
  const parts = value.split(':');
  const bad = (why: string): never => {
    throw usageError(`${argument}: ${quote(value)} ${why} (expected NAME:CAPACITY:RESERVED:BORROW_LIMIT[:flex], e.g. ICU:6:5:1 or Flex:2:0:0:flex)`);
  };
  if (parts.length !== 4 && !(parts.length === 5 && parts[4] === 'flex')) bad('is not a pool');
  const [name = '', ...numbers] = parts;
  if (!ID_PATTERN.test(name) || name.includes(':')) bad('does not start with a pool id');
  const [capacity, reserved, borrowLimit] = numbers.slice(0, 3).map((n) => (/^\d+$/.test(n) ? Number(n) : NaN)) as [number, number, number];
  if (![capacity, reserved, borrowLimit].every((n) => Number.isSafeInteger(n) && n <= MAX_POOL_SEATS)) bad(`has a number outside 0..${MAX_POOL_SEATS}`);
  if (reserved > capacity) bad('reserves more seats than its capacity');
  const flex = parts.length === 5;
  if (flex && borrowLimit !== 0) bad('is the flex pool, which cannot borrow (its BORROW_LIMIT must be 0)');
  return { name, capacity, reserved, borrowLimit, flex };
}

/** Checks a whole pool table: 1..MAX_POOLS pools, distinct names, at most one flex pool. */
export function checkPoolTable(argument: string, pools: readonly PoolArgument[]): void {
  if (pools.length === 0 || pools.length > MAX_POOLS) throw usageError(`${argument}: give 1 to ${MAX_POOLS} pools (got ${pools.length})`);
  const names = new Set<string>();
  for (const p of pools) {
    if (names.has(p.name)) throw usageError(`${argument}: pool ${p.name} is given twice`);
    names.add(p.name);
  }
  if (pools.filter((p) => p.flex).length > 1) throw usageError(`${argument}: at most one pool can be the flex pool`);
}
