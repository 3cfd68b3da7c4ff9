/**
 * The byte format of a schedule snapshot (Raft snapshots carry it as their data):
 *
 *   rosterd-schedule-snapshot/4 \n <SHA-256 hex of body> \n <body>
 *
 * where body is canonical UTF-8 JSON
 *   {"people":[...],"blocks":[...],"assignments":[...],"pools":[...],"locks":[...],
 *    "requests":[...],"coverage":[...],"versions":[...],"clockMs":N}
 * people and blocks sorted by id, assignments by (block, person), pools (tables set by
 * setPools, {facility, pools}) by facility, locks by (block, facility), requests
 * (idempotency records, stored form) by index, coverage (emergency writes with their
 * status, coverage.ts) by write id, versions ({block, version}: the log index of the
 * last change to the block's final schedule, what a commitment signs) by block. The
 * checksum catches corruption that would still parse (a flipped bit inside a name).
 *
 * Older layouts are still read: version 3 (no versions) as a state whose blocks are all
 * at version 0; version 2 (no coverage) as a state without emergency
 * writes; version 1 (people, blocks and assignments only) as a state with no pool
 * tables, locks or remembered requests and a log clock of 0.
 */
import { createHash } from 'node:crypto';
import {
  assignmentFromJson,
  blockFromJson,
  canonicalJson,
  compareByKey,
  compareStrings,
  lockFromJson,
  personFromJson,
  poolTableFromJson,
  requestRecordFromJson,
  storedRequestRecord,
} from './canonical.ts';
import { CorruptStateError } from './errors.ts';
import { coverageRecordFromJson } from './coverage-format.ts';
import { checkId } from './validate.ts';
import { sortSliced } from './sliced-sort.ts';
import type { CoverageRecord } from './coverage.ts';
import type { Assignment, Block, Person, PoolSpec } from './command.ts';
import type { LockRecord } from './outcome.ts';
import type { RequestRecord } from './requests.ts';

/** The first line of every snapshot; a new layout gets a new version number. */
export const SNAPSHOT_MAGIC = 'rosterd-schedule-snapshot/4';

/** The first lines of earlier layouts, still readable. */
export const SNAPSHOT_MAGIC_V3 = 'rosterd-schedule-snapshot/3';
export const SNAPSHOT_MAGIC_V2 = 'rosterd-schedule-snapshot/2';
export const SNAPSHOT_MAGIC_V1 = 'rosterd-schedule-snapshot/1';

/** A facility's pool table as set by setPools. */
export interface PoolTableEntry {
  readonly facility: string;
  readonly pools: readonly PoolSpec[];
}

/** A block's version: the log index of the last change to its final schedule. */
export interface BlockVersion {
  readonly block: string;
  readonly version: number;
}

/** The records a snapshot holds. */
export interface SnapshotContent {
  readonly people: readonly Person[];
  readonly blocks: readonly Block[];
  readonly assignments: readonly Assignment[];
  readonly pools: readonly PoolTableEntry[];
  readonly locks: readonly LockRecord[];
  readonly requests: readonly RequestRecord[];
  readonly coverage: readonly CoverageRecord[];
  readonly versions: readonly BlockVersion[];
  readonly clockMs: number;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The magic line and the body's checksum line, which the body follows. */
function header(magic: string, bodySha256Hex: string): Uint8Array {
  return utf8Encoder.encode(`${magic}\n${bodySha256Hex}\n`);
}

function frame(magic: string, body: Uint8Array): Uint8Array {
  return concat([header(magic, sha256Hex(body)), body]);
}

/**
 * Encodes records (in canonical form, see canonical.ts) as snapshot bytes. Sorts copies
 * of the lists itself, so the caller's iteration order never reaches the bytes.
 */
export function encodeSnapshot(content: SnapshotContent, version: 2 | 3 | 4 = 4): Uint8Array {
  const pieces = encodeSnapshotSlices(content, version);
  for (;;) {
    const step = pieces.next();
    if (step.done) return concat(step.value);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of parts) {
    bytes.set(b, offset);
    offset += b.length;
  }
  return bytes;
}

/**
 * Records serialized (and sort steps taken) per slice of encodeSnapshotSlices. A slice
 * delays every loop turn that waits behind it, and a write waits behind several turns:
 * with 2,000 records (10-15 ms a slice on a loaded 2-core machine) the slowest write
 * across a snapshot at 16 clients was 175-229 ms, with 250 it was 92-115 ms (four runs
 * each, alternating; bench/README.md, "Across snapshots"). More slices cost a
 * setImmediate each.
 */
const RECORDS_PER_SLICE = 250;

/**
 * encodeSnapshot's bytes, made a slice of records per next() (the generator yields
 * between slices), so a large image need not hold the caller's event loop: the caller
 * decides when to take the next slice. It returns the bytes in parts, in order, for the
 * caller to join: copying tens of megabytes into one array is itself worth slicing (the
 * caller's image holds more around them anyway). The records are immutable, so
 * `content` may be captured from a machine that goes on applying.
 *
 * The canonical JSON body is written list by list, a slice at a time (JSON.stringify of
 * a slice without its brackets is exactly that slice of the whole list's JSON), hashed
 * as it goes.
 */
export function* encodeSnapshotSlices(content: SnapshotContent, version: 2 | 3 | 4 = 4): Generator<void, Uint8Array[]> {
  // Each list is sorted when its turn comes, a slice at a time (sortSliced): sorting all
  // of them up front held the loop for the whole first slice.
  type List = [name: string, items: readonly unknown[], compare: (a: never, b: never) => number, form: (x: never) => unknown];
  const lists: List[] = [
    ['people', content.people, (a: Person, b: Person) => compareStrings(a.id, b.id), (x) => x],
    ['blocks', content.blocks, (a: Block, b: Block) => compareStrings(a.id, b.id), (x) => x],
    ['assignments', content.assignments, compareByKey, (x) => x],
    ['pools', content.pools, (a: PoolTableEntry, b: PoolTableEntry) => compareStrings(a.facility, b.facility), (p: PoolTableEntry) => ({ facility: p.facility, pools: p.pools })],
    ['locks', content.locks, (a: LockRecord, b: LockRecord) => compareStrings(a.block, b.block) || compareStrings(a.facility, b.facility), (x) => x],
    ['requests', content.requests, (a: RequestRecord, b: RequestRecord) => a.index - b.index, storedRequestRecord],
  ];
  // Versions 2 and 3 are written only to check old bytes are canonical: 2 had no
  // emergency coverage, 3 no block versions.
  if (version >= 3) lists.push(['coverage', content.coverage, (a: CoverageRecord, b: CoverageRecord) => compareStrings(a.write.id, b.write.id), (x) => x]);
  if (version >= 4) lists.push(['versions', content.versions, (a: BlockVersion, b: BlockVersion) => compareStrings(a.block, b.block), (v: BlockVersion) => ({ block: v.block, version: v.version })]);
  const hash = createHash('sha256');
  const body: Uint8Array[] = [];
  const emit = (text: string): void => {
    const bytes = utf8Encoder.encode(text);
    hash.update(bytes);
    body.push(bytes);
  };
  emit('{');
  for (const [i, [name, unsorted, compare, form]] of lists.entries()) {
    const items = yield* sortSliced(unsorted as unknown[], compare as (a: unknown, b: unknown) => number, RECORDS_PER_SLICE);
    emit(`${i > 0 ? ',' : ''}${JSON.stringify(name)}:[`);
    for (let at = 0; at < items.length; at += RECORDS_PER_SLICE) {
      const json = JSON.stringify(items.slice(at, at + RECORDS_PER_SLICE).map(form as (x: unknown) => unknown));
      emit((at > 0 ? ',' : '') + json.slice(1, -1));
      yield;
    }
    emit(']');
  }
  emit(`,"clockMs":${JSON.stringify(content.clockMs)}}`);
  const magic = version === 4 ? SNAPSHOT_MAGIC : version === 3 ? SNAPSHOT_MAGIC_V3 : SNAPSHOT_MAGIC_V2;
  return [header(magic, hash.digest('hex')), ...body];
}

/** The version 1 bytes of people, blocks and assignments (for reading old snapshots back exactly). */
export function encodeSnapshotV1(content: Pick<SnapshotContent, 'people' | 'blocks' | 'assignments'>): Uint8Array {
  const body = canonicalJson({
    people: [...content.people].sort((a, b) => compareStrings(a.id, b.id)),
    blocks: [...content.blocks].sort((a, b) => compareStrings(a.id, b.id)),
    assignments: [...content.assignments].sort(compareByKey),
  });
  return frame(SNAPSHOT_MAGIC_V1, body);
}

function list(body: Record<string, unknown>, name: string): unknown[] {
  const value = body[name];
  if (!Array.isArray(value)) throw new CorruptStateError(`schedule snapshot: ${name} is not a list`);
  return value;
}

function poolEntryFromJson(value: unknown, where: string): PoolTableEntry {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CorruptStateError(`${where}: expected an object`);
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 2 || keys[0] !== 'facility' || keys[1] !== 'pools') {
    throw new CorruptStateError(`${where}: expected fields facility,pools in that order`);
  }
  if (checkId('facility', o.facility) !== undefined) throw new CorruptStateError(`${where}: facility is not an id`);
  return Object.freeze({ facility: o.facility as string, pools: poolTableFromJson(o.pools, `${where}.pools`) });
}

function blockVersionFromJson(value: unknown, where: string): BlockVersion {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CorruptStateError(`${where}: expected an object`);
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 2 || keys[0] !== 'block' || keys[1] !== 'version') throw new CorruptStateError(`${where}: expected fields block,version in that order`);
  if (checkId('block', o.block) !== undefined) throw new CorruptStateError(`${where}: block is not an id`);
  if (typeof o.version !== 'number' || !Number.isSafeInteger(o.version) || o.version < 0) throw new CorruptStateError(`${where}: version must be an integer >= 0`);
  return Object.freeze({ block: o.block as string, version: o.version });
}

/**
 * How restore's corruption messages name an entry by its identity, as a path (e.g.
 * `schedule snapshot: sm/assign/b1/p1`), so a message pinpoints the bad record. Ids
 * contain no '/', so a name is unambiguous.
 */
export const entryName = {
  person: (id: string): string => `schedule snapshot: sm/person/${id}`,
  block: (id: string): string => `schedule snapshot: sm/block/${id}`,
  assignment: (block: string, person: string): string => `schedule snapshot: sm/assign/${block}/${person}`,
  pools: (facility: string): string => `schedule snapshot: sm/pools/${facility}`,
  lock: (block: string, facility: string): string =>
    facility === '' ? `schedule snapshot: sm/lock/${block}` : `schedule snapshot: sm/lock/${block}/${facility}`,
  request: (requestId: string): string => `schedule snapshot: sm/req/${requestId}`,
  coverage: (id: string): string => `schedule snapshot: sm/coverage/${id}`,
} as const;

/** Which layout the bytes were in; restore re-encodes in that layout to check canonical form. */
export type SnapshotVersion = 1 | 2 | 3 | 4;

/**
 * Decodes snapshot bytes into records. Throws CorruptStateError when the magic line,
 * the checksum, the UTF-8, the JSON or any record is wrong. Does not check order,
 * uniqueness or references: the machine does (ScheduleMachine.restore).
 */
export function decodeSnapshot(bytes: Uint8Array): SnapshotContent & { readonly version: SnapshotVersion } {
  if (!(bytes instanceof Uint8Array)) throw new CorruptStateError('schedule snapshot: expected a Uint8Array');
  let text: string;
  try {
    text = utf8Decoder.decode(bytes);
  } catch {
    throw new CorruptStateError('schedule snapshot: not valid UTF-8');
  }
  const firstBreak = text.indexOf('\n');
  const secondBreak = firstBreak < 0 ? -1 : text.indexOf('\n', firstBreak + 1);
  const magic = firstBreak < 0 ? '' : text.slice(0, firstBreak);
  const version: SnapshotVersion | undefined =
    magic === SNAPSHOT_MAGIC ? 4 : magic === SNAPSHOT_MAGIC_V3 ? 3 : magic === SNAPSHOT_MAGIC_V2 ? 2 : magic === SNAPSHOT_MAGIC_V1 ? 1 : undefined;
  if (version === undefined || secondBreak < 0) {
    throw new CorruptStateError(`schedule snapshot: does not start with ${SNAPSHOT_MAGIC}`);
  }
  const checksum = text.slice(firstBreak + 1, secondBreak);
  const bodyText = text.slice(secondBreak + 1);
  if (sha256Hex(utf8Encoder.encode(bodyText)) !== checksum) {
    throw new CorruptStateError('schedule snapshot: checksum mismatch (truncated or corrupted)');
  }
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    throw new CorruptStateError('schedule snapshot: body is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CorruptStateError('schedule snapshot: body is not an object');
  }
  const record = body as Record<string, unknown>;
  const base = {
    version,
    people: list(record, 'people').map((p, i) => personFromJson(p, `schedule snapshot: people[${i}]`)),
    blocks: list(record, 'blocks').map((b, i) => blockFromJson(b, `schedule snapshot: blocks[${i}]`)),
    assignments: list(record, 'assignments').map((a, i) => assignmentFromJson(a, `schedule snapshot: assignments[${i}]`)),
  };
  if (version === 1) return { ...base, pools: [], locks: [], requests: [], coverage: [], versions: [], clockMs: 0 };
  const clockMs = record.clockMs;
  if (typeof clockMs !== 'number' || !Number.isSafeInteger(clockMs) || clockMs < 0) {
    throw new CorruptStateError('schedule snapshot: clockMs must be an integer >= 0');
  }
  return {
    ...base,
    pools: list(record, 'pools').map((p, i) => poolEntryFromJson(p, `schedule snapshot: pools[${i}]`)),
    locks: list(record, 'locks').map((l, i) => lockFromJson(l, `schedule snapshot: locks[${i}]`)),
    requests: list(record, 'requests').map((r, i) => requestRecordFromJson(r, `schedule snapshot: requests[${i}]`)),
    coverage: version >= 3 ? list(record, 'coverage').map((r, i) => coverageRecordFromJson(r, `schedule snapshot: coverage[${i}]`)) : [],
    versions: version >= 4 ? list(record, 'versions').map((v, i) => blockVersionFromJson(v, `schedule snapshot: versions[${i}]`)) : [],
    clockMs,
  };
}
