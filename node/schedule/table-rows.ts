/**
 * The state machine's LevelDB tables: one row per person, block and assignment, under
 * the `sm/` prefix. Keys are stable (the driver writes them in the same batch as the
 * applied index); values are canonical UTF-8 JSON (canonical.ts).
 *
 *   sm/person/<person id>              -> Person
 *   sm/block/<block id>                -> Block
 *   sm/assign/<block id>/<person id>   -> Assignment
 *
 * Ids cannot contain '/' (ID_PATTERN), so a key names exactly one record.
 */
import {
  assignmentFromJson,
  blockFromJson,
  canonicalJson,
  personFromJson,
} from './canonical.ts';
import { CorruptStateError } from './errors.ts';
import type { Assignment, Block, Person } from './command.ts';

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

/** The canonical value bytes of a record's row. */
export function encodeRowValue(record: Person | Block | Assignment): Uint8Array {
  return canonicalJson(record);
}

/** A decoded table row. */
export type Row =
  | { readonly kind: 'person'; readonly person: Person }
  | { readonly kind: 'block'; readonly block: Block }
  | { readonly kind: 'assignment'; readonly assignment: Assignment };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeValue(key: string, value: Uint8Array): unknown {
  if (!(value instanceof Uint8Array)) throw new CorruptStateError(`${key}: value is not bytes`);
  try {
    return JSON.parse(utf8.decode(value));
  } catch {
    throw new CorruptStateError(`${key}: value is not UTF-8 JSON`);
  }
}

function parseRecord(key: string, json: unknown): Row {
  const rest = key.startsWith(TABLE_PREFIX) ? key.slice(TABLE_PREFIX.length) : undefined;
  const parts = rest?.split('/') ?? [];
  if (parts[0] === 'person' && parts.length === 2) {
    const person = personFromJson(json, key);
    if (personKey(person.id) !== key) throw new CorruptStateError(`${key}: holds person ${person.id}`);
    return { kind: 'person', person };
  }
  if (parts[0] === 'block' && parts.length === 2) {
    const block = blockFromJson(json, key);
    if (blockKey(block.id) !== key) throw new CorruptStateError(`${key}: holds block ${block.id}`);
    return { kind: 'block', block };
  }
  if (parts[0] === 'assign' && parts.length === 3) {
    const assignment = assignmentFromJson(json, key);
    if (assignmentKey(assignment.block, assignment.person) !== key) {
      throw new CorruptStateError(`${key}: holds the assignment of ${assignment.person} in block ${assignment.block}`);
    }
    return { kind: 'assignment', assignment };
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
  const record = row.kind === 'person' ? row.person : row.kind === 'block' ? row.block : row.assignment;
  const canonical = encodeRowValue(record);
  if (canonical.length !== value.length || canonical.some((byte, i) => byte !== value[i])) {
    throw new CorruptStateError(`${key}: value is not in canonical form`);
  }
  return row;
}
