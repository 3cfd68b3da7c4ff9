/**
 * Input limits and formats for schedule commands. Checked by the server before a command
 * is proposed, and again by ScheduleMachine.apply, because a buggy peer may have put
 * anything in the log. Every check is a pure function of the value.
 *
 * The validators are defensive about shapes (a value typed as string may not be one at
 * run time) so that they can also guard values that did not come through the codec.
 */
import { isoDateToDayNumber } from './calendar-date.ts';
import { PERSON_ROLES } from './command.ts';
import type { Assignment, Block, Command, Person } from './command.ts';

/** Longest id (person, block, facility, pool, request id, issuer), in characters. */
export const MAX_ID_LENGTH = 64;

/**
 * The form of every id: ASCII letters, digits, '.', '_', ':' and '-', starting with a
 * letter or digit, 1..MAX_ID_LENGTH characters. No '/', so ids can be joined into
 * table keys unambiguously.
 */
export const ID_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_ID_LENGTH - 1}}$`);

/** Shortest person or facility name, in Unicode code points. */
export const MIN_NAME_LENGTH = 1;

/** Longest person or facility name, in Unicode code points. */
export const MAX_NAME_LENGTH = 200;

/** Longest block, in days, counting both the start and the end date. */
export const MAX_BLOCK_DAYS = 366;

/** Largest timestampMs: beyond it a number no longer represents every integer exactly. */
export const MAX_TIMESTAMP_MS = Number.MAX_SAFE_INTEGER;

const CONTROL_CHARACTER = /\p{Cc}/u;
// In a /u regex a surrogate matches only when unpaired; such strings do not survive UTF-8.
const LONE_SURROGATE = /\p{Cs}/u;

/** A validator's answer: undefined when valid, else a message naming the field and the rule. */
export type Invalid = string | undefined;

function preview(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** `field` must be a string matching ID_PATTERN. */
export function checkId(field: string, value: unknown): Invalid {
  if (typeof value === 'string' && ID_PATTERN.test(value)) return undefined;
  return `${field}: must be an id of 1..${MAX_ID_LENGTH} characters from [A-Za-z0-9._:-], starting with a letter or digit (got ${preview(value)})`;
}

/** `field` must be MIN_NAME_LENGTH..MAX_NAME_LENGTH code points, well-formed, no control characters. */
export function checkName(field: string, value: unknown): Invalid {
  if (typeof value !== 'string') return `${field}: must be a string (got ${preview(value)})`;
  // Each code point takes one or two UTF-16 units: a cheap bound before counting.
  const length = value.length > 2 * MAX_NAME_LENGTH ? value.length : [...value].length;
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
  return `${field}: must be a real calendar date YYYY-MM-DD (got ${preview(value)})`;
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
      : `${field}.role: must be one of ${PERSON_ROLES.join(', ')} (got ${preview(person.role)})`) ??
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
  switch (op.kind) {
    case 'addPerson':
      return validatePerson(op.person, 'op.person');
    case 'addBlock':
      return validateBlock(op.block, 'op.block');
    case 'assign':
      return validateAssignment(op.assignment, 'op.assignment');
    case 'unassign':
      return checkId('op.person', op.person) ?? checkId('op.block', op.block);
    default:
      return `op.kind: must be one of addPerson, addBlock, assign, unassign (got ${preview(op.kind)})`;
  }
}
