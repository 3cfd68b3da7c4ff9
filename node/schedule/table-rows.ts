/**
 * The state machine's LevelDB tables, under the `sm/` prefix. Keys are stable (the
 * driver writes them in the same batch as the applied index); values are canonical UTF-8
 * JSON (canonical.ts).
 *
 *   sm/person/<person id>              -> Person
 *   sm/block/<block id>                -> Block
 *   sm/assign/<block id>/<person id>   -> Assignment
 *   sm/pools/<facility id>             -> {facility, pools}: a pool table set by setPools
 *   sm/lock/<block id>                 -> LockRecord on the whole block
 *   sm/lock/<block id>/<facility id>   -> LockRecord on one facility's part of the block
 *   sm/req/<request id>                -> RequestRecord (idempotency, requests.ts)
 *   sm/clock                           -> {clockMs}: the log clock
 *
 * Ids cannot contain '/' (ID_PATTERN), so a key names exactly one record.
 */
import {
  assignmentFromJson,
  blockFromJson,
  canonicalJson,
  lockFromJson,
  personFromJson,
  poolTableFromJson,
  requestRecordFromJson,
  storedRequestRecord,
} from './canonical.ts';
import { CorruptStateError } from './errors.ts';
import { checkId } from './validate.ts';
import type { Assignment, Block, Person, PoolSpec } from './command.ts';
import type { LockRecord } from './outcome.ts';
import type { RequestRecord } from './requests.ts';

/** Every key this folder writes starts with this prefix. */
export const TABLE_PREFIX = 'sm/';

/** The key of a person's row. */
export function personKey(id: string): string {
  return `${TABLE_PREFIX}person/${id}`;
}

/** The key of a block's row. */
export function blockKey(id: string): string {
  return `${TABLE_PREFIX}block/${id}`;
}

/** The key of an assignment's row: one per (block, person), which is the no-double-booking rule. */
export function assignmentKey(block: string, person: string): string {
  return `${TABLE_PREFIX}assign/${block}/${person}`;
}

/** The key of a facility's pool table, when set by setPools. */
export function poolsKey(facility: string): string {
  return `${TABLE_PREFIX}pools/${facility}`;
}

/** The key of the lock on a block (facility '') or on one facility's part of it. */
export function lockKey(block: string, facility: string): string {
  return facility === '' ? `${TABLE_PREFIX}lock/${block}` : `${TABLE_PREFIX}lock/${block}/${facility}`;
}

/** The key of a remembered request id. */
export function requestKey(requestId: string): string {
  return `${TABLE_PREFIX}req/${requestId}`;
}

/** The key of the log clock. */
export const CLOCK_KEY = `${TABLE_PREFIX}clock`;

/** A decoded table row. */
export type Row =
  | { readonly kind: 'person'; readonly person: Person }
  | { readonly kind: 'block'; readonly block: Block }
  | { readonly kind: 'assignment'; readonly assignment: Assignment }
  | { readonly kind: 'pools'; readonly facility: string; readonly pools: readonly PoolSpec[] }
  | { readonly kind: 'lock'; readonly lock: LockRecord }
  | { readonly kind: 'request'; readonly record: RequestRecord }
  | { readonly kind: 'clock'; readonly clockMs: number };

/** The canonical value bytes of a row. */
export function encodeRow(row: Row): Uint8Array {
  switch (row.kind) {
    case 'person':
      return canonicalJson(row.person);
    case 'block':
      return canonicalJson(row.block);
    case 'assignment':
      return canonicalJson(row.assignment);
    case 'pools':
      return canonicalJson({ facility: row.facility, pools: row.pools });
    case 'lock':
      return canonicalJson(row.lock);
    case 'request':
      return canonicalJson(storedRequestRecord(row.record));
    case 'clock':
      return canonicalJson({ clockMs: row.clockMs });
  }
}

/** The key of a row. */
export function rowKey(row: Row): string {
  switch (row.kind) {
    case 'person':
      return personKey(row.person.id);
    case 'block':
      return blockKey(row.block.id);
    case 'assignment':
      return assignmentKey(row.assignment.block, row.assignment.person);
    case 'pools':
      return poolsKey(row.facility);
    case 'lock':
      return lockKey(row.lock.block, row.lock.facility);
    case 'request':
      return requestKey(row.record.requestId);
    case 'clock':
      return CLOCK_KEY;
  }
}

/** The canonical value bytes of a record's row (people, blocks and assignments). */
export function encodeRowValue(record: Person | Block | Assignment): Uint8Array {
  return canonicalJson(record);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeValue(key: string, value: Uint8Array): unknown {
  if (!(value instanceof Uint8Array)) throw new CorruptStateError(`${key}: value is not bytes`);
  try {
    return JSON.parse(utf8.decode(value));
  } catch {
    throw new CorruptStateError(`${key}: value is not UTF-8 JSON`);
  }
}

function object(json: unknown, keys: readonly string[], key: string): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CorruptStateError(`${key}: expected an object`);
  const actual = Object.keys(json);
  if (actual.length !== keys.length || actual.some((k, i) => k !== keys[i])) {
    throw new CorruptStateError(`${key}: expected fields ${keys.join(',')} in that order (got ${actual.join(',')})`);
  }
  return json as Record<string, unknown>;
}

function parseRecord(key: string, json: unknown): Row {
  const rest = key.startsWith(TABLE_PREFIX) ? key.slice(TABLE_PREFIX.length) : undefined;
  const parts = rest?.split('/') ?? [];
  if (parts[0] === 'person' && parts.length === 2) return { kind: 'person', person: personFromJson(json, key) };
  if (parts[0] === 'block' && parts.length === 2) return { kind: 'block', block: blockFromJson(json, key) };
  if (parts[0] === 'assign' && parts.length === 3) return { kind: 'assignment', assignment: assignmentFromJson(json, key) };
  if (parts[0] === 'pools' && parts.length === 2) {
    const o = object(json, ['facility', 'pools'], key);
    if (checkId('facility', o.facility) !== undefined) throw new CorruptStateError(`${key}: facility is not an id`);
    return { kind: 'pools', facility: o.facility as string, pools: poolTableFromJson(o.pools, `${key}: pools`) };
  }
  if (parts[0] === 'lock' && (parts.length === 2 || parts.length === 3)) return { kind: 'lock', lock: lockFromJson(json, key) };
  if (parts[0] === 'req' && parts.length === 2) return { kind: 'request', record: requestRecordFromJson(json, key) };
  if (parts[0] === 'clock' && parts.length === 1) {
    const o = object(json, ['clockMs'], key);
    const clockMs = o.clockMs;
    if (typeof clockMs !== 'number' || !Number.isSafeInteger(clockMs) || clockMs < 0) {
      throw new CorruptStateError(`${key}: clockMs must be an integer >= 0`);
    }
    return { kind: 'clock', clockMs };
  }
  throw new CorruptStateError(`${key}: not a schedule table key`);
}

/**
 * Parses one stored row. Throws CorruptStateError naming the key when the key is not a
 * table key, the value is not the canonical encoding of a valid record, or the record
 * does not match its key.
 */
export function parseRow(key: string, value: Uint8Array): Row {
  const row = parseRecord(key, decodeValue(key, value));
  if (rowKey(row) !== key) throw new CorruptStateError(`${key}: holds the record of ${rowKey(row)}`);
  const canonical = encodeRow(row);
  if (canonical.length !== value.length || canonical.some((byte, i) => byte !== value[i])) {
    throw new CorruptStateError(`${key}: value is not in canonical form`);
  }
  return row;
}
