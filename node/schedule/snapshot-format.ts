/**
 * The byte format of a schedule snapshot (Raft snapshots carry it as their data):
 *
 *   rosterd-schedule-snapshot/1 \n <SHA-256 hex of body> \n <body>
 *
 * where body is canonical UTF-8 JSON {"people":[...],"blocks":[...],"assignments":[...]},
 * people and blocks sorted by id, assignments by (block, person). The checksum catches
 * corruption that would still parse (a flipped bit inside a name).
 */
import { createHash } from 'node:crypto';
import {
  assignmentFromJson,
  blockFromJson,
  canonicalJson,
  compareByKey,
  compareStrings,
  personFromJson,
} from './canonical.ts';
import { CorruptStateError } from './errors.ts';
import type { Assignment, Block, Person } from './command.ts';

/** The first line of every snapshot; a new layout gets a new version number. */
export const SNAPSHOT_MAGIC = 'rosterd-schedule-snapshot/1';

/** The records a snapshot holds. */
export interface SnapshotContent {
  readonly people: readonly Person[];
  readonly blocks: readonly Block[];
  readonly assignments: readonly Assignment[];
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Encodes records (in canonical form, see canonical.ts) as snapshot bytes. Sorts copies
 * of the lists itself, so the caller's iteration order never reaches the bytes.
 */
export function encodeSnapshot(content: SnapshotContent): Uint8Array {
  const body = canonicalJson({
    people: [...content.people].sort((a, b) => compareStrings(a.id, b.id)),
    blocks: [...content.blocks].sort((a, b) => compareStrings(a.id, b.id)),
    assignments: [...content.assignments].sort(compareByKey),
  });
  const header = utf8Encoder.encode(`${SNAPSHOT_MAGIC}\n${sha256Hex(body)}\n`);
  const bytes = new Uint8Array(header.length + body.length);
  bytes.set(header, 0);
  bytes.set(body, header.length);
  return bytes;
}

function list(body: Record<string, unknown>, name: string): unknown[] {
  const value = body[name];
  if (!Array.isArray(value)) throw new CorruptStateError(`schedule snapshot: ${name} is not a list`);
  return value;
}

/**
 * Decodes snapshot bytes into records. Throws CorruptStateError when the magic line,
 * the checksum, the UTF-8, the JSON or any record is wrong. Does not check order,
 * uniqueness or references: the machine does (ScheduleMachine.restore).
 */
export function decodeSnapshot(bytes: Uint8Array): SnapshotContent {
  if (!(bytes instanceof Uint8Array)) throw new CorruptStateError('schedule snapshot: expected a Uint8Array');
  let text: string;
  try {
    text = utf8Decoder.decode(bytes);
  } catch {
    throw new CorruptStateError('schedule snapshot: not valid UTF-8');
  }
  const firstBreak = text.indexOf('\n');
  const secondBreak = firstBreak < 0 ? -1 : text.indexOf('\n', firstBreak + 1);
  if (firstBreak < 0 || text.slice(0, firstBreak) !== SNAPSHOT_MAGIC || secondBreak < 0) {
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
  return {
    people: list(record, 'people').map((p, i) => personFromJson(p, `schedule snapshot: people[${i}]`)),
    blocks: list(record, 'blocks').map((b, i) => blockFromJson(b, `schedule snapshot: blocks[${i}]`)),
    assignments: list(record, 'assignments').map((a, i) =>
      assignmentFromJson(a, `schedule snapshot: assignments[${i}]`),
    ),
  };
}
