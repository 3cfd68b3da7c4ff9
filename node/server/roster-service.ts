import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidArgumentError,
  NotFoundError,
  type RosterError,
} from '../errors.ts';
import type { ScheduleReplica } from '../replica/index.ts';
import {
  encodeCommand,
  MAX_COMMAND_BYTES,
  validateCommand,
  type ApplyErrorCode,
  type Assignment,
  type AssignmentRef,
  type Command,
  type Op,
  type Person,
} from '../schedule/index.ts';
import type { WritePolicy } from '../modes/write-policy.ts';
import { unary } from './unary.ts';
import type { CancelSignal } from '../replica/cancellation.ts';
import { watchHandler } from './watch-service.ts';
import { lockToWire, poolFromWire, usageToWire } from './wire.ts';
import type * as v1 from '../wire/generated/rosterd/v1/index.ts';

/** What each command does, as a refusal names it: "Cannot create assignment: ...". */
const ACTIONS: Record<Op['kind'], string> = {
  addPerson: 'add person',
  addBlock: 'add block',
  assign: 'create assignment',
  unassign: 'remove assignment',
  setPools: 'set pools',
  acquireLock: 'acquire lock',
  renewLock: 'renew lock',
  releaseLock: 'release lock',
  exchange: 'swap assignments',
  move: 'move assignment',
  coverage: 'record emergency coverage',
  reconcile: 'reconcile emergency coverage',
  resolveConflict: 'resolve conflict',
};

/** How a refused command is reported: the one table from apply codes to errors. */
const REFUSAL: Record<ApplyErrorCode, new (message: string) => RosterError> = {
  invalidArgument: InvalidArgumentError,
  notFound: NotFoundError,
  alreadyExists: AlreadyExistsError,
  conflict: ConflictError,
};

// Requests arrive as the generated __Output types describe them (node/wire/protos.ts's
// LOADER_OPTIONS: defaults filled, unset messages null); replies are built as the input
// types, which the loader encodes.

/**
 * What write() reads of a request: every write carries a header, and the edits of
 * assignments (Assign, Unassign, Swap, Move) also lock tokens. The Pick is over all four,
 * so a lock_tokens renamed in any of them fails the type check instead of going unread.
 */
type WriteRequest = { header: v1.WriteHeader__Output | null } & Partial<
  Pick<v1.AssignRequest__Output | v1.UnassignRequest__Output | v1.SwapRequest__Output | v1.MoveRequest__Output, 'lockTokens'>
>;

function required<T>(v: T | null | undefined, field: string): T {
  if (v === null || v === undefined) throw new InvalidArgumentError(`${field} is required`);
  return v;
}

function personFromWire(p: v1.Person__Output): Person {
  const role = p.role === 'FACULTY' ? 'faculty' : p.role === 'RESIDENT' ? 'resident' : undefined;
  if (!role) throw new InvalidArgumentError(`person.role must be RESIDENT or FACULTY, got ${p.role}`);
  return { id: p.id, name: p.name, role, homeFacility: p.homeFacility };
}

function assignmentFromWire(a: v1.Assignment__Output): Assignment {
  return { person: a.person, facility: a.facility, pool: a.pool, block: a.block };
}

function refFromWire(r: v1.AssignmentRef__Output | null | undefined, field: string): AssignmentRef {
  const ref = required(r, field);
  return { person: ref.person, block: ref.block };
}

/** The Roster service: schedule writes (final approvals, through Raft), reads and the watch stream. */
export function rosterHandlers(replica: ScheduleReplica, policy: WritePolicy, self: string, log: Logger): v1.RosterHandlers {
  /**
   * Builds and validates a command (INVALID_ARGUMENT before anything reaches the log),
   * lets the write policy (node/modes) decide its route in the current partition state,
   * and proposes it; answers with the first outcome of its request id.
   */
  const write = async (req: WriteRequest, op: Op, signal: CancelSignal): Promise<v1.WriteReply> => {
    const tokens = req.lockTokens ?? [];
    const cmd: Command = {
      requestId: req.header?.requestId || randomUUID(),
      issuer: self,
      // The leader's clock is the only time apply sees; followers redirect before this matters.
      timestampMs: Date.now(),
      ...(tokens.length > 0 ? { lockTokens: tokens } : {}),
      op,
    };
    const invalid = validateCommand(cmd);
    if (invalid) throw new InvalidArgumentError(invalid);
    const bytes = encodeCommand(cmd);
    if (bytes.length > MAX_COMMAND_BYTES) {
      throw new InvalidArgumentError(`the command is ${bytes.length} bytes encoded; the limit is ${MAX_COMMAND_BYTES}`);
    }
    const admission = policy.admit('final_approval', ACTIONS[op.kind]);
    if (admission.route === 'refuse') throw admission.error;
    return throughRaft(cmd.requestId, bytes, signal);
  };

  /** Proposes an encoded command and answers with its first outcome (a refusal as its error). */
  const throughRaft = async (requestId: string, bytes: Uint8Array, signal: CancelSignal): Promise<Record<string, unknown>> => {
    const committed = await replica.propose(bytes, signal);
    const r = committed.result;
    if (r === undefined) throw new Error(`the command at index ${committed.index} was applied without a result`);
    const index = r.appliedAt ?? committed.index;
    if (!r.ok) {
      const first = r.duplicate ? ` (the first outcome of request ${requestId}, at index ${index})` : '';
      throw new REFUSAL[r.code](`${r.message}${first}`);
    }
    const clock = replica.appliedState().state.schedule.clockMs();
    return { index, detail: r.detail, retried: r.duplicate === true, lock: r.lock ? lockToWire(r.lock, clock) : null };
  };

  const readHeader = (applied: number): v1.ReadHeader => ({
    appliedIndex: applied,
    msSinceLeaderContact: replica.msSinceLeaderContact(),
    servedBy: self,
  });

  return {
    AddPerson: unary(log, 'AddPerson', (req: v1.AddPersonRequest__Output, signal) =>
      write(req, { kind: 'addPerson', person: personFromWire(required(req.person, 'person')) }, signal),
    ),
    AddBlock: unary(log, 'AddBlock', (req: v1.AddBlockRequest__Output, signal) => {
      const b = required(req.block, 'block');
      return write(req, { kind: 'addBlock', block: { id: b.id, start: b.start, end: b.end } }, signal);
    }),
    Assign: unary(log, 'Assign', (req: v1.AssignRequest__Output, signal) =>
      write(req, { kind: 'assign', assignment: assignmentFromWire(required(req.assignment, 'assignment')) }, signal),
    ),
    Unassign: unary(log, 'Unassign', (req: v1.UnassignRequest__Output, signal) => {
      const a = required(req.assignment, 'assignment');
      return write(req, { kind: 'unassign', person: a.person, block: a.block }, signal);
    }),
    Swap: unary(log, 'Swap', (req: v1.SwapRequest__Output, signal) => {
      const x = required(req.exchange, 'exchange');
      return write(req, { kind: 'exchange', first: refFromWire(x.first, 'exchange.first'), second: refFromWire(x.second, 'exchange.second') }, signal);
    }),
    Move: unary(
      log,
      'Move',
      (req: v1.MoveRequest__Output, signal) => {
        const m = required(req.move, 'move');
        return write(req, { kind: 'move', person: m.person, block: m.block, toPerson: m.toPerson, toFacility: m.toFacility, toPool: m.toPool }, signal);
      },
    ),
    SetPools: unary(log, 'SetPools', (req: v1.SetPoolsRequest__Output, signal) =>
      write(req, { kind: 'setPools', facility: req.facility, pools: (req.pools ?? []).map(poolFromWire) }, signal),
    ),
    AcquireLock: unary(log, 'AcquireLock', (req: v1.AcquireLockRequest__Output, signal) => {
      const l = required(req.lock, 'lock');
      return write(req, { kind: 'acquireLock', block: l.block, facility: l.facility, holder: l.holder, ttlMs: l.ttlMs }, signal);
    }),
    RenewLock: unary(log, 'RenewLock', (req: v1.RenewLockRequest__Output, signal) => {
      const l = required(req.lock, 'lock');
      return write(req, { kind: 'renewLock', block: l.block, facility: l.facility, token: l.token, ttlMs: l.ttlMs }, signal);
    }),
    ReleaseLock: unary(log, 'ReleaseLock', (req: v1.ReleaseLockRequest__Output, signal) => {
      const l = required(req.lock, 'lock');
      return write(req, { kind: 'releaseLock', block: l.block, facility: l.facility, token: l.token }, signal);
    }),
    GetSchedule: unary(log, 'GetSchedule', async (req: v1.GetScheduleRequest__Output, signal): Promise<v1.GetScheduleReply> => {
      if (!req.block) throw new InvalidArgumentError('block is required');
      const { value, applied } = await replica.read((s) => s.schedule.getSchedule(req.block, req.facility || undefined), req.read?.stale ?? false, signal);
      if (!value) throw new NotFoundError(`block ${req.block} does not exist`);
      return { header: readHeader(applied), block: value.block, assignments: value.assignments };
    }),
    GetPools: unary(log, 'GetPools', async (req: v1.GetPoolsRequest__Output, signal): Promise<v1.GetPoolsReply> => {
      if (!req.facility) throw new InvalidArgumentError('facility is required');
      const { value, applied } = await replica.read(
        (s) => ({
          table: s.schedule.getPools(req.facility),
          usage: req.block ? s.schedule.poolUsage(req.block, req.facility) : undefined,
          blockExists: !req.block || s.schedule.getBlock(req.block) !== undefined,
        }),
        req.read?.stale ?? false,
        signal,
      );
      if (!value.table) throw new NotFoundError(`facility ${req.facility} does not exist`);
      if (!value.blockExists) throw new NotFoundError(`block ${req.block} does not exist`);
      const pools = value.usage
        ? value.usage.map(usageToWire)
        : value.table.pools.map((spec) => usageToWire({ spec, assigned: 0, borrowed: 0, lent: 0, left: 0 }));
      return { header: readHeader(applied), facility: value.table.facility, custom: value.table.custom, pools };
    }),
    GetLocks: unary(log, 'GetLocks', async (req: v1.GetLocksRequest__Output, signal): Promise<v1.GetLocksReply> => {
      if (!req.block) throw new InvalidArgumentError('block is required');
      const { value, applied } = await replica.read(
        (s) => ({ exists: s.schedule.getBlock(req.block) !== undefined, locks: s.schedule.getLocks(req.block), clock: s.schedule.clockMs() }),
        req.read?.stale ?? false,
        signal,
      );
      if (!value.exists) throw new NotFoundError(`block ${req.block} does not exist`);
      return { header: readHeader(applied), locks: value.locks.map((l) => lockToWire(l, value.clock)), logClockMs: value.clock };
    }),
    ListPeople: unary(log, 'ListPeople', async (req: v1.ListRequest__Output, signal): Promise<v1.ListPeopleReply> => {
      const { value, applied } = await replica.read((s) => s.schedule.listPeople(), req.read?.stale ?? false, signal);
      return { header: readHeader(applied), people: value.map((p) => ({ ...p, role: p.role === 'faculty' ? 'FACULTY' : 'RESIDENT' })) };
    }),
    ListBlocks: unary(log, 'ListBlocks', async (req: v1.ListRequest__Output, signal): Promise<v1.ListBlocksReply> => {
      const { value, applied } = await replica.read((s) => s.schedule.listBlocks(), req.read?.stale ?? false, signal);
      return { header: readHeader(applied), blocks: value };
    }),
    Watch: watchHandler(replica, log),
  };
}
