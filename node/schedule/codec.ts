/**
 * The log's payload format: Command <-> `rosterd.v1.Command` protobuf bytes
 * (proto/roster.proto). The schema is loaded once, synchronously, when this module is
 * first imported; that read is the only I/O in node/schedule and happens before any
 * command is applied.
 */
import protobuf from 'protobufjs';
import { CommandDecodeError } from './errors.ts';
import type { Assignment, AssignmentRef, Command, CoverageWrite, Op, PersonRole, PoolSpec } from './command.ts';

const PROTO_URL = new URL('../../proto/roster.proto', import.meta.url);
// loadSync wants a path; decoding the URL path keeps node:url out of this folder.
const root = protobuf.loadSync(decodeURIComponent(PROTO_URL.pathname));
root.resolveAll();
const CommandType = root.lookupType('rosterd.v1.Command');

/** PersonRole <-> enum rosterd.v1.PersonRole. */
const ROLE_TO_WIRE: Readonly<Record<PersonRole, number>> = { resident: 0, faculty: 1 };
const WIRE_TO_ROLE: ReadonlyMap<number, PersonRole> = new Map([
  [0, 'resident'],
  [1, 'faculty'],
]);

function refToWire(ref: AssignmentRef): Record<string, unknown> {
  return { person: ref.person, block: ref.block };
}

function assignmentToWire(a: Assignment): Record<string, unknown> {
  return { person: a.person, facility: a.facility, pool: a.pool, block: a.block };
}

function writeToWire(w: CoverageWrite): Record<string, unknown> {
  return {
    id: w.id,
    facility: w.facility,
    stamp: { wallMs: w.stamp.wallMs, logical: w.stamp.logical },
    reason: w.reason,
    ...(w.op.kind === 'cover' ? { cover: assignmentToWire(w.op.assignment) } : { uncover: refToWire(w.op) }),
  };
}

const DECISION_TO_WIRE = { accept: 1, dismiss: 2 } as const;

function opToWire(op: Op): Record<string, unknown> {
  switch (op.kind) {
    case 'addPerson': {
      const { id, name, role, homeFacility } = op.person;
      const wireRole = ROLE_TO_WIRE[role];
      if (wireRole === undefined) throw new TypeError(`encodeCommand: unknown person role ${String(role)}`);
      return { addPerson: { id, name, role: wireRole, homeFacility } };
    }
    case 'addBlock': {
      const { id, start, end } = op.block;
      return { addBlock: { id, start, end } };
    }
    case 'assign':
      return { assign: assignmentToWire(op.assignment) };
    case 'unassign':
      return { unassign: { person: op.person, block: op.block } };
    case 'setPools':
      return {
        setPools: {
          facility: op.facility,
          pools: op.pools.map((p) => ({ name: p.name, capacity: p.capacity, reserved: p.reserved, borrowLimit: p.borrowLimit, flex: p.flex })),
        },
      };
    case 'acquireLock':
      return { acquireLock: { block: op.block, facility: op.facility, holder: op.holder, ttlMs: op.ttlMs } };
    case 'renewLock':
      return { renewLock: { block: op.block, facility: op.facility, token: op.token, ttlMs: op.ttlMs } };
    case 'releaseLock':
      return { releaseLock: { block: op.block, facility: op.facility, token: op.token } };
    case 'exchange':
      return { exchange: { first: refToWire(op.first), second: refToWire(op.second) } };
    case 'move':
      return {
        move: { person: op.person, block: op.block, toPerson: op.toPerson, toFacility: op.toFacility, toPool: op.toPool },
      };
    case 'coverage':
      return { coverage: writeToWire(op.write) };
    case 'reconcile':
      return { reconcile: { facility: op.facility, writes: op.writes.map(writeToWire) } };
    case 'resolveConflict':
      return { resolveConflict: { id: op.id, decision: DECISION_TO_WIRE[op.decision] } };
    default: {
      const never: never = op;
      throw new TypeError(`encodeCommand: unknown op kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
}

/** The uint64 numbers of an op, which must round-trip exactly. */
function wideNumbers(op: Op): number[] {
  switch (op.kind) {
    case 'acquireLock':
      return [op.ttlMs];
    case 'renewLock':
      return [op.token, op.ttlMs];
    case 'releaseLock':
      return [op.token];
    case 'coverage':
      return [op.write.stamp.wallMs];
    case 'reconcile':
      return op.writes.map((w) => w.stamp.wallMs);
    default:
      return [];
  }
}

/**
 * Encodes a command as `rosterd.v1.Command` bytes. Deterministic: the same command
 * always yields the same bytes. Does not validate the command (call validateCommand
 * first); throws RangeError if timestampMs is not an integer in 0..2^53-1, since such a
 * value would not decode to the same number, and TypeError on an unknown op or role.
 * Returns a plain Uint8Array that the caller owns.
 */
export function encodeCommand(cmd: Command): Uint8Array {
  if (!Number.isSafeInteger(cmd.timestampMs) || cmd.timestampMs < 0) {
    throw new RangeError(`encodeCommand: timestampMs must be an integer in 0..2^53-1 (got ${cmd.timestampMs})`);
  }
  for (const n of [...(cmd.lockTokens ?? []), ...wideNumbers(cmd.op)]) {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`encodeCommand: ${n} is not an integer in 0..2^53-1`);
  }
  const message = {
    requestId: cmd.requestId,
    issuer: cmd.issuer,
    timestampMs: cmd.timestampMs,
    ...(cmd.lockTokens && cmd.lockTokens.length > 0 ? { lockTokens: [...cmd.lockTokens] } : {}),
    ...opToWire(cmd.op),
  };
  // protobufjs hands back a pooled Node Buffer; copy into a plain Uint8Array of our own.
  return new Uint8Array(CommandType.encode(message).finish());
}

function field(object: Record<string, unknown>, name: string): string {
  const value = object[name];
  if (typeof value !== 'string') throw new CommandDecodeError(`decodeCommand: field ${name} is not a string`);
  return value;
}

/** A uint64 field decoded with longs as strings; refused beyond 2^53-1 rather than rounded. */
function wide(object: Record<string, unknown>, name: string): number {
  const value = object[name];
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new CommandDecodeError(`decodeCommand: field ${name} is not a uint64`);
  const n = BigInt(text);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new CommandDecodeError(`decodeCommand: ${name} ${n} exceeds 2^53-1`);
  return Number(n);
}

/** A uint32 or bool field, as decoded. */
function scalar<T extends 'number' | 'boolean'>(object: Record<string, unknown>, name: string, type: T): T extends 'number' ? number : boolean {
  const value = object[name];
  if (typeof value !== type) throw new CommandDecodeError(`decodeCommand: field ${name} is not a ${type}`);
  return value as T extends 'number' ? number : boolean;
}

function refFromWire(object: Record<string, unknown>, name: string): AssignmentRef {
  const ref = object[name];
  if (ref === null || ref === undefined) return { person: '', block: '' };
  if (typeof ref !== 'object') throw new CommandDecodeError(`decodeCommand: field ${name} is not a message`);
  const r = ref as Record<string, unknown>;
  return { person: field(r, 'person'), block: field(r, 'block') };
}

function poolFromWire(object: unknown): PoolSpec {
  if (typeof object !== 'object' || object === null) throw new CommandDecodeError('decodeCommand: a pool is not a message');
  const p = object as Record<string, unknown>;
  return {
    name: field(p, 'name'),
    capacity: scalar(p, 'capacity', 'number'),
    reserved: scalar(p, 'reserved', 'number'),
    borrowLimit: scalar(p, 'borrowLimit', 'number'),
    flex: scalar(p, 'flex', 'boolean'),
  };
}

function assignmentFromWire(a: Record<string, unknown>): Assignment {
  return { person: field(a, 'person'), facility: field(a, 'facility'), pool: field(a, 'pool'), block: field(a, 'block') };
}

function writeFromWire(object: unknown): CoverageWrite {
  if (typeof object !== 'object' || object === null) throw new CommandDecodeError('decodeCommand: an emergency write is not a message');
  const w = object as Record<string, unknown>;
  const stamp = w.stamp === null || w.stamp === undefined ? { wallMs: '0', logical: 0 } : (w.stamp as Record<string, unknown>);
  const header = {
    id: field(w, 'id'),
    facility: field(w, 'facility'),
    stamp: { wallMs: wide(stamp, 'wallMs'), logical: scalar(stamp, 'logical', 'number') },
    reason: field(w, 'reason'),
  };
  switch (w.op) {
    case 'cover':
      return { ...header, op: { kind: 'cover', assignment: assignmentFromWire(subMessage(w, 'cover')) } };
    case 'uncover': {
      const ref = subMessage(w, 'uncover');
      return { ...header, op: { kind: 'uncover', person: field(ref, 'person'), block: field(ref, 'block') } };
    }
    default:
      throw new CommandDecodeError('decodeCommand: an emergency write has no cover or uncover');
  }
}

function subMessage(object: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = object[name];
  if (typeof value !== 'object' || value === null) {
    throw new CommandDecodeError(`decodeCommand: op ${name} has no message`);
  }
  return value as Record<string, unknown>;
}

/**
 * Decodes `rosterd.v1.Command` bytes. Throws CommandDecodeError on malformed protobuf,
 * a command with no op, an unknown person role, or a timestamp beyond 2^53-1.
 * Missing string fields decode as '' (proto3 defaults); validateCommand rejects them.
 * Unknown fields are skipped, so a newer writer's additions do not break older readers.
 */
export function decodeCommand(bytes: Uint8Array): Command {
  if (!(bytes instanceof Uint8Array)) throw new CommandDecodeError('decodeCommand: expected a Uint8Array');
  let decoded: Record<string, unknown>;
  try {
    decoded = CommandType.toObject(CommandType.decode(bytes), { longs: String, defaults: true, oneofs: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CommandDecodeError(`decodeCommand: malformed rosterd.v1.Command: ${reason}`, { cause: error });
  }
  const timestamp = BigInt(field(decoded, 'timestampMs'));
  if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new CommandDecodeError(`decodeCommand: timestamp_ms ${timestamp} exceeds 2^53-1`);
  }
  const tokens = decoded.lockTokens;
  if (!Array.isArray(tokens)) throw new CommandDecodeError('decodeCommand: lock_tokens is not a list');
  const lockTokens = tokens.map((_, i) => wide(tokens as unknown as Record<string, unknown>, String(i)));
  const header = {
    requestId: field(decoded, 'requestId'),
    issuer: field(decoded, 'issuer'),
    timestampMs: Number(timestamp),
    // Absent when empty, so that a command without tokens round-trips unchanged.
    ...(lockTokens.length > 0 ? { lockTokens } : {}),
  };
  switch (decoded.op) {
    case 'addPerson': {
      const person = subMessage(decoded, 'addPerson');
      const role = WIRE_TO_ROLE.get(person.role as number);
      if (role === undefined) throw new CommandDecodeError(`decodeCommand: unknown person role ${String(person.role)}`);
      return {
        ...header,
        op: {
          kind: 'addPerson',
          person: {
            id: field(person, 'id'),
            name: field(person, 'name'),
            role,
            homeFacility: field(person, 'homeFacility'),
          },
        },
      };
    }
    case 'addBlock': {
      const block = subMessage(decoded, 'addBlock');
      return {
        ...header,
        op: { kind: 'addBlock', block: { id: field(block, 'id'), start: field(block, 'start'), end: field(block, 'end') } },
      };
    }
    case 'assign':
      return { ...header, op: { kind: 'assign', assignment: assignmentFromWire(subMessage(decoded, 'assign')) } };
    case 'unassign': {
      // The wire reuses Assignment; facility and pool are ignored by definition.
      const assignment = subMessage(decoded, 'unassign');
      return { ...header, op: { kind: 'unassign', person: field(assignment, 'person'), block: field(assignment, 'block') } };
    }
    case 'setPools': {
      const m = subMessage(decoded, 'setPools');
      const pools = m.pools;
      if (!Array.isArray(pools)) throw new CommandDecodeError('decodeCommand: setPools.pools is not a list');
      return { ...header, op: { kind: 'setPools', facility: field(m, 'facility'), pools: pools.map(poolFromWire) } };
    }
    case 'acquireLock': {
      const m = subMessage(decoded, 'acquireLock');
      return {
        ...header,
        op: { kind: 'acquireLock', block: field(m, 'block'), facility: field(m, 'facility'), holder: field(m, 'holder'), ttlMs: wide(m, 'ttlMs') },
      };
    }
    case 'renewLock': {
      const m = subMessage(decoded, 'renewLock');
      return {
        ...header,
        op: { kind: 'renewLock', block: field(m, 'block'), facility: field(m, 'facility'), token: wide(m, 'token'), ttlMs: wide(m, 'ttlMs') },
      };
    }
    case 'releaseLock': {
      const m = subMessage(decoded, 'releaseLock');
      return { ...header, op: { kind: 'releaseLock', block: field(m, 'block'), facility: field(m, 'facility'), token: wide(m, 'token') } };
    }
    case 'exchange': {
      const m = subMessage(decoded, 'exchange');
      return { ...header, op: { kind: 'exchange', first: refFromWire(m, 'first'), second: refFromWire(m, 'second') } };
    }
    case 'move': {
      const m = subMessage(decoded, 'move');
      return {
        ...header,
        op: {
          kind: 'move',
          person: field(m, 'person'),
          block: field(m, 'block'),
          toPerson: field(m, 'toPerson'),
          toFacility: field(m, 'toFacility'),
          toPool: field(m, 'toPool'),
        },
      };
    }
    case 'coverage':
      return { ...header, op: { kind: 'coverage', write: writeFromWire(decoded.coverage) } };
    case 'reconcile': {
      const m = subMessage(decoded, 'reconcile');
      if (!Array.isArray(m.writes)) throw new CommandDecodeError('decodeCommand: reconcile.writes is not a list');
      return { ...header, op: { kind: 'reconcile', facility: field(m, 'facility'), writes: m.writes.map(writeFromWire) } };
    }
    case 'resolveConflict': {
      const m = subMessage(decoded, 'resolveConflict');
      const decision = m.decision === 1 ? 'accept' : m.decision === 2 ? 'dismiss' : undefined;
      if (decision === undefined) throw new CommandDecodeError(`decodeCommand: unknown conflict decision ${String(m.decision)}`);
      return { ...header, op: { kind: 'resolveConflict', id: field(m, 'id'), decision } };
    }
    case undefined:
      throw new CommandDecodeError('decodeCommand: command has no op');
    default:
      throw new CommandDecodeError(`decodeCommand: unknown op ${String(decoded.op)}`);
  }
}
