import type { Logger } from 'pino';
import { InvalidArgumentError, NotFoundError, UnavailableError } from '../errors.ts';
import type { ScheduleReplica } from '../replica/index.ts';
import { checkId, ContingencyRun, MAX_LOSE, type Assignment, type AssignmentRef, type ContingencyRequest, type CoverageOp, type CoverageWrite, type Op, type Person } from '../schedule/index.ts';
import type { CoverOutcome, ScheduleService } from '../service/schedule-service.ts';
import { unary } from './unary.ts';
import { compareKeys, repeatedMessageSize, takePage, type PageKey } from './paging.ts';
import { ROSTER_SERVICE } from './protos.ts';
import type { CancelSignal } from '../replica/cancellation.ts';
import { watchHandler } from './watch-service.ts';
import { contingencyToWire, coverageToWire, lockToWire, poolFromWire, usageToWire } from './wire.ts';
import type * as v1 from '../wire/generated/rosterd/v1/index.ts';

// Requests arrive as the generated __Output types describe them (node/wire/protos.ts's
// LOADER_OPTIONS: defaults filled, unset messages null); replies are built as the input
// types, which the loader encodes.

/**
 * What write() reads of a request: every write carries a header, and the edits of
 * assignments (Assign, Unassign, Swap, Move) also lock tokens. The Pick is over all four,
 * so a lock_tokens renamed in any of them fails the type check instead of going unread.
 */
type WriteRequest = { header: v1.WriteHeader__Output | null } & Partial<
  Pick<v1.AssignRequest__Output | v1.UnassignRequest__Output | v1.SwapRequest__Output | v1.MoveRequest__Output | v1.ResolveConflictRequest__Output, 'lockTokens'>
>;

function required<T>(v: T | null | undefined, field: string): T {
  if (v === null || v === undefined) throw new InvalidArgumentError(`${field} is required`);
  return v;
}

/**
 * A read's id argument, refused with INVALID_ARGUMENT unless it has the form of an id:
 * then a NOT_FOUND names nothing longer than an id, and a refusal echoes only a prefix.
 */
function readId(field: string, value: string): string {
  const invalid = checkId(field, value);
  if (invalid) throw new InvalidArgumentError(invalid);
  return value;
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

/** Contingency scenarios checked per turn of the event loop (a few milliseconds of work). */
const CONTINGENCY_SLICE = 50;

/** A Contingency request checked against the input limits (INVALID_ARGUMENT naming the field). */
function contingencyFromWire(req: v1.ContingencyRequest__Output): ContingencyRequest {
  const invalid = checkId('block', req.block) ?? (req.facility ? checkId('facility', req.facility) : undefined);
  if (invalid) throw new InvalidArgumentError(invalid);
  if (req.lose > MAX_LOSE) throw new InvalidArgumentError(`lose: at most ${MAX_LOSE} people at once (got ${req.lose})`);
  if (req.blastRadius !== 0 && !(req.blastRadius > 0 && req.blastRadius <= 1)) throw new InvalidArgumentError(`blast_radius: must be a fraction in (0, 1] (got ${req.blastRadius})`);
  if (req.lose !== 0 && req.blastRadius !== 0) throw new InvalidArgumentError('lose and blast_radius exclude each other: give one');
  return {
    block: req.block,
    ...(req.facility ? { facility: req.facility } : {}),
    loss: req.blastRadius !== 0 ? { kind: 'fraction', fraction: req.blastRadius } : { kind: 'count', people: Math.max(1, req.lose) },
    seed: req.seed,
  };
}

const personSize = repeatedMessageSize('rosterd.v1.Person');
const blockSize = repeatedMessageSize('rosterd.v1.Block');
const coverageEntrySize = repeatedMessageSize('rosterd.v1.CoverageEntry');

/** The serializer of a read's reply, for unary() to measure the reply before it is sent. */
function replyEncoder<K extends 'GetSchedule' | 'GetPools' | 'GetLocks' | 'ListPeople' | 'ListBlocks' | 'ListCoverage'>(method: K) {
  return ROSTER_SERVICE[method].responseSerialize as (reply: unknown) => Buffer;
}

/** The emergency-coverage class asked for in a write's header. */
function isEmergency(req: WriteRequest): boolean {
  return req.header?.operationClass === 'EMERGENCY_COVERAGE';
}

function coverReply(o: CoverOutcome): v1.CoverReply {
  switch (o.kind) {
    case 'committed':
      return { outcome: 'COMMITTED', detail: o.detail, entry: coverageToWire(o.record.write, o.record.status, o.record.index, false), index: o.index };
    case 'journaled':
      return { outcome: 'PROVISIONAL', detail: o.detail, entry: coverageToWire(o.write, o.status, 0, true), journaledOn: o.on };
    case 'unchanged':
      return { outcome: 'UNCHANGED', detail: o.detail };
  }
}

/** The Roster service: schedule writes (final approvals, through Raft), reads and the watch stream. */
export function rosterHandlers(replica: ScheduleReplica, service: ScheduleService, self: string, log: Logger): v1.RosterHandlers {
  /**
   * A write: a final approval through the service (validated, refused at once in a
   * minority, proposed), answered with the first outcome of its request id; or, for an
   * Assign or Unassign of class EMERGENCY_COVERAGE, emergency coverage.
   */
  const write = async (req: WriteRequest, op: Op, signal: CancelSignal): Promise<v1.WriteReply> => {
    if (isEmergency(req)) {
      if (op.kind !== 'assign' && op.kind !== 'unassign') throw new InvalidArgumentError(`header.operation_class: only Assign and Unassign may be EMERGENCY_COVERAGE (got ${op.kind})`);
      const cover: CoverageOp = op.kind === 'assign' ? { kind: 'cover', assignment: op.assignment } : { kind: 'uncover', person: op.person, block: op.block };
      return coverAsWrite(await service.cover(cover, { requestId: req.header?.requestId ?? '' }, signal));
    }
    const done = await service.write(op, { requestId: req.header?.requestId ?? '', lockTokens: req.lockTokens ?? [] }, signal);
    const r = done.result;
    const clock = replica.appliedState().state.schedule.clockMs();
    return { index: r.appliedAt ?? done.index, detail: r.detail, retried: r.duplicate === true, lock: r.lock ? lockToWire(r.lock, clock) : null };
  };

  /** Emergency coverage answered as a WriteReply (Assign or Unassign with the emergency class). */
  const coverAsWrite = (o: CoverOutcome): v1.WriteReply => {
    switch (o.kind) {
      case 'committed':
        return { index: o.index, detail: o.detail };
      case 'journaled':
        return { index: 0, detail: o.detail, provisional: true, journaledOn: o.on };
      case 'unchanged':
        return { index: 0, detail: o.detail };
    }
  };

  const cover = (req: { header: v1.WriteHeader__Output | null; reason: string }, op: CoverageOp, signal: CancelSignal): Promise<v1.CoverReply> => {
    if (req.header?.operationClass === 'FINAL_APPROVAL') throw new InvalidArgumentError('header.operation_class: Cover and Uncover are always EMERGENCY_COVERAGE');
    return service.cover(op, { requestId: req.header?.requestId ?? '', reason: req.reason }, signal).then(coverReply);
  };

  /** A read through the service: linearizable unless `stale` (refused at once in a minority), named in a refusal by `action`. */
  const read = <T>(f: (s: ReturnType<ScheduleReplica['appliedState']>['state']) => T, readOptions: v1.ReadOptions__Output | null, action: string, signal: CancelSignal) =>
    service.read(f, readOptions?.stale ?? false, action, signal);

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
      readId('block', req.block);
      if (req.facility) readId('facility', req.facility);
      const { value, applied } = await read(
        (s) => ({ schedule: s.schedule.getSchedule(req.block, req.facility || undefined), coverage: s.schedule.coverage(req.block) }),
        req.read,
        'read the schedule',
        signal,
      );
      if (!value.schedule) throw new NotFoundError(`block ${req.block} does not exist`);
      const inScope = (a: Assignment): boolean => !req.facility || a.facility === req.facility;
      const coverage = [
        ...value.coverage.filter((r) => r.write.op.kind !== 'cover' || inScope(r.write.op.assignment)).map((r) => coverageToWire(r.write, r.status, r.index, false)),
        ...service
          .provisional()
          .filter((p) => (p.write.op.kind === 'cover' ? p.write.op.assignment.block === req.block && inScope(p.write.op.assignment) : p.write.op.block === req.block))
          .map((p) => coverageToWire(p.write, p.status, 0, true)),
      ];
      return { header: readHeader(applied), block: value.schedule.block, assignments: value.schedule.assignments, coverage };
    }, replyEncoder('GetSchedule')),
    GetPools: unary(log, 'GetPools', async (req: v1.GetPoolsRequest__Output, signal): Promise<v1.GetPoolsReply> => {
      if (!req.facility) throw new InvalidArgumentError('facility is required');
      readId('facility', req.facility);
      if (req.block) readId('block', req.block);
      const { value, applied } = await read(
        (s) => ({
          table: s.schedule.getPools(req.facility),
          usage: req.block ? s.schedule.poolUsage(req.block, req.facility) : undefined,
          blockExists: !req.block || s.schedule.getBlock(req.block) !== undefined,
        }),
        req.read,
        'read the pools',
        signal,
      );
      if (!value.table) throw new NotFoundError(`facility ${req.facility} does not exist`);
      if (!value.blockExists) throw new NotFoundError(`block ${req.block} does not exist`);
      const pools = value.usage
        ? value.usage.map(usageToWire)
        : value.table.pools.map((spec) => usageToWire({ spec, assigned: 0, borrowed: 0, lent: 0, left: 0 }));
      return { header: readHeader(applied), facility: value.table.facility, custom: value.table.custom, pools };
    }, replyEncoder('GetPools')),
    GetLocks: unary(log, 'GetLocks', async (req: v1.GetLocksRequest__Output, signal): Promise<v1.GetLocksReply> => {
      if (!req.block) throw new InvalidArgumentError('block is required');
      readId('block', req.block);
      const { value, applied } = await read(
        (s) => ({ exists: s.schedule.getBlock(req.block) !== undefined, locks: s.schedule.getLocks(req.block), clock: s.schedule.clockMs() }),
        req.read,
        'read the locks',
        signal,
      );
      if (!value.exists) throw new NotFoundError(`block ${req.block} does not exist`);
      return { header: readHeader(applied), locks: value.locks.map((l) => lockToWire(l, value.clock)), logClockMs: value.clock };
    }, replyEncoder('GetLocks')),
    ListPeople: unary(
      log,
      'ListPeople',
      async (req: v1.ListRequest__Output, signal): Promise<v1.ListPeopleReply> => {
        const { value, applied } = await read((s) => s.schedule.listPeople(), req.read, 'list people', signal);
        const people = value.map((p): v1.Person => ({ ...p, role: p.role === 'faculty' ? 'FACULTY' : 'RESIDENT' }));
        const page = takePage(people, (p) => [p.id ?? ''], req, personSize, 'people');
        return { header: readHeader(applied), people: page.items, nextPageToken: page.nextPageToken };
      },
      replyEncoder('ListPeople'),
    ),
    ListBlocks: unary(
      log,
      'ListBlocks',
      async (req: v1.ListRequest__Output, signal): Promise<v1.ListBlocksReply> => {
        const { value, applied } = await read((s) => s.schedule.listBlocks(), req.read, 'list blocks', signal);
        const page = takePage(value, (b) => [b.id], req, blockSize, 'blocks');
        return { header: readHeader(applied), blocks: page.items, nextPageToken: page.nextPageToken };
      },
      replyEncoder('ListBlocks'),
    ),
    Cover: unary(log, 'Cover', (req: v1.CoverRequest__Output, signal) =>
      cover(req, { kind: 'cover', assignment: assignmentFromWire(required(req.assignment, 'assignment')) }, signal),
    ),
    Uncover: unary(log, 'Uncover', (req: v1.UncoverRequest__Output, signal) => {
      const ref = refFromWire(req.ref, 'ref');
      return cover(req, { kind: 'uncover', person: ref.person, block: ref.block }, signal);
    }),
    ListCoverage: unary(log, 'ListCoverage', async (req: v1.ListCoverageRequest__Output, signal): Promise<v1.ListCoverageReply> => {
      if (req.block) readId('block', req.block);
      const { value, applied } = await read((s) => s.schedule.coverage(req.block || undefined), req.read, 'list emergency coverage', signal);
      // The log's writes, then (unless only conflicts are asked for) this node's own
      // journal, provisional; each part in reconciliation order (stamp, facility, id).
      const keyOf = (part: number, w: CoverageWrite): PageKey => [part, w.stamp.wallMs, w.stamp.logical, w.facility, w.id];
      const inLog = value.filter((r) => !req.conflictsOnly || r.status.kind === 'conflict').map((r) => ({ key: keyOf(0, r.write), entry: coverageToWire(r.write, r.status, r.index, false) }));
      const provisional = req.conflictsOnly
        ? []
        : service
            .provisional()
            .filter((p) => !req.block || (p.write.op.kind === 'cover' ? p.write.op.assignment.block : p.write.op.block) === req.block)
            .map((p) => ({ key: keyOf(1, p.write), entry: coverageToWire(p.write, p.status, 0, true) }));
      const all = [...inLog, ...provisional].sort((a, b) => compareKeys(a.key, b.key));
      const page = takePage(all, (e) => e.key, req, (e) => coverageEntrySize(e.entry), 'emergency writes');
      return { header: readHeader(applied), entries: page.items.map((e) => e.entry), nextPageToken: page.nextPageToken };
    }, replyEncoder('ListCoverage')),
    ResolveConflict: unary(log, 'ResolveConflict', (req: v1.ResolveConflictRequest__Output, signal) => {
      const decision = req.decision === 'ACCEPT' ? 'accept' : req.decision === 'DISMISS' ? 'dismiss' : undefined;
      if (!decision) throw new InvalidArgumentError(`decision must be ACCEPT or DISMISS, got ${req.decision}`);
      return write(req, { kind: 'resolveConflict', id: req.id, decision }, signal);
    }),
    Contingency: unary(log, 'Contingency', async (req: v1.ContingencyRequest__Output, signal): Promise<v1.ContingencyReply> => {
      const request = contingencyFromWire(req);
      const { value: run, applied } = await read((s) => ContingencyRun.start(s.schedule, request), req.read, 'run a contingency experiment', signal);
      if (!run) throw new NotFoundError(`block ${req.block} does not exist`);
      // The scenarios are checked a slice per turn of the event loop, on the data read
      // above: a large sample must not hold up the Raft loop that shares this thread.
      let cancelled = false;
      signal.onCancel(() => {
        cancelled = true;
      });
      while (!run.step(CONTINGENCY_SLICE)) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (cancelled) throw new UnavailableError('the contingency experiment was cancelled (deadline) before it finished');
      }
      return { header: readHeader(applied), ...contingencyToWire(run.report()) };
    }),
    Watch: watchHandler(replica, log),
  };
}
