import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  type RosterError,
} from '../errors.ts';
import type { Replica } from '../replica/replica.ts';
import {
  encodeCommand,
  validateCommand,
  type ApplyErrorCode,
  type Assignment,
  type Block,
  type Command,
  type Op,
  type Person,
} from '../schedule/index.ts';
import { unary } from './unary.ts';

/** How a refused command is reported: the one table from apply codes to errors. */
const REFUSAL: Record<ApplyErrorCode, new (message: string) => RosterError> = {
  invalidArgument: InvalidArgumentError,
  notFound: NotFoundError,
  alreadyExists: AlreadyExistsError,
  conflict: ConflictError,
};

// Request shapes as proto-loader delivers them (camelCase, enums as names, defaults filled).
interface WirePerson {
  id: string;
  name: string;
  role: string;
  homeFacility: string;
}
interface WireAssignment {
  person: string;
  facility: string;
  pool: string;
  block: string;
}
interface WriteRequest {
  header?: { requestId: string } | null;
}
interface ReadOptions {
  read?: { stale: boolean } | null;
}

function required<T>(v: T | null | undefined, field: string): T {
  if (v === null || v === undefined) throw new InvalidArgumentError(`${field} is required`);
  return v;
}

function personFromWire(p: WirePerson): Person {
  const role = p.role === 'FACULTY' ? 'faculty' : p.role === 'RESIDENT' ? 'resident' : undefined;
  if (!role) throw new InvalidArgumentError(`person.role must be RESIDENT or FACULTY, got ${p.role}`);
  return { id: p.id, name: p.name, role, homeFacility: p.homeFacility };
}

function assignmentFromWire(a: WireAssignment): Assignment {
  return { person: a.person, facility: a.facility, pool: a.pool, block: a.block };
}

/** The Roster service: schedule writes (final approvals, through Raft) and reads. */
export function rosterHandlers(replica: Replica, self: string, log: Logger): grpc.UntypedServiceImplementation {
  const write = async (req: WriteRequest, op: Op, signal: AbortSignal): Promise<{ index: number; detail: string }> => {
    const cmd: Command = {
      requestId: req.header?.requestId || randomUUID(),
      issuer: self,
      // The leader's clock is the only time apply sees; followers redirect before this matters.
      timestampMs: Date.now(),
      op,
    };
    const invalid = validateCommand(cmd);
    if (invalid) throw new InvalidArgumentError(invalid);
    const committed = await replica.propose(encodeCommand(cmd), signal);
    if (!committed.result.ok) throw new REFUSAL[committed.result.code](committed.result.message);
    return { index: committed.index, detail: committed.result.detail };
  };

  const readHeader = (applied: number): { appliedIndex: number; msSinceLeaderContact: number; servedBy: string } => ({
    appliedIndex: applied,
    msSinceLeaderContact: replica.msSinceLeaderContact(),
    servedBy: self,
  });

  return {
    AddPerson: unary(log, 'AddPerson', (req: WriteRequest & { person?: WirePerson | null }, signal) =>
      write(req, { kind: 'addPerson', person: personFromWire(required(req.person, 'person')) }, signal),
    ),
    AddBlock: unary(log, 'AddBlock', (req: WriteRequest & { block?: Block | null }, signal) => {
      const b = required(req.block, 'block');
      return write(req, { kind: 'addBlock', block: { id: b.id, start: b.start, end: b.end } }, signal);
    }),
    Assign: unary(log, 'Assign', (req: WriteRequest & { assignment?: WireAssignment | null }, signal) =>
      write(req, { kind: 'assign', assignment: assignmentFromWire(required(req.assignment, 'assignment')) }, signal),
    ),
    Unassign: unary(log, 'Unassign', (req: WriteRequest & { assignment?: WireAssignment | null }, signal) => {
      const a = required(req.assignment, 'assignment');
      return write(req, { kind: 'unassign', person: a.person, block: a.block }, signal);
    }),
    GetSchedule: unary(log, 'GetSchedule', async (req: { block: string; facility: string } & ReadOptions, signal) => {
      if (!req.block) throw new InvalidArgumentError('block is required');
      const { value, applied } = await replica.read((s) => s.schedule.getSchedule(req.block, req.facility || undefined), req.read?.stale ?? false, signal);
      if (!value) throw new NotFoundError(`block ${req.block} does not exist`);
      return { header: readHeader(applied), block: value.block, assignments: value.assignments };
    }),
    ListPeople: unary(log, 'ListPeople', async (req: ReadOptions, signal) => {
      const { value, applied } = await replica.read((s) => s.schedule.listPeople(), req.read?.stale ?? false, signal);
      return { header: readHeader(applied), people: value.map((p) => ({ ...p, role: p.role === 'faculty' ? 'FACULTY' : 'RESIDENT' })) };
    }),
    ListBlocks: unary(log, 'ListBlocks', async (req: ReadOptions, signal) => {
      const { value, applied } = await replica.read((s) => s.schedule.listBlocks(), req.read?.stale ?? false, signal);
      return { header: readHeader(applied), blocks: value };
    }),
  };
}

