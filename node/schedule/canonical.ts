/**
 * Canonical forms of schedule records: fixed field order, fixed sort orders, UTF-8 JSON.
 * Snapshots, request records and block digests are all built from these, so equal
 * state yields equal bytes on every node.
 *
 * Ordering compares UTF-16 code units (`<`), never localeCompare: locale rules vary by
 * host.
 */
import { CorruptStateError } from './errors.ts';
import { canonicalCoverageStatus, coverageStatusFromJson } from './coverage-format.ts';
import {
  checkId,
  checkOptionalId,
  validateAssignment,
  validateBlock,
  validatePerson,
  validatePoolSpec,
  validatePoolTable,
} from './validate.ts';
import type { Assignment, Block, Person, PoolSpec } from './command.ts';
import type { ApplyErrorCode, ApplyResult, Change, LockRecord } from './outcome.ts';
import type { RequestRecord } from './requests.ts';

const utf8 = new TextEncoder();

/** Locale-independent string order (UTF-16 code units). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order of assignments within a schedule: facility, then pool, then person. */
export function compareBySchedule(a: Assignment, b: Assignment): number {
  return compareStrings(a.facility, b.facility) || compareStrings(a.pool, b.pool) || compareStrings(a.person, b.person);
}

/** Order of assignments by identity: block, then person (the snapshot's order). */
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

/** The object `value`, which must have exactly `keys`, in that order; throws CorruptStateError prefixed by `where`. */
export function exactKeys(value: unknown, keys: readonly string[], where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorruptStateError(`${where}: expected an object`);
  }
  const actual = Object.keys(value);
  if (actual.length !== keys.length || actual.some((key, i) => key !== keys[i])) {
    throw new CorruptStateError(`${where}: expected fields ${keys.join(',')} in that order (got ${actual.join(',')})`);
  }
  return value as Record<string, unknown>;
}

/** `value`, unless `invalid` says why it is not valid (then CorruptStateError prefixed by `where`). */
export function checked<T>(invalid: string | undefined, value: T, where: string): T {
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

// ---------------------------------------------------------------- pools, locks, requests

/** A fresh frozen PoolSpec with exactly its five fields, in canonical order. */
export function canonicalPoolSpec(p: PoolSpec): PoolSpec {
  return Object.freeze({ name: p.name, capacity: p.capacity, reserved: p.reserved, borrowLimit: p.borrowLimit, flex: p.flex });
}

/** A fresh frozen pool table (order kept: it is the order the table was given in). */
export function canonicalPoolTable(pools: readonly PoolSpec[]): readonly PoolSpec[] {
  return Object.freeze(pools.map(canonicalPoolSpec));
}

/** A fresh frozen LockRecord with exactly its six fields, in canonical order. */
export function canonicalLock(l: LockRecord): LockRecord {
  return Object.freeze({
    block: l.block,
    facility: l.facility,
    holder: l.holder,
    token: l.token,
    grantedAtMs: l.grantedAtMs,
    expiresAtMs: l.expiresAtMs,
  });
}

/** A fresh frozen Change in canonical form. */
export function canonicalChange(c: Change): Change {
  switch (c.kind) {
    case 'assigned':
    case 'unassigned':
      return Object.freeze({ kind: c.kind, assignment: canonicalAssignment(c.assignment) });
    case 'blockAdded':
      return Object.freeze({ kind: c.kind, block: canonicalBlock(c.block) });
    case 'poolsSet':
      return Object.freeze({ kind: c.kind, facility: c.facility, pools: canonicalPoolTable(c.pools) });
    case 'lockAcquired':
    case 'lockRenewed':
    case 'lockReleased':
      return Object.freeze({ kind: c.kind, lock: canonicalLock(c.lock) });
    case 'coverage':
      return Object.freeze({ kind: c.kind, id: c.id, block: c.block, to: canonicalCoverageStatus(c.to) });
  }
}

/**
 * The canonical in-memory form of a first outcome, as request records keep it: an
 * accepted result has `changes` only when there are some and `lock` only when set;
 * `appliedAt` and `duplicate` are never part of it (they are added per answer).
 */
export function canonicalResult(r: ApplyResult): ApplyResult {
  if (!r.ok) return Object.freeze({ ok: false as const, code: r.code, message: r.message });
  return Object.freeze({
    ok: true as const,
    detail: r.detail,
    ...(r.changes !== undefined && r.changes.length > 0 ? { changes: Object.freeze(r.changes.map(canonicalChange)) } : {}),
    ...(r.lock !== undefined ? { lock: canonicalLock(r.lock) } : {}),
  });
}

/** The stored (JSON) form of a canonical result: fixed keys, `changes` always a list, `lock` null when unset. */
export function storedResult(r: ApplyResult): Record<string, unknown> {
  if (!r.ok) return { ok: false, code: r.code, message: r.message };
  return { ok: true, detail: r.detail, changes: r.changes ?? [], lock: r.lock ?? null };
}

/** The stored form of a request record. */
export function storedRequestRecord(r: RequestRecord): Record<string, unknown> {
  return { requestId: r.requestId, index: r.index, timeMs: r.timeMs, fingerprint: r.fingerprint, result: storedResult(r.result) };
}

/** The integer field `name` of `o`, at least `min`; throws CorruptStateError prefixed by `where`. */
export function integerField(o: Record<string, unknown>, name: string, min: number, where: string): number {
  const value = o[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new CorruptStateError(`${where}: ${name} must be an integer >= ${min}`);
  }
  return value;
}

/** The string field `name` of `o`, at most `maxLength` long; throws CorruptStateError prefixed by `where`. */
export function stringField(o: Record<string, unknown>, name: string, where: string, maxLength = 4096): string {
  const value = o[name];
  if (typeof value !== 'string' || value.length > maxLength) throw new CorruptStateError(`${where}: ${name} must be a string`);
  return value;
}

/** Parses a canonical PoolSpec; throws CorruptStateError prefixed by `where`. */
export function poolSpecFromJson(value: unknown, where: string): PoolSpec {
  const o = exactKeys(value, ['name', 'capacity', 'reserved', 'borrowLimit', 'flex'], where);
  return canonicalPoolSpec(checked(validatePoolSpec(o), o as unknown as PoolSpec, where));
}

/** Parses a canonical pool table (a valid one, see validatePoolTable). */
export function poolTableFromJson(value: unknown, where: string): readonly PoolSpec[] {
  if (!Array.isArray(value)) throw new CorruptStateError(`${where}: pools must be a list`);
  const pools = value.map((p, i) => poolSpecFromJson(p, `${where}[${i}]`));
  return Object.freeze(checked(validatePoolTable(pools), pools, where));
}

/** Parses a canonical LockRecord. */
export function lockFromJson(value: unknown, where: string): LockRecord {
  const o = exactKeys(value, ['block', 'facility', 'holder', 'token', 'grantedAtMs', 'expiresAtMs'], where);
  checked(checkId('block', o.block) ?? checkOptionalId('facility', o.facility) ?? checkId('holder', o.holder), o, where);
  integerField(o, 'token', 1, where);
  const granted = integerField(o, 'grantedAtMs', 0, where);
  const expires = integerField(o, 'expiresAtMs', 0, where);
  if (expires < granted) throw new CorruptStateError(`${where}: expiresAtMs is before grantedAtMs`);
  return canonicalLock(o as unknown as LockRecord);
}

function changeFromJson(value: unknown, where: string): Change {
  const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).kind : undefined;
  switch (kind) {
    case 'assigned':
    case 'unassigned': {
      const o = exactKeys(value, ['kind', 'assignment'], where);
      return Object.freeze({ kind, assignment: assignmentFromJson(o.assignment, `${where}.assignment`) });
    }
    case 'blockAdded': {
      const o = exactKeys(value, ['kind', 'block'], where);
      return Object.freeze({ kind, block: blockFromJson(o.block, `${where}.block`) });
    }
    case 'poolsSet': {
      const o = exactKeys(value, ['kind', 'facility', 'pools'], where);
      checked(checkId('facility', o.facility), o, where);
      return Object.freeze({ kind, facility: o.facility as string, pools: poolTableFromJson(o.pools, `${where}.pools`) });
    }
    case 'lockAcquired':
    case 'lockRenewed':
    case 'lockReleased': {
      const o = exactKeys(value, ['kind', 'lock'], where);
      return Object.freeze({ kind, lock: lockFromJson(o.lock, `${where}.lock`) });
    }
    case 'coverage': {
      const o = exactKeys(value, ['kind', 'id', 'block', 'to'], where);
      checked(checkId('id', o.id) ?? checkId('block', o.block), o, where);
      return Object.freeze({ kind, id: o.id as string, block: o.block as string, to: coverageStatusFromJson(o.to, `${where}.to`) });
    }
    default:
      throw new CorruptStateError(`${where}: unknown change kind`);
  }
}

const APPLY_ERROR_CODES: readonly string[] = ['invalidArgument', 'notFound', 'alreadyExists', 'conflict'];

function resultFromJson(value: unknown, where: string): ApplyResult {
  const ok = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).ok : undefined;
  if (ok === false) {
    const o = exactKeys(value, ['ok', 'code', 'message'], where);
    if (!APPLY_ERROR_CODES.includes(o.code as string)) throw new CorruptStateError(`${where}: unknown code`);
    return canonicalResult({ ok: false, code: o.code as ApplyErrorCode, message: stringField(o, 'message', where) });
  }
  const o = exactKeys(value, ['ok', 'detail', 'changes', 'lock'], where);
  if (o.ok !== true) throw new CorruptStateError(`${where}: ok must be a boolean`);
  if (!Array.isArray(o.changes)) throw new CorruptStateError(`${where}: changes must be a list`);
  const changes = o.changes.map((c, i) => changeFromJson(c, `${where}.changes[${i}]`));
  const lock = o.lock === null ? undefined : lockFromJson(o.lock, `${where}.lock`);
  return canonicalResult({ ok: true, detail: stringField(o, 'detail', where), changes, ...(lock ? { lock } : {}) });
}

/** Parses a stored request record. */
export function requestRecordFromJson(value: unknown, where: string): RequestRecord {
  const o = exactKeys(value, ['requestId', 'index', 'timeMs', 'fingerprint', 'result'], where);
  checked(checkId('requestId', o.requestId), o, where);
  const fingerprint = stringField(o, 'fingerprint', where);
  if (!/^[0-9a-f]{32}$/.test(fingerprint)) throw new CorruptStateError(`${where}: fingerprint must be 32 hex digits`);
  return Object.freeze({
    requestId: o.requestId as string,
    index: integerField(o, 'index', 1, where),
    timeMs: integerField(o, 'timeMs', 0, where),
    fingerprint,
    result: resultFromJson(o.result, `${where}.result`),
  });
}
