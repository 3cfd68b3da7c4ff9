/**
 * Input limits and formats for schedule commands. Checked by the server before a command
 * is proposed, and again by ScheduleMachine.apply, because a buggy peer may have put
 * anything in the log. Every check is a pure function of the value.
 *
 * The validators are defensive about shapes (a value typed as string may not be one at
 * run time) so that they can also guard values that did not come through the codec.
 */
import { isoDateToDayNumber } from './calendar-date.ts';
import { OP_KINDS, PERSON_ROLES } from './command.ts';
import { echoInput } from './input-echo.ts';
import type { Assignment, Block, Command, Person } from './command.ts';

/** Longest id (person, block, facility, pool, request id, issuer, node, cluster), in characters. */
export const MAX_ID_LENGTH = 64;

/** Ids of 1..MAX_ID_LENGTH characters: an ASCII letter or digit, then letters, digits and `punctuation`. */
function idPattern(punctuation: string): RegExp {
  return new RegExp(`^[A-Za-z0-9][A-Za-z0-9${punctuation}]{0,${MAX_ID_LENGTH - 1}}$`);
}

/**
 * The form of every id in a schedule command (person, block, facility, pool, lock holder,
 * request id, issuer): ASCII letters, digits, '.', '_', ':' and '-', starting with a
 * letter or digit, 1..MAX_ID_LENGTH characters. No '/', so ids can be joined into
 * path-like names (such as `sm/assign/<block>/<person>` in snapshot errors) unambiguously.
 * Commands in the log were validated with it, and apply validates them again, so it can
 * only ever admit more.
 */
export const ID_PATTERN = idPattern('._:-');

/**
 * The form of a node id (which is also its facility's id in the schedule) and of a
 * cluster name: ID_PATTERN without ':', so every node id is also a valid schedule id.
 * Node ids are written next to addresses (`--peers ID=host:port`, `rosterctl member add
 * ID HOST:PORT`), where a ':' would read as part of an address, and name the default data
 * directory (./data/<id>), where ':' is not portable.
 */
export const NODE_ID_PATTERN = idPattern('._-');

/** The rule NODE_ID_PATTERN enforces, worded for error messages. */
export const NODE_ID_RULE = `1-${MAX_ID_LENGTH} letters, digits, ".", "_" or "-", starting with a letter or digit`;

/** Shortest person or facility name, in Unicode code points. */
export const MIN_NAME_LENGTH = 1;

/** Longest person or facility name, in Unicode code points. */
export const MAX_NAME_LENGTH = 200;

/** Longest block, in days, counting both the start and the end date. */
export const MAX_BLOCK_DAYS = 366;

/** Largest timestampMs: beyond it a number no longer represents every integer exactly. */
export const MAX_TIMESTAMP_MS = Number.MAX_SAFE_INTEGER;

/** Most pools in one facility's table. */
export const MAX_POOLS_PER_FACILITY = 16;

/** Largest capacity, reserved or borrowLimit of a pool, in people per block. */
export const MAX_POOL_SEATS = 1000;

/** Shortest lock lease, in milliseconds of the log clock. */
export const MIN_LOCK_TTL_MS = 1_000;

/** Longest lock lease, in milliseconds of the log clock (24 hours). */
export const MAX_LOCK_TTL_MS = 86_400_000;

/** Most lock tokens one command may present. */
export const MAX_LOCK_TOKENS = 4;

/** Longest reason given with an emergency write, in Unicode code points. */
export const MAX_REASON_LENGTH = 200;

/** Most emergency writes in one reconcile command (a journal goes in several). */
export const MAX_WRITES_PER_RECONCILE = 64;

/**
 * Largest encoded command (protobuf bytes) the server proposes. Checked at the server
 * only (apply sees decoded commands); every command within the other limits fits.
 */
export const MAX_COMMAND_BYTES = 16 * 1024;

const CONTROL_CHARACTER = /\p{Cc}/u;
// In a /u regex a surrogate matches only when unpaired; such strings do not survive UTF-8.
const LONE_SURROGATE = /\p{Cs}/u;

/** A validator's answer: undefined when valid, else a message naming the field and the rule. */
export type Invalid = string | undefined;

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** `field` must be a string matching ID_PATTERN. */
export function checkId(field: string, value: unknown): Invalid {
  if (typeof value === 'string' && ID_PATTERN.test(value)) return undefined;
  return `${field}: must be an id of 1..${MAX_ID_LENGTH} characters from [A-Za-z0-9._:-], starting with a letter or digit (got ${echoInput(value)})`;
}

/** Code points in `s` (a surrogate pair counts once), without building an array of them. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** `field` must be MIN_NAME_LENGTH..MAX_NAME_LENGTH code points, well-formed, no control characters. */
export function checkName(field: string, value: unknown): Invalid {
  if (typeof value !== 'string') return `${field}: must be a string (got ${echoInput(value)})`;
  // Each code point takes one or two UTF-16 units: a cheap bound before counting.
  const length = value.length > 2 * MAX_NAME_LENGTH ? value.length : codePoints(value);
  if (length < MIN_NAME_LENGTH || length > MAX_NAME_LENGTH) {
    return `${field}: must be ${MIN_NAME_LENGTH}..${MAX_NAME_LENGTH} characters long (got ${length})`;
  }
  if (CONTROL_CHARACTER.test(value)) return `${field}: must not contain control characters`;
  if (LONE_SURROGATE.test(value)) return `${field}: must be well-formed Unicode (unpaired surrogate)`;
  return undefined;
}

/** `field` must be a real calendar date written YYYY-MM-DD. */
export function checkDate(field: string, value: unknown): Invalid {
  if (typeof value === 'string' && isoDateToDayNumber(value) !== undefined) return undefined;
  return `${field}: must be a real calendar date YYYY-MM-DD (got ${echoInput(value)})`;
}

/** A Person: valid id, name, role and home facility id. Existence is the machine's concern. */
export function validatePerson(value: unknown, field = 'person'): Invalid {
  const person = record(value);
  if (person === undefined) return `${field}: must be an object`;
  return (
    checkId(`${field}.id`, person.id) ??
    checkName(`${field}.name`, person.name) ??
    (PERSON_ROLES.includes(person.role as Person['role'])
      ? undefined
      : `${field}.role: must be one of ${PERSON_ROLES.join(', ')} (got ${echoInput(person.role)})`) ??
    checkId(`${field}.homeFacility`, person.homeFacility)
  );
}

/** A Block: valid id, real dates, start <= end, at most MAX_BLOCK_DAYS days inclusive. */
export function validateBlock(value: unknown, field = 'block'): Invalid {
  const block = record(value);
  if (block === undefined) return `${field}: must be an object`;
  const invalid =
    checkId(`${field}.id`, block.id) ?? checkDate(`${field}.start`, block.start) ?? checkDate(`${field}.end`, block.end);
  if (invalid !== undefined) return invalid;
  const start = isoDateToDayNumber(block.start as string) as number;
  const end = isoDateToDayNumber(block.end as string) as number;
  if (start > end) return `${field}: start ${block.start as string} must not be after end ${block.end as string}`;
  const days = end - start + 1;
  if (days > MAX_BLOCK_DAYS) {
    return `${field}: must be at most ${MAX_BLOCK_DAYS} days long, start and end included (got ${days})`;
  }
  return undefined;
}

/** An Assignment: all four ids valid. Existence is the machine's concern. */
export function validateAssignment(value: unknown, field = 'assignment'): Invalid {
  const assignment = record(value);
  if (assignment === undefined) return `${field}: must be an object`;
  return (
    checkId(`${field}.person`, assignment.person) ??
    checkId(`${field}.facility`, assignment.facility) ??
    checkId(`${field}.pool`, assignment.pool) ??
    checkId(`${field}.block`, assignment.block)
  );
}

/** `field` must be '' (meaning "none" or "unchanged") or an id. */
export function checkOptionalId(field: string, value: unknown): Invalid {
  return value === '' ? undefined : checkId(field, value);
}

/** `field` must be an integer in min..max. */
export function checkInteger(field: string, value: unknown, min: number, max: number): Invalid {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return undefined;
  return `${field}: must be an integer in ${min}..${max} (got ${typeof value === 'number' ? String(value) : typeof value})`;
}

/** A lock token: the Raft index of a grant, so a positive integer. */
export function checkLockToken(field: string, value: unknown): Invalid {
  return checkInteger(field, value, 1, MAX_TIMESTAMP_MS);
}

/** A lease length in milliseconds, MIN_LOCK_TTL_MS..MAX_LOCK_TTL_MS. */
export function checkTtl(field: string, value: unknown): Invalid {
  return checkInteger(field, value, MIN_LOCK_TTL_MS, MAX_LOCK_TTL_MS);
}

/** One PoolSpec: a pool id, 0 <= reserved <= capacity <= MAX_POOL_SEATS, borrowLimit 0..MAX_POOL_SEATS, flex a boolean. */
export function validatePoolSpec(value: unknown, field = 'pool'): Invalid {
  const pool = record(value);
  if (pool === undefined) return `${field}: must be an object`;
  const invalid =
    checkId(`${field}.name`, pool.name) ??
    checkInteger(`${field}.capacity`, pool.capacity, 0, MAX_POOL_SEATS) ??
    checkInteger(`${field}.reserved`, pool.reserved, 0, MAX_POOL_SEATS) ??
    checkInteger(`${field}.borrowLimit`, pool.borrowLimit, 0, MAX_POOL_SEATS) ??
    (typeof pool.flex === 'boolean' ? undefined : `${field}.flex: must be a boolean (got ${echoInput(pool.flex)})`);
  if (invalid !== undefined) return invalid;
  if ((pool.reserved as number) > (pool.capacity as number)) {
    return `${field}.reserved: must not exceed capacity ${pool.capacity as number} (got ${pool.reserved as number})`;
  }
  if (pool.flex === true && pool.borrowLimit !== 0) {
    return `${field}.borrowLimit: must be 0 for the flex pool, which cannot borrow from itself (got ${pool.borrowLimit as number})`;
  }
  return undefined;
}

/**
 * A facility's pool table: 1..MAX_POOLS_PER_FACILITY valid pools with distinct names,
 * at most one of them the flex pool.
 */
export function validatePoolTable(value: unknown, field = 'pools'): Invalid {
  if (!Array.isArray(value)) return `${field}: must be a list`;
  if (value.length < 1 || value.length > MAX_POOLS_PER_FACILITY) {
    return `${field}: must hold 1..${MAX_POOLS_PER_FACILITY} pools (got ${value.length})`;
  }
  const names = new Set<string>();
  let flex: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const where = `${field}[${i}]`;
    const invalid = validatePoolSpec(value[i], where);
    if (invalid !== undefined) return invalid;
    const pool = value[i] as { name: string; flex: boolean };
    if (names.has(pool.name)) return `${where}.name: duplicate pool ${pool.name}`;
    names.add(pool.name);
    if (pool.flex) {
      if (flex !== undefined) return `${where}.flex: ${flex} is already the flex pool; a facility has at most one`;
      flex = pool.name;
    }
  }
  return undefined;
}

function validateRef(value: unknown, field: string): Invalid {
  const ref = record(value);
  if (ref === undefined) return `${field}: must be an object`;
  return checkId(`${field}.person`, ref.person) ?? checkId(`${field}.block`, ref.block);
}

function validateLockTokens(value: unknown, editsBlocks: boolean): Invalid {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return 'lockTokens: must be a list';
  if (value.length > 0 && !editsBlocks) {
    return 'lockTokens: only edits of assignments (assign, unassign, exchange, move) present lock tokens';
  }
  if (value.length > MAX_LOCK_TOKENS) return `lockTokens: at most ${MAX_LOCK_TOKENS} tokens (got ${value.length})`;
  for (let i = 0; i < value.length; i++) {
    const invalid = checkLockToken(`lockTokens[${i}]`, value[i]);
    if (invalid !== undefined) return invalid;
  }
  return undefined;
}

/**
 * Checks a command against every limit and format. Returns undefined when it is valid,
 * else one message naming the first offending field (e.g. `op.person.name: ...`).
 * Never throws, whatever the value.
 */
export function validateCommand(cmd: Command): Invalid {
  const command = record(cmd);
  if (command === undefined) return 'command: must be an object';
  const header =
    checkId('requestId', command.requestId) ??
    checkId('issuer', command.issuer) ??
    (typeof command.timestampMs === 'number' &&
    Number.isSafeInteger(command.timestampMs) &&
    command.timestampMs >= 0
      ? undefined
      : `timestampMs: must be an integer in 0..${MAX_TIMESTAMP_MS} (got ${typeof command.timestampMs === 'number' ? String(command.timestampMs) : typeof command.timestampMs})`);
  if (header !== undefined) return header;
  const op = record(command.op);
  if (op === undefined) return 'op: must be an object';
  const edit = op.kind === 'assign' || op.kind === 'unassign' || op.kind === 'exchange' || op.kind === 'move';
  const tokens = validateLockTokens(command.lockTokens, edit);
  if (tokens !== undefined) return tokens;
  switch (op.kind) {
    case 'addPerson':
      return validatePerson(op.person, 'op.person');
    case 'addBlock':
      return validateBlock(op.block, 'op.block');
    case 'assign':
      return validateAssignment(op.assignment, 'op.assignment');
    case 'unassign':
      return checkId('op.person', op.person) ?? checkId('op.block', op.block);
    case 'setPools':
      return checkId('op.facility', op.facility) ?? validatePoolTable(op.pools, 'op.pools');
    case 'acquireLock':
      return (
        checkId('op.block', op.block) ??
        checkOptionalId('op.facility', op.facility) ??
        checkId('op.holder', op.holder) ??
        checkTtl('op.ttlMs', op.ttlMs)
      );
    case 'renewLock':
      return (
        checkId('op.block', op.block) ??
        checkOptionalId('op.facility', op.facility) ??
        checkLockToken('op.token', op.token) ??
        checkTtl('op.ttlMs', op.ttlMs)
      );
    case 'releaseLock':
      return checkId('op.block', op.block) ?? checkOptionalId('op.facility', op.facility) ?? checkLockToken('op.token', op.token);
    case 'exchange': {
      const invalid = validateRef(op.first, 'op.first') ?? validateRef(op.second, 'op.second');
      if (invalid !== undefined) return invalid;
      const first = op.first as { person: string };
      const second = op.second as { person: string };
      return first.person === second.person
        ? `op.second.person: an exchange needs two different people (got ${first.person} twice)`
        : undefined;
    }
    case 'move': {
      const invalid =
        checkId('op.person', op.person) ??
        checkId('op.block', op.block) ??
        checkOptionalId('op.toPerson', op.toPerson) ??
        checkOptionalId('op.toFacility', op.toFacility) ??
        checkOptionalId('op.toPool', op.toPool);
      if (invalid !== undefined) return invalid;
      return op.toPerson === '' && op.toFacility === '' && op.toPool === ''
        ? 'op: a move must name a new person, facility or pool (toPerson, toFacility, toPool all empty)'
        : undefined;
    }
    case 'coverage': {
      const invalid = validateCoverageWrite(op.write, 'op.write');
      if (invalid !== undefined) return invalid;
      const w = op.write as { id: string; facility: string };
      // One identity from the accepting node to the log: the request is the write.
      if (w.id !== command.requestId) return `op.write.id: must be the command's request id ${String(command.requestId)}`;
      return w.facility === command.issuer ? undefined : `op.write.facility: must be the issuing facility ${String(command.issuer)}`;
    }
    case 'reconcile': {
      const invalid = checkId('op.facility', op.facility);
      if (invalid !== undefined) return invalid;
      if (!Array.isArray(op.writes) || op.writes.length === 0 || op.writes.length > MAX_WRITES_PER_RECONCILE) {
        return `op.writes: must be a list of 1..${MAX_WRITES_PER_RECONCILE} emergency writes`;
      }
      for (const [i, w] of (op.writes as unknown[]).entries()) {
        const bad = validateCoverageWrite(w, `op.writes[${i}]`);
        if (bad !== undefined) return bad;
        if ((w as { facility: string }).facility !== op.facility) return `op.writes[${i}].facility: must be the reconciling facility ${String(op.facility)}`;
      }
      return undefined;
    }
    case 'resolveConflict':
      return checkId('op.id', op.id) ?? (op.decision === 'accept' || op.decision === 'dismiss' ? undefined : `op.decision: must be accept or dismiss (got ${echoInput(op.decision)})`);
    default:
      return `op.kind: must be one of ${OP_KINDS.join(', ')} (got ${echoInput(op.kind)})`;
  }
}

/** An emergency-coverage write (command.ts CoverageWrite): ids, stamp, reason and its op. */
export function validateCoverageWrite(value: unknown, field = 'write'): Invalid {
  const w = record(value);
  if (w === undefined) return `${field}: must be an object`;
  const stamp = record(w.stamp);
  const invalid =
    checkId(`${field}.id`, w.id) ??
    checkId(`${field}.facility`, w.facility) ??
    (stamp === undefined
      ? `${field}.stamp: must be an object`
      : checkInteger(`${field}.stamp.wallMs`, stamp.wallMs, 0, MAX_TIMESTAMP_MS) ?? checkInteger(`${field}.stamp.logical`, stamp.logical, 0, 0xffffffff)) ??
    checkReason(`${field}.reason`, w.reason);
  if (invalid !== undefined) return invalid;
  const op = record(w.op);
  if (op === undefined) return `${field}.op: must be an object`;
  switch (op.kind) {
    case 'cover':
      return validateAssignment(op.assignment, `${field}.op.assignment`);
    case 'uncover':
      return checkId(`${field}.op.person`, op.person) ?? checkId(`${field}.op.block`, op.block);
    default:
      return `${field}.op.kind: must be cover or uncover (got ${echoInput(op.kind)})`;
  }
}

/** A reason: a string of at most MAX_REASON_LENGTH code points without control characters ('' allowed). */
function checkReason(field: string, value: unknown): Invalid {
  if (typeof value !== 'string') return `${field}: must be a string`;
  if ([...value].length > MAX_REASON_LENGTH) return `${field}: must be at most ${MAX_REASON_LENGTH} characters`;
  if (CONTROL_CHARACTER.test(value) || LONE_SURROGATE.test(value)) return `${field}: must not contain control characters or unpaired surrogates`;
  return undefined;
}
