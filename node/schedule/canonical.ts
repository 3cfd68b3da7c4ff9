/**
 * Canonical forms of schedule records: fixed field order, fixed sort orders, UTF-8 JSON.
 * Snapshots, table rows and block digests are all built from these, so equal state
 * yields equal bytes on every node.
 *
 * Ordering compares UTF-16 code units (`<`), never localeCompare: locale rules vary by
 * host. Ids are ASCII, so this is also the byte order LevelDB sorts keys in.
 */
import { CorruptStateError } from './errors.ts';
import { validateAssignment, validateBlock, validatePerson } from './validate.ts';
import type { Assignment, Block, Person } from './command.ts';

const utf8 = new TextEncoder();

/** Locale-independent string order (UTF-16 code units). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of assignments within a schedule: facility, then pool, then person. */
export function compareBySchedule(a: Assignment, b: Assignment): number {
  return compareStrings(a.facility, b.facility) || compareStrings(a.pool, b.pool) || compareStrings(a.person, b.person);
}

/** Order of assignments by identity: block, then person (the table-key order). */
export function compareByKey(a: Assignment, b: Assignment): number {
  return compareStrings(a.block, b.block) || compareStrings(a.person, b.person);
}

/** A fresh frozen Person with exactly its four fields, in canonical order. */
export function canonicalPerson(p: Person): Person {
  return Object.freeze({ id: p.id, name: p.name, role: p.role, homeFacility: p.homeFacility });
}

/** A fresh frozen Block with exactly its three fields, in canonical order. */
export function canonicalBlock(b: Block): Block {
  return Object.freeze({ id: b.id, start: b.start, end: b.end });
}

/** A fresh frozen Assignment with exactly its four fields, in canonical order. */
export function canonicalAssignment(a: Assignment): Assignment {
  return Object.freeze({ person: a.person, facility: a.facility, pool: a.pool, block: a.block });
}

/** UTF-8 JSON of a value whose objects were built by the canonical* functions above. */
export function canonicalJson(value: unknown): Uint8Array {
  return utf8.encode(JSON.stringify(value));
}

/** True when two records are field-for-field equal (both in canonical form or not). */
export function samePerson(a: Person, b: Person): boolean {
  return a.id === b.id && a.name === b.name && a.role === b.role && a.homeFacility === b.homeFacility;
}

/** True when two blocks have the same id and dates. */
export function sameBlock(a: Block, b: Block): boolean {
  return a.id === b.id && a.start === b.start && a.end === b.end;
}

/** True when two assignments name the same person, facility, pool and block. */
export function sameAssignment(a: Assignment, b: Assignment): boolean {
  return a.person === b.person && a.facility === b.facility && a.pool === b.pool && a.block === b.block;
}

function exactKeys(value: unknown, keys: readonly string[], where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorruptStateError(`${where}: expected an object`);
  }
  const actual = Object.keys(value);
  if (actual.length !== keys.length || actual.some((key, i) => key !== keys[i])) {
    throw new CorruptStateError(`${where}: expected fields ${keys.join(',')} in that order (got ${actual.join(',')})`);
  }
  return value as Record<string, unknown>;
}

function checked<T>(invalid: string | undefined, value: T, where: string): T {
  if (invalid !== undefined) throw new CorruptStateError(`${where}: ${invalid}`);
  return value;
}

/** Parses a canonical Person from decoded JSON; throws CorruptStateError prefixed by `where`. */
export function personFromJson(value: unknown, where: string): Person {
  const o = exactKeys(value, ['id', 'name', 'role', 'homeFacility'], where);
  return canonicalPerson(checked(validatePerson(o), o as unknown as Person, where));
}

/** Parses a canonical Block from decoded JSON; throws CorruptStateError prefixed by `where`. */
export function blockFromJson(value: unknown, where: string): Block {
  const o = exactKeys(value, ['id', 'start', 'end'], where);
  return canonicalBlock(checked(validateBlock(o), o as unknown as Block, where));
}

/** Parses a canonical Assignment from decoded JSON; throws CorruptStateError prefixed by `where`. */
export function assignmentFromJson(value: unknown, where: string): Assignment {
  const o = exactKeys(value, ['person', 'facility', 'pool', 'block'], where);
  return canonicalAssignment(checked(validateAssignment(o), o as unknown as Assignment, where));
}
