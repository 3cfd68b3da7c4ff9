/**
 * ScheduleMachine: the replicated schedule (people, blocks, assignments, pool tables,
 * locks) and the rules every committed command is applied under. apply depends only on
 * the current state, the configured facilities and the command, so every node that
 * applies the same log holds the same state and takes the same snapshot bytes.
 *
 * Time: the machine keeps a log clock, the largest timestampMs of any valid command
 * applied so far (leaders stamp commands with their wall clock; taking the maximum keeps
 * the log clock monotonic when a new leader's clock is behind). Lock leases and the
 * retention of request ids are judged by it, never by a clock of the node applying.
 */
import { blockDigest } from './block-digest.ts';
import {
  canonicalAssignment,
  canonicalBlock,
  canonicalLock,
  canonicalPerson,
  canonicalPoolTable,
  canonicalResult,
  compareBySchedule,
  compareStrings,
  sameAssignment,
  sameBlock,
  samePerson,
} from './canonical.ts';
import { CorruptStateError } from './errors.ts';
import { blockOf, CoverageBook, type CoverageContext, type CoverageRecord, type CoverageStatus, type CoverageTransition } from './coverage.ts';
import { canonicalCoverageWrite } from './coverage-format.ts';
import { normalizeFacilities } from './facility.ts';
import { conflicts, covers, describeLock, describeScope, formatTime, isLive } from './locks.ts';
import { checkPoolRules, describeOverLimit, poolUsage, samePoolTable, type PoolCounts, type PoolUsage } from './pools.ts';
import { DEFAULT_RETENTION, RequestMemory, requestFingerprint, type RequestRecord, type RetentionOptions } from './requests.ts';
import { decodeSnapshot, encodeSnapshot, encodeSnapshotV1, entryName, type SnapshotContent } from './snapshot-format.ts';
import { validateCommand } from './validate.ts';
import type { Assignment, AssignmentRef, Block, Command, CoverageWrite, Op, Person, PoolSpec, Stamp } from './command.ts';
import type { Facility, FacilityConfig } from './facility.ts';
import type { ApplyErrorCode, ApplyOutcome, ApplyResult, Change, LockRecord } from './outcome.ts';

function refuse(code: ApplyErrorCode, message: string): ApplyResult {
  return { ok: false, code, message };
}

function done(detail: string, changes: readonly Change[] = [], lock?: LockRecord): ApplyResult {
  return { ok: true, detail, changes, ...(lock ? { lock } : {}) };
}

function describe(a: Assignment): string {
  return `${a.person} -> ${a.facility}/${a.pool} in block ${a.block}`;
}

function describeWrite(w: CoverageWrite): string {
  return w.op.kind === 'cover' ? `${w.id}: cover ${describe(w.op.assignment)}` : `${w.id}: withdraw the emergency coverage of ${w.op.person} in block ${w.op.block}`;
}

/** A status as a clause: "standing", "in conflict: ...", ... */
function describeStatus(s: CoverageStatus): string {
  switch (s.kind) {
    case 'standing':
      return 'standing';
    case 'applied':
      return `applied (withdrew ${s.withdrew.join(', ')})`;
    case 'withdrawn':
      return `withdrawn by ${s.by}`;
    case 'conflict':
      return `in conflict: ${s.reason}`;
    case 'confirmed':
      return 'confirmed by a final approval';
    case 'retired':
      return `${s.why} by a coordinator at index ${s.index}`;
  }
}

const NO_ASSIGNMENTS: ReadonlyMap<string, Assignment> = new Map();

/** The schedule of one block, as getSchedule returns it. */
export interface BlockSchedule {
  readonly block: Block;
  /** Sorted by facility, then pool, then person. */
  readonly assignments: Assignment[];
}

/** A facility's pool table as getPools returns it. */
export interface FacilityPools {
  readonly facility: string;
  /** True when set by setPools; false for the configured default. */
  readonly custom: boolean;
  readonly pools: readonly PoolSpec[];
}

/** Tunables of a machine. Every node must use the same (the defaults, outside tests). */
export interface MachineOptions {
  /** Retention of request ids (requests.ts). Default DEFAULT_RETENTION. */
  readonly retention?: RetentionOptions;
}

/**
 * The schedule state machine. Not thread-safe in any sense that matters here: one
 * driver applies committed entries in log order. Records it returns are frozen.
 */
export class ScheduleMachine {
  readonly #facilities: readonly FacilityConfig[];
  readonly #configuredPools: ReadonlyMap<string, readonly PoolSpec[]>;
  /** Pool tables set by setPools; they override the configured ones. */
  readonly #customPools = new Map<string, readonly PoolSpec[]>();
  readonly #people = new Map<string, Person>();
  readonly #blocks = new Map<string, Block>();
  /** block id -> person id -> assignment; keyed this way so double booking cannot be stored. */
  readonly #assignments = new Map<string, Map<string, Assignment>>();
  /** block id -> facility ('' for the whole block) -> lock. */
  readonly #locks = new Map<string, Map<string, LockRecord>>();
  /**
   * block id -> the log index of the last change to its final schedule (its dates or
   * assignments): the version a schedule commitment signs. Absent: 0 (a block restored
   * from a snapshot that predates versions and unchanged since).
   */
  readonly #versions = new Map<string, number>();
  readonly #requests: RequestMemory;
  /** Emergency coverage (AP) and its reconciliation with the final schedule (coverage.ts). */
  readonly #coverage = new CoverageBook();
  readonly #coverageContext: CoverageContext = {
    hasPerson: (id) => this.#people.has(id),
    hasBlock: (id) => this.#blocks.has(id),
    poolTable: (facility) => this.#poolTable(facility),
    finals: (block) => this.#assignments.get(block) ?? NO_ASSIGNMENTS,
  };
  #clockMs = 0;
  /** The log index of the command being applied (retirements and relays record it). */
  #index = 0;

  /**
   * An empty schedule for these facilities (order irrelevant; pools as configured, by
   * name for the default numbers or as PoolSpecs). Every node must be given the same list
   * and options. Throws TypeError on an invalid or duplicate facility, or an invalid pool
   * table.
   */
  constructor(facilities: readonly Facility[], options: MachineOptions = {}) {
    this.#facilities = normalizeFacilities(facilities);
    this.#configuredPools = new Map(this.#facilities.map((f) => [f.id, f.pools]));
    this.#requests = new RequestMemory(options.retention ?? DEFAULT_RETENTION);
  }

  /**
   * Applies one committed command at log index `index` (a positive integer; throws
   * RangeError otherwise, which is a driver bug). Returns the result for the client.
   *
   * Every command is first checked by validateCommand (invalidArgument; such a command
   * changes nothing, not even the log clock). Then the log clock advances to its
   * timestampMs if that is larger. Then idempotency: if its request id is remembered,
   * the first outcome is returned again with `duplicate: true` and nothing is applied (a
   * different command under a remembered id is refused as a conflict). Otherwise the op
   * is applied under the rules below and its outcome (accepted or refused) is remembered
   * under the request id (requests.ts has the retention rule). A refused command changes
   * nothing in the schedule; only the request memory and the log clock record it.
   *
   * Rules, checked in this order:
   * - addPerson: an existing id is ok if identical, else alreadyExists; the home
   *   facility must be configured (notFound);
   * - addBlock: an existing id is ok if identical, else alreadyExists;
   * - assign: person, block, facility, then pool must exist (notFound naming the first
   *   missing); lock fencing (locks.ts); a person holds at most one assignment per block
   *   (conflict naming the existing one), the identical assignment is an ok no-op; the
   *   bulkhead rules of pools.ts (conflict naming the full pool and what is left);
   * - unassign: the person must hold an assignment in the block (notFound); fencing;
   * - exchange: both people must hold the named assignments (notFound); fencing; on the
   *   result, no double booking and the bulkhead rules, else nothing changes (conflict);
   * - move: the assignment must exist, the new person, facility and pool too (notFound);
   *   fencing; on the result, no double booking and the bulkhead rules;
   * - setPools: the facility must be configured (notFound); every block's assignments at
   *   that facility must fit the new table (conflict naming the block and pool);
   * - acquireLock / renewLock / releaseLock: see locks.ts.
   */
  apply(cmd: Command, index: number): ApplyOutcome {
    if (!Number.isSafeInteger(index) || index < 1) {
      throw new RangeError(`ScheduleMachine.apply: index must be a positive integer (got ${index})`);
    }
    // Again on apply, not only at the server: a buggy or outdated peer may have proposed it.
    const invalid = validateCommand(cmd);
    if (invalid !== undefined) return { result: refuse('invalidArgument', invalid) };
    if (cmd.timestampMs > this.#clockMs) this.#clockMs = cmd.timestampMs;
    this.#index = index;
    const fingerprint = requestFingerprint(cmd);
    const seen = this.#requests.get(cmd.requestId);
    let result: ApplyResult;
    if (seen !== undefined) {
      result =
        seen.fingerprint === fingerprint
          ? { ...seen.result, appliedAt: seen.index, duplicate: true }
          : {
              ok: false,
              code: 'conflict',
              message: `request id ${cmd.requestId} was already used at index ${seen.index} for a different command; use a new request id`,
            };
    } else {
      const record: RequestRecord = Object.freeze({
        requestId: cmd.requestId,
        index,
        timeMs: this.#clockMs,
        fingerprint,
        result: canonicalResult(this.#applyOp(cmd, index)),
      });
      this.#requests.add(record);
      result = { ...record.result, appliedAt: index };
    }
    this.#requests.evict(this.#clockMs);
    return { result };
  }

  #applyOp(cmd: Command, index: number): ApplyResult {
    const op: Op = cmd.op;
    switch (op.kind) {
      case 'addPerson':
        return this.#addPerson(op.person);
      case 'addBlock':
        return this.#addBlock(op.block);
      case 'assign':
        return this.#assign(cmd, op.assignment);
      case 'unassign':
        return this.#unassign(cmd, op.person, op.block);
      case 'setPools':
        return this.#setPools(op.facility, op.pools);
      case 'acquireLock':
        return this.#acquireLock(op.block, op.facility, op.holder, op.ttlMs, index);
      case 'renewLock':
        return this.#renewLock(op.block, op.facility, op.token, op.ttlMs);
      case 'releaseLock':
        return this.#releaseLock(op.block, op.facility, op.token);
      case 'exchange':
        return this.#exchange(cmd, op.first, op.second);
      case 'move':
        return this.#move(cmd, op);
      case 'coverage':
        return this.#applyCoverage(op.write);
      case 'reconcile':
        return this.#reconcile(op.facility, op.writes);
      case 'resolveConflict':
        return this.#resolveConflict(cmd, op.id, op.decision);
      default: {
        const never: never = op;
        return refuse('invalidArgument', `op.kind: unknown ${String((never as { kind: unknown }).kind)}`);
      }
    }
  }

  // ---------------------------------------------------------------- people and blocks

  #addPerson(input: Person): ApplyResult {
    const person = canonicalPerson(input);
    const existing = this.#people.get(person.id);
    if (existing !== undefined) {
      return samePerson(existing, person)
        ? done(`person ${person.id} already exists as given; nothing changed`)
        : refuse('alreadyExists', `person ${person.id} already exists with different details`);
    }
    if (!this.#configuredPools.has(person.homeFacility)) {
      return refuse('notFound', `home facility ${person.homeFacility} of person ${person.id} is not a facility of this cluster`);
    }
    this.#people.set(person.id, person);
    return done(`added person ${person.id}`, this.#relay(this.#coverage.liveBlocks()));
  }

  #addBlock(input: Block): ApplyResult {
    const block = canonicalBlock(input);
    const existing = this.#blocks.get(block.id);
    if (existing !== undefined) {
      return sameBlock(existing, block)
        ? done(`block ${block.id} already exists as given; nothing changed`)
        : refuse('alreadyExists', `block ${block.id} already exists with different dates (${existing.start}..${existing.end})`);
    }
    this.#blocks.set(block.id, block);
    this.#versions.set(block.id, this.#index);
    return done(`added block ${block.id} (${block.start}..${block.end})`, [{ kind: 'blockAdded', block }, ...this.#relay([block.id])]);
  }

  // ---------------------------------------------------------------- assignments

  /** notFound naming the first of facility and pool that does not exist, else undefined. */
  #checkSlot(facility: string, pool: string): ApplyResult | undefined {
    const table = this.#poolTable(facility);
    if (table === undefined) return refuse('notFound', `facility ${facility} not found`);
    if (!table.some((p) => p.name === pool)) return refuse('notFound', `pool ${pool} not found at facility ${facility}`);
    return undefined;
  }

  #assign(cmd: Command, input: Assignment): ApplyResult {
    const assignment = canonicalAssignment(input);
    if (!this.#people.has(assignment.person)) return refuse('notFound', `person ${assignment.person} not found`);
    if (!this.#blocks.has(assignment.block)) return refuse('notFound', `block ${assignment.block} not found`);
    const missing = this.#checkSlot(assignment.facility, assignment.pool);
    if (missing !== undefined) return missing;
    const fenced = this.#fence(cmd, [[assignment.block, assignment.facility]]);
    if (fenced !== undefined) return fenced;
    const existing = this.#assignment(assignment.block, assignment.person);
    if (existing !== undefined && sameAssignment(existing, assignment)) {
      return done(`${describe(assignment)} already assigned; nothing changed`);
    }
    return this.#commitEdit([], [assignment], `assigned ${describe(assignment)}`);
  }

  #unassign(cmd: Command, person: string, block: string): ApplyResult {
    const existing = this.#assignment(block, person);
    if (existing === undefined) return refuse('notFound', `person ${person} holds no assignment in block ${block}`);
    const fenced = this.#fence(cmd, [[block, existing.facility]]);
    if (fenced !== undefined) return fenced;
    return this.#commitEdit([existing], [], `unassigned ${describe(existing)}`);
  }

  #exchange(cmd: Command, first: AssignmentRef, second: AssignmentRef): ApplyResult {
    const a = this.#assignment(first.block, first.person);
    if (a === undefined) return refuse('notFound', `person ${first.person} holds no assignment in block ${first.block}`);
    const b = this.#assignment(second.block, second.person);
    if (b === undefined) return refuse('notFound', `person ${second.person} holds no assignment in block ${second.block}`);
    const fenced = this.#fence(cmd, [
      [a.block, a.facility],
      [b.block, b.facility],
    ]);
    if (fenced !== undefined) return fenced;
    const toSecond = canonicalAssignment({ person: b.person, facility: a.facility, pool: a.pool, block: a.block });
    const toFirst = canonicalAssignment({ person: a.person, facility: b.facility, pool: b.pool, block: b.block });
    if (a.block === b.block && a.facility === b.facility && a.pool === b.pool) {
      return done(`${a.person} and ${b.person} already hold the same slot ${a.facility}/${a.pool} in block ${a.block}; nothing changed`);
    }
    return this.#commitEdit([a, b], [toFirst, toSecond], `exchanged: ${describe(toFirst)}; ${describe(toSecond)}`);
  }

  #move(cmd: Command, op: Extract<Op, { kind: 'move' }>): ApplyResult {
    const from = this.#assignment(op.block, op.person);
    if (from === undefined) return refuse('notFound', `person ${op.person} holds no assignment in block ${op.block}`);
    const to = canonicalAssignment({
      person: op.toPerson || from.person,
      facility: op.toFacility || from.facility,
      pool: op.toPool || from.pool,
      block: from.block,
    });
    if (!this.#people.has(to.person)) return refuse('notFound', `person ${to.person} not found`);
    const missing = this.#checkSlot(to.facility, to.pool);
    if (missing !== undefined) return missing;
    const fenced = this.#fence(cmd, [
      [from.block, from.facility],
      [to.block, to.facility],
    ]);
    if (fenced !== undefined) return fenced;
    if (sameAssignment(from, to)) return done(`nothing to move: ${describe(from)} already; nothing changed`);
    return this.#commitEdit([from], [to], `moved ${describe(from)} to ${describe(to)}`);
  }

  /**
   * Replaces `removed` by `added` atomically, after checking the result: no double
   * booking, and the bulkhead rules in every (block, facility) touched. Callers have
   * checked existence and fencing.
   */
  #commitEdit(removed: readonly Assignment[], added: readonly Assignment[], detail: string): ApplyResult {
    const gone = new Set(removed.map((a) => `${a.block}/${a.person}`));
    for (const a of added) {
      const existing = this.#assignment(a.block, a.person);
      if (existing !== undefined && !gone.has(`${a.block}/${a.person}`)) {
        return refuse(
          'conflict',
          `person ${a.person} already holds an assignment in block ${a.block}: ${existing.facility}/${existing.pool} (unassign it first)`,
        );
      }
    }
    const touched = new Map<string, [string, string]>();
    for (const a of [...removed, ...added]) touched.set(`${a.block}/${a.facility}`, [a.block, a.facility]);
    for (const [block, facility] of [...touched.values()].sort((x, y) => compareStrings(x[0], y[0]) || compareStrings(x[1], y[1]))) {
      const table = this.#poolTable(facility) ?? [];
      const before = this.#counts(block, facility);
      const after = new Map(before);
      for (const a of removed) if (a.block === block && a.facility === facility) after.set(a.pool, (after.get(a.pool) ?? 0) - 1);
      for (const a of added) if (a.block === block && a.facility === facility) after.set(a.pool, (after.get(a.pool) ?? 0) + 1);
      const broken = checkPoolRules(table, before, after, `at facility ${facility} in block ${block}`);
      if (broken !== undefined) return refuse('conflict', broken);
    }
    for (const a of removed) this.#deleteAssignment(a.block, a.person);
    for (const a of added) this.#insertAssignment(a);
    const changes: Change[] = [
      ...removed.map((assignment) => ({ kind: 'unassigned' as const, assignment })),
      ...added.map((assignment) => ({ kind: 'assigned' as const, assignment })),
      // Final approvals beat emergency coverage: re-lay the covers of the blocks touched.
      ...this.#relay([...removed, ...added].map((a) => a.block)),
    ];
    return done(detail, changes);
  }

  #assignment(block: string, person: string): Assignment | undefined {
    return this.#assignments.get(block)?.get(person);
  }

  #insertAssignment(assignment: Assignment): void {
    let inBlock = this.#assignments.get(assignment.block);
    if (inBlock === undefined) {
      inBlock = new Map();
      this.#assignments.set(assignment.block, inBlock);
    }
    inBlock.set(assignment.person, assignment);
    this.#versions.set(assignment.block, this.#index);
  }

  #deleteAssignment(block: string, person: string): void {
    const inBlock = this.#assignments.get(block);
    inBlock?.delete(person);
    this.#versions.set(block, this.#index);
    // Drop empty maps so state never depends on what was once assigned.
    if (inBlock !== undefined && inBlock.size === 0) this.#assignments.delete(block);
  }

  /** People per pool of `facility` in `block`. */
  #counts(block: string, facility: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const a of this.#assignments.get(block)?.values() ?? []) {
      if (a.facility === facility) counts.set(a.pool, (counts.get(a.pool) ?? 0) + 1);
    }
    return counts;
  }

  // ---------------------------------------------------------------- pools

  /** The pool table in force at a facility: set by setPools, else configured; undefined for an unknown facility. */
  #poolTable(facility: string): readonly PoolSpec[] | undefined {
    return this.#customPools.get(facility) ?? this.#configuredPools.get(facility);
  }

  #setPools(facility: string, input: readonly PoolSpec[]): ApplyResult {
    if (!this.#configuredPools.has(facility)) return refuse('notFound', `facility ${facility} not found`);
    const pools = canonicalPoolTable(input);
    const names = new Set(pools.map((p) => p.name));
    const blocks = [...this.#assignments.keys()].sort(compareStrings);
    for (const block of blocks) {
      const counts = this.#counts(block, facility);
      for (const [pool, n] of [...counts].sort((x, y) => compareStrings(x[0], y[0]))) {
        if (!names.has(pool)) {
          return refuse('conflict', `block ${block} has ${n} people in pool ${pool} at facility ${facility}, which the new table lacks (move them first)`);
        }
      }
      const over = describeOverLimit(pools, counts, `at facility ${facility} in block ${block}`);
      if (over !== undefined) return refuse('conflict', `the new pool table does not fit the schedule: ${over}`);
    }
    const current = this.#customPools.get(facility);
    if (current !== undefined && samePoolTable(current, pools)) {
      return done(`facility ${facility} already has this pool table; nothing changed`);
    }
    this.#customPools.set(facility, pools);
    const summary = pools.map((p) => `${p.name} ${p.capacity}/${p.reserved}/${p.borrowLimit}${p.flex ? ' flex' : ''}`).join(', ');
    return done(`set the pools of facility ${facility}: ${summary}`, [{ kind: 'poolsSet', facility, pools }, ...this.#relay(this.#coverage.liveBlocks())]);
  }

  // ---------------------------------------------------------------- emergency coverage

  #coverageChanges(transitions: readonly CoverageTransition[]): Change[] {
    return transitions.map((t) => ({ kind: 'coverage', id: t.id, block: blockOf(this.#coverage.get(t.id)!.write), to: t.to }));
  }

  /** Lays the emergency writes of `blocks` over the final schedule again (coverage.ts); the changes of status. */
  #relay(blocks: Iterable<string>): Change[] {
    const out: Change[] = [];
    for (const block of new Set(blocks)) out.push(...this.#coverageChanges(this.#coverage.relay(block, this.#coverageContext)));
    return out;
  }

  /**
   * One emergency write through Raft, its client waiting: kept only if it stands (a
   * cover) or withdraws something (an uncover); otherwise refused like the final write
   * it resembles, so the coordinator hears at once. A write already in the log (its
   * journal got there first) changes nothing.
   */
  #applyCoverage(input: CoverageWrite): ApplyResult {
    const write = canonicalCoverageWrite(input);
    const known = this.#coverage.get(write.id);
    if (known !== undefined) {
      return done(`emergency write ${write.id} is already in the log (index ${known.index}): ${describeStatus(known.status)}; nothing changed`);
    }
    const would = this.#coverage.preview(write, [], this.#coverageContext);
    if (would.kind === 'conflict') {
      const missing = / not found$|^nothing to withdraw/.test(would.reason);
      return refuse(missing ? 'notFound' : 'conflict', would.reason);
    }
    if (would.kind === 'confirmed') return done(`${describeWrite(write)}: already assigned by final approval; nothing changed`);
    this.#coverage.add(write, this.#index);
    return done(`emergency coverage ${describeWrite(write)}`, this.#relay([blockOf(write)]));
  }

  /** A facility's journal: each write not yet in the log joins it; the blocks touched are re-laid. */
  #reconcile(facility: string, input: readonly CoverageWrite[]): ApplyResult {
    const blocks = new Set<string>();
    let known = 0;
    for (const w of input) {
      if (this.#coverage.has(w.id)) {
        known++;
        continue;
      }
      const write = canonicalCoverageWrite(w);
      this.#coverage.add(write, this.#index);
      blocks.add(blockOf(write));
    }
    const changes = this.#relay(blocks);
    const outcome = new Map<string, number>();
    for (const w of input) {
      const kind = this.#coverage.get(w.id)!.status.kind;
      outcome.set(kind, (outcome.get(kind) ?? 0) + 1);
    }
    const summary = [...outcome].sort((a, b) => compareStrings(a[0], b[0])).map(([k, n]) => `${n} ${k}`).join(', ');
    return done(`reconciled ${input.length} emergency writes from ${facility} (${input.length - known} new, ${known} already in the log): ${summary}`, changes);
  }

  /**
   * A coordinator settles an emergency write: dismiss retires one in conflict or standing
   * (withdrawing it); accept retires one in conflict and applies it as a final approval
   * (assign, or unassign for a withdrawal) under that op's rules, or refuses and changes
   * nothing. Either way the block is laid down again.
   */
  #resolveConflict(cmd: Command, id: string, decision: 'accept' | 'dismiss'): ApplyResult {
    const record = this.#coverage.get(id);
    if (record === undefined) return refuse('notFound', `no emergency write ${id} is in the log`);
    const kind = record.status.kind;
    if (kind !== 'conflict' && !(decision === 'dismiss' && kind === 'standing')) {
      return refuse('conflict', `emergency write ${id} cannot be ${decision === 'accept' ? 'accepted' : 'dismissed'}: it is ${describeStatus(record.status)}`);
    }
    const t = this.#coverage.retire(id, decision === 'accept' ? 'accepted' : 'dismissed', this.#index)!;
    if (decision === 'dismiss') return done(`dismissed ${describeWrite(record.write)}`, [...this.#coverageChanges([t]), ...this.#relay([blockOf(record.write)])]);
    const op = record.write.op;
    const r = op.kind === 'cover' ? this.#assign(cmd, op.assignment) : this.#unassign(cmd, op.person, op.block);
    if (!r.ok) {
      this.#coverage.restore(record);
      return refuse(r.code, `cannot accept ${id} as a final approval: ${r.message}`);
    }
    return done(`accepted ${describeWrite(record.write)} as a final approval: ${r.detail}`, [...this.#coverageChanges([t]), ...(r.changes ?? [])]);
  }

  // ---------------------------------------------------------------- locks

  #lock(block: string, facility: string): LockRecord | undefined {
    return this.#locks.get(block)?.get(facility);
  }

  #setLock(lock: LockRecord): void {
    let inBlock = this.#locks.get(lock.block);
    if (inBlock === undefined) {
      inBlock = new Map();
      this.#locks.set(lock.block, inBlock);
    }
    inBlock.set(lock.facility, lock);
  }

  #deleteLock(block: string, facility: string): void {
    const inBlock = this.#locks.get(block);
    inBlock?.delete(facility);
    if (inBlock !== undefined && inBlock.size === 0) this.#locks.delete(block);
  }

  /** Every lock stored for `block`, sorted by facility ('' first). */
  #locksOf(block: string): LockRecord[] {
    return [...(this.#locks.get(block)?.values() ?? [])].sort((a, b) => compareStrings(a.facility, b.facility));
  }

  #acquireLock(block: string, facility: string, holder: string, ttlMs: number, index: number): ApplyResult {
    if (!this.#blocks.has(block)) return refuse('notFound', `block ${block} not found`);
    if (facility !== '' && !this.#configuredPools.has(facility)) return refuse('notFound', `facility ${facility} not found`);
    const clock = this.#clockMs;
    const inTheWay = this.#locksOf(block).filter((other) => conflicts(other, block, facility));
    const live = inTheWay.find((other) => isLive(other, clock));
    if (live !== undefined) {
      return refuse('conflict', `${describeLock(live)}; ${describeScope(block, facility)} cannot be locked by ${holder} until then`);
    }
    // Expired and in the way: it goes (the new lock's scope may be another one).
    for (const other of inTheWay) this.#deleteLock(other.block, other.facility);
    const lock = canonicalLock({ block, facility, holder, token: index, grantedAtMs: clock, expiresAtMs: clock + ttlMs });
    this.#setLock(lock);
    return done(
      `locked ${describeScope(block, facility)} for ${holder}: token ${lock.token}, until ${formatTime(lock.expiresAtMs)}`,
      [{ kind: 'lockAcquired', lock }],
      lock,
    );
  }

  #renewLock(block: string, facility: string, token: number, ttlMs: number): ApplyResult {
    const current = this.#lock(block, facility);
    if (current === undefined) return refuse('notFound', `there is no lock on ${describeScope(block, facility)}`);
    if (current.token !== token) return refuse('conflict', `lock token ${token} is stale: ${describeLock(current)}`);
    if (!isLive(current, this.#clockMs)) {
      return refuse(
        'conflict',
        `the lock on ${describeScope(block, facility)} (token ${token}) expired at ${formatTime(current.expiresAtMs)}; acquire it again`,
      );
    }
    const lock = canonicalLock({ ...current, expiresAtMs: this.#clockMs + ttlMs });
    this.#setLock(lock);
    return done(
      `renewed the lock on ${describeScope(block, facility)} (token ${token}) until ${formatTime(lock.expiresAtMs)}`,
      [{ kind: 'lockRenewed', lock }],
      lock,
    );
  }

  #releaseLock(block: string, facility: string, token: number): ApplyResult {
    const current = this.#lock(block, facility);
    if (current === undefined) return refuse('notFound', `there is no lock on ${describeScope(block, facility)}`);
    if (current.token !== token) return refuse('conflict', `lock token ${token} is stale: ${describeLock(current)}`);
    this.#deleteLock(block, facility);
    const expired = isLive(current, this.#clockMs) ? '' : ` (it had expired at ${formatTime(current.expiresAtMs)})`;
    return done(
      `released the lock on ${describeScope(block, facility)} (token ${token})${expired}`,
      [{ kind: 'lockReleased', lock: current }],
      current,
    );
  }

  /**
   * Lock fencing for an edit touching (block, facility) `scopes`: every live lock covering
   * one of them must have its token among cmd.lockTokens, and every presented token must
   * be such a lock's. Returns the refusal, or undefined when the edit may proceed.
   */
  #fence(cmd: Command, scopes: readonly (readonly [string, string])[]): ApplyResult | undefined {
    const tokens = cmd.lockTokens ?? [];
    const clock = this.#clockMs;
    const covering = new Map<string, LockRecord>();
    for (const [block, facility] of scopes) {
      for (const lock of this.#locksOf(block)) {
        if (isLive(lock, clock) && covers(lock, block, facility)) covering.set(`${lock.block}/${lock.facility}`, lock);
      }
    }
    for (const lock of covering.values()) {
      if (tokens.includes(lock.token)) continue;
      return refuse(
        'conflict',
        tokens.length === 0
          ? `${describeLock(lock)}; this edit presents no lock token`
          : `${describeLock(lock)}; the lock token${tokens.length > 1 ? 's' : ''} presented (${tokens.join(', ')}) ${tokens.length > 1 ? 'are' : 'is'} stale`,
      );
    }
    const live = [...covering.values()];
    for (const token of tokens) {
      if (live.some((lock) => lock.token === token)) continue;
      const blocks = [...new Set(scopes.map(([block]) => block))];
      const known = blocks.flatMap((block) => this.#locksOf(block)).find((lock) => lock.token === token);
      if (known !== undefined && !isLive(known, clock)) {
        return refuse(
          'conflict',
          `lock token ${token} has expired: the lease on ${describeScope(known.block, known.facility)} ran out at ${formatTime(known.expiresAtMs)} (log clock ${formatTime(clock)})`,
        );
      }
      if (known !== undefined) {
        return refuse('conflict', `lock token ${token} locks ${describeScope(known.block, known.facility)}, which this edit does not touch`);
      }
      const where = scopes.map(([block, facility]) => describeScope(block, facility)).join(' and ');
      return refuse('conflict', `lock token ${token} is not a live lock on ${where} (it expired, was released or replaced, or never existed)`);
    }
    return undefined;
  }

  // ---------------------------------------------------------------- reads

  /**
   * A block's schedule, optionally only one facility's part of it, with assignments
   * sorted by facility, pool, person. Undefined when the block does not exist; an
   * unknown facility yields an empty list.
   */
  getSchedule(block: string, facility?: string): BlockSchedule | undefined {
    const found = this.#blocks.get(block);
    if (found === undefined) return undefined;
    const all = [...(this.#assignments.get(block)?.values() ?? [])];
    const assignments = facility === undefined ? all : all.filter((a) => a.facility === facility);
    return { block: found, assignments: assignments.sort(compareBySchedule) };
  }

  /**
   * What is wrong with a block's final schedule under the schedule's rules, checked from
   * scratch (apply keeps them, so this finds only state that did not come from the log,
   * such as an edited data directory): every assignment's person and pool exists, and
   * each facility's pools hold no more than their rules allow. Empty when all is well;
   * undefined when the block does not exist.
   */
  blockRuleViolations(block: string): string[] | undefined {
    if (!this.#blocks.has(block)) return undefined;
    const problems: string[] = [];
    const facilities = new Set<string>();
    for (const a of this.#assignments.get(block)?.values() ?? []) {
      facilities.add(a.facility);
      if (!this.#people.has(a.person)) problems.push(`${a.person} is assigned but is not a person of the schedule`);
      const table = this.#poolTable(a.facility);
      if (table === undefined) problems.push(`${a.person} is assigned at ${a.facility}, which is not a facility`);
      else if (!table.some((p) => p.name === a.pool)) problems.push(`${a.person} is assigned to pool ${a.pool}, which ${a.facility} does not have`);
    }
    for (const facility of [...facilities].sort(compareStrings)) {
      const table = this.#poolTable(facility);
      if (table === undefined) continue;
      const over = describeOverLimit(table, this.#counts(block, facility), `at facility ${facility} in block ${block}`);
      if (over !== undefined) problems.push(over);
    }
    return problems;
  }

  /**
   * The version of a block's final schedule: the log index of the last command that
   * changed its assignments (or added it), 0 if none since a snapshot without versions.
   * Undefined when the block does not exist.
   */
  blockVersion(block: string): number | undefined {
    if (!this.#blocks.has(block)) return undefined;
    return this.#versions.get(block) ?? 0;
  }

  /** The pool table in force at a facility, or undefined for an unknown facility. */
  getPools(facility: string): FacilityPools | undefined {
    const pools = this.#poolTable(facility);
    if (pools === undefined) return undefined;
    return { facility, custom: this.#customPools.has(facility), pools };
  }

  /**
   * How each pool of a facility is used in a block, in table order. Undefined for an
   * unknown facility; an unknown block reads as empty.
   */
  poolUsage(block: string, facility: string): PoolUsage[] | undefined {
    const pools = this.#poolTable(facility);
    if (pools === undefined) return undefined;
    const counts = this.#counts(block, facility);
    for (const w of this.#coverage.standing(block).values()) {
      if (w.op.kind === 'cover' && w.op.assignment.facility === facility) counts.set(w.op.assignment.pool, (counts.get(w.op.assignment.pool) ?? 0) + 1);
    }
    return poolUsage(pools, counts as PoolCounts);
  }

  /**
   * The emergency writes the log has seen (coverage.ts), in the order they are laid
   * down, optionally only those of one block; each with where it stands.
   */
  coverage(block?: string): CoverageRecord[] {
    const all = this.#coverage.all();
    return block === undefined ? all : all.filter((r) => blockOf(r.write) === block);
  }

  /** The latest stamp of any emergency write in the log (a node's hybrid clock stays ahead of it). */
  latestCoverageStamp(): Stamp {
    return this.#coverage.latestStamp();
  }

  /** One emergency write by id, or undefined. */
  coverageRecord(id: string): CoverageRecord | undefined {
    return this.#coverage.get(id);
  }

  /**
   * How `write` would stand if it joined the log now together with `pending` (writes
   * this node accepted but has not reconciled: its journal). Changes nothing.
   */
  previewCoverage(write: CoverageWrite, pending: readonly CoverageWrite[]): CoverageStatus {
    return this.#coverage.preview(canonicalCoverageWrite(write), pending, this.#coverageContext);
  }

  /** The locks stored for a block (live and expired), sorted by facility, '' (whole block) first. */
  getLocks(block: string): LockRecord[] {
    return this.#locksOf(block);
  }

  /** The log clock: the largest timestampMs applied so far (0 before any). */
  clockMs(): number {
    return this.#clockMs;
  }

  /** The remembered first outcome of a request id, if it is still retained. */
  requestRecord(requestId: string): RequestRecord | undefined {
    return this.#requests.get(requestId);
  }

  /** Every person, sorted by id. */
  listPeople(): Person[] {
    return [...this.#people.values()].sort((a, b) => compareStrings(a.id, b.id));
  }

  /** Every block, sorted by id. */
  listBlocks(): Block[] {
    return [...this.#blocks.values()].sort((a, b) => compareStrings(a.id, b.id));
  }

  /** The person with this id, or undefined. */
  getPerson(id: string): Person | undefined {
    return this.#people.get(id);
  }

  /** The block with this id, or undefined. */
  getBlock(id: string): Block | undefined {
    return this.#blocks.get(id);
  }

  /** The configured facilities with their configured pool tables, frozen, sorted by id. */
  facilities(): readonly FacilityConfig[] {
    return this.#facilities;
  }

  #allAssignments(): Assignment[] {
    return [...this.#assignments.values()].flatMap((inBlock) => [...inBlock.values()]);
  }

  #allLocks(): LockRecord[] {
    return [...this.#locks.values()].flatMap((inBlock) => [...inBlock.values()]);
  }

  /**
   * The canonical digest (SHA-256, lowercase hex) of one block's schedule: see
   * block-digest.ts. Equal on every node whose block and assignments are equal.
   * Throws RangeError if the block does not exist.
   */
  digest(block: string): string {
    const schedule = this.getSchedule(block);
    if (schedule === undefined) throw new RangeError(`ScheduleMachine.digest: block ${block} not found`);
    return blockDigest(schedule.block, schedule.assignments);
  }

  /**
   * The whole state as canonical bytes (snapshot-format.ts): equal states give equal
   * bytes, however they were reached. The state includes the remembered request ids and
   * the log clock. Facilities are not included; restore takes them.
   */
  snapshot(): Uint8Array {
    return encodeSnapshot(this.snapshotContent());
  }

  /**
   * The records of the current state, for encodeSnapshotSlices: cheap (references to
   * immutable records), and unaffected by commands applied afterwards.
   */
  snapshotContent(): SnapshotContent {
    return {
      people: [...this.#people.values()],
      blocks: [...this.#blocks.values()],
      assignments: this.#allAssignments(),
      pools: [...this.#customPools].map(([facility, pools]) => ({ facility, pools })),
      locks: this.#allLocks(),
      requests: this.#requests.values(),
      coverage: this.#coverage.all(),
      versions: [...this.#versions].filter(([, version]) => version > 0).map(([block, version]) => ({ block, version })),
      clockMs: this.#clockMs,
    };
  }

  /**
   * Rebuilds a machine from snapshot() bytes (or a version 1 snapshot). Throws
   * CorruptStateError on corrupt or non-canonical bytes, duplicates, or references to a
   * missing person, block, facility or pool (a facility dropped from the configuration
   * shows up here).
   */
  static restore(facilities: readonly Facility[], bytes: Uint8Array, options: MachineOptions = {}): ScheduleMachine {
    const content = decodeSnapshot(bytes);
    const machine = new ScheduleMachine(facilities, options);
    machine.#load(content);
    const canonical = content.version === 1 ? encodeSnapshotV1(content) : encodeSnapshot(machine.snapshotContent(), content.version);
    if (canonical.length !== bytes.length || canonical.some((byte, i) => byte !== bytes[i])) {
      throw new CorruptStateError('schedule snapshot: not in canonical form (entries out of order)');
    }
    return machine;
  }

  /** Fills an empty machine with decoded snapshot content, refusing duplicates and dangling references. */
  #load(content: SnapshotContent): void {
    for (const person of content.people) {
      if (this.#people.has(person.id)) throw new CorruptStateError(`${entryName.person(person.id)}: duplicate person`);
      this.#people.set(person.id, person);
    }
    for (const block of content.blocks) {
      if (this.#blocks.has(block.id)) throw new CorruptStateError(`${entryName.block(block.id)}: duplicate block`);
      this.#blocks.set(block.id, block);
    }
    for (const a of content.assignments) {
      if (this.#assignment(a.block, a.person) !== undefined) {
        throw new CorruptStateError(`${entryName.assignment(a.block, a.person)}: duplicate assignment`);
      }
      this.#insertAssignment(a);
    }
    for (const { facility, pools } of content.pools) {
      if (this.#customPools.has(facility)) throw new CorruptStateError(`${entryName.pools(facility)}: duplicate pool table`);
      this.#customPools.set(facility, pools);
    }
    for (const lock of content.locks) {
      if (this.#lock(lock.block, lock.facility) !== undefined) {
        throw new CorruptStateError(`${entryName.lock(lock.block, lock.facility)}: duplicate lock`);
      }
      this.#setLock(lock);
    }
    const ids = new Set<string>();
    for (const r of content.coverage) {
      if (ids.has(r.write.id)) throw new CorruptStateError(`${entryName.coverage(r.write.id)}: duplicate emergency write`);
      ids.add(r.write.id);
    }
    this.#coverage.load(content.coverage);
    // Loading assignments stamped their blocks with index 0; the snapshot says better.
    this.#versions.clear();
    for (const v of content.versions) {
      if (!this.#blocks.has(v.block)) throw new CorruptStateError(`${entryName.block(v.block)}: a version for a block that does not exist`);
      if (this.#versions.has(v.block)) throw new CorruptStateError(`${entryName.block(v.block)}: duplicate version`);
      this.#versions.set(v.block, v.version);
    }
    this.#clockMs = content.clockMs;
    this.#checkReferences(content.requests);
  }

  /**
   * Checked once everything is loaded: an assignment's pool may be in a pool table that
   * comes after it in the snapshot.
   */
  #checkReferences(requests: readonly RequestRecord[]): void {
    const indexes = new Set<number>();
    for (const record of requests) {
      const at = entryName.request(record.requestId);
      if (indexes.has(record.index)) throw new CorruptStateError(`${at}: duplicate index ${record.index}`);
      indexes.add(record.index);
      if (record.timeMs > this.#clockMs) throw new CorruptStateError(`${at}: recorded after the log clock`);
    }
    this.#requests.load(requests);
    for (const person of this.#people.values()) {
      if (!this.#configuredPools.has(person.homeFacility)) {
        throw new CorruptStateError(`${entryName.person(person.id)}: home facility ${person.homeFacility} is not a configured facility`);
      }
    }
    for (const facility of this.#customPools.keys()) {
      if (!this.#configuredPools.has(facility)) throw new CorruptStateError(`${entryName.pools(facility)}: facility ${facility} is not a configured facility`);
    }
    for (const lock of this.#allLocks()) {
      const at = entryName.lock(lock.block, lock.facility);
      if (!this.#blocks.has(lock.block)) throw new CorruptStateError(`${at}: block ${lock.block} does not exist`);
      if (lock.facility !== '' && !this.#configuredPools.has(lock.facility)) {
        throw new CorruptStateError(`${at}: facility ${lock.facility} is not a configured facility`);
      }
    }
    for (const a of this.#allAssignments()) {
      const at = entryName.assignment(a.block, a.person);
      if (!this.#people.has(a.person)) throw new CorruptStateError(`${at}: person ${a.person} does not exist`);
      if (!this.#blocks.has(a.block)) throw new CorruptStateError(`${at}: block ${a.block} does not exist`);
      const pools = this.#poolTable(a.facility);
      if (pools === undefined) throw new CorruptStateError(`${at}: facility ${a.facility} is not a configured facility`);
      if (!pools.some((p) => p.name === a.pool)) throw new CorruptStateError(`${at}: pool ${a.pool} is not configured at facility ${a.facility}`);
    }
  }
}
