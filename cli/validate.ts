import { usageError } from './errors.ts';

/**
 * Local argument checks, run before any connection is made so that a typo costs no
 * round trip and never reaches the log. Each check throws a usage error (exit 2) whose
 * message starts with the argument's name as the user typed it (`PERSON`, `--start`).
 * The server validates again: these checks are a courtesy, not the authority.
 */

/** Ids of people, blocks, facilities, pools and members (shared with the server's rule). */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Longest display name accepted; a name is free text, unlike an id. */
export const MAX_NAME_LENGTH = 200;

/** Longest --timeout accepted: an hour is already far beyond any sane wait for a CLI. */
export const MAX_TIMEOUT_MS = 3_600_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Returns `value` if it is a valid id; else a usage error naming `argument`. */
export function checkId(argument: string, value: string): string {
  if (!ID_PATTERN.test(value)) {
    throw usageError(
      `${argument}: ${quote(value)} is not a valid id (1-64 characters: a letter or digit, then letters, digits, '.', '_', ':' or '-')`,
    );
  }
  return value;
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
