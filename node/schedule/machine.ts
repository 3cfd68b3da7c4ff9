/**
 * ScheduleMachine: the replicated schedule (people, blocks, assignments) and the rules
 * every committed command is applied under. apply depends only on the current state,
 * the configured facilities and the command, so every node that applies the same log
 * holds the same state and writes the same rows.
 */
import { blockDigest } from './block-digest.ts';
import {
  canonicalAssignment,
  canonicalBlock,
  canonicalPerson,
  compareBySchedule,
  compareStrings,
  sameAssignment,
  sameBlock,
  samePerson,
} from './canonical.ts';
import { CorruptStateError } from './errors.ts';
import { normalizeFacilities } from './facility.ts';
import { decodeSnapshot, encodeSnapshot } from './snapshot-format.ts';
import { assignmentKey, blockKey, encodeRowValue, parseRow, personKey } from './table-rows.ts';
import { validateCommand } from './validate.ts';
import type { Assignment, Block, Command, Person } from './command.ts';
import type { Facility } from './facility.ts';
import type { ApplyErrorCode, ApplyOutcome, TableWrite } from './outcome.ts';
import type { Row } from './table-rows.ts';

function refuse(code: ApplyErrorCode, message: string): ApplyOutcome {
  return { result: { ok: false, code, message }, writes: [] };
}

function done(detail: string, writes: TableWrite[]): ApplyOutcome {
  return { result: { ok: true, detail }, writes };
}

function describe(a: Assignment): string {
  return `${a.person} -> ${a.facility}/${a.pool} in block ${a.block}`;
}

/** The schedule of one block, as getSchedule returns it. */
export interface BlockSchedule {
  readonly block: Block;
  /** Sorted by facility, then pool, then person. */
  readonly assignments: Assignment[];
}

/**
 * The schedule state machine. Not thread-safe in any sense that matters here: one
 * driver applies committed entries in log order. Records it returns are frozen.
 */
export class ScheduleMachine {
  readonly #facilities: readonly Facility[];
  readonly #pools: ReadonlyMap<string, ReadonlySet<string>>;
  readonly #people = new Map<string, Person>();
  readonly #blocks = new Map<string, Block>();
  /** block id -> person id -> assignment; keyed this way so double booking cannot be stored. */
  readonly #assignments = new Map<string, Map<string, Assignment>>();

  /**
   * An empty schedule for these facilities (order irrelevant; pools as configured,
   * DEFAULT_POOLS is the usual choice). Every node must be given the same list.
   * Throws TypeError on an invalid or duplicate facility or pool id.
   */
  constructor(facilities: readonly Facility[]) {
    this.#facilities = normalizeFacilities(facilities);
    this.#pools = new Map(this.#facilities.map((f) => [f.id, new Set(f.pools)]));
  }

  /**
   * Applies one committed command at log index `index` (a positive integer; throws
   * RangeError otherwise, which is a driver bug). Returns the result for the client and
   * the rows to write. A refused command changes nothing and has no writes; an accepted
   * command that changes nothing (an identical re-add or re-assign) has no writes either.
   *
   * Rules, checked in this order:
   * - any command: validateCommand must pass, else invalidArgument;
   * - addPerson: an existing id is ok if identical, else alreadyExists; the home
   *   facility must be configured (notFound);
   * - addBlock: an existing id is ok if identical, else alreadyExists;
   * - assign: person, block, facility, then pool must exist (notFound naming the first
   *   missing); a person holds at most one assignment per block (conflict naming the
   *   existing one), the identical assignment is an ok no-op;
   * - unassign: the person must hold an assignment in the block (notFound).
   */
  apply(cmd: Command, index: number): ApplyOutcome {
    if (!Number.isSafeInteger(index) || index < 1) {
      throw new RangeError(`ScheduleMachine.apply: index must be a positive integer (got ${index})`);
    }
    // Again on apply, not only at the server: a buggy or outdated peer may have proposed it.
    const invalid = validateCommand(cmd);
    if (invalid !== undefined) return refuse('invalidArgument', invalid);
    const op = cmd.op;
    switch (op.kind) {
      case 'addPerson':
        return this.#addPerson(op.person);
      case 'addBlock':
        return this.#addBlock(op.block);
      case 'assign':
        return this.#assign(op.assignment);
      case 'unassign':
        return this.#unassign(op.person, op.block);
      default: {
        const never: never = op;
        return refuse('invalidArgument', `op.kind: unknown ${String((never as { kind: unknown }).kind)}`);
      }
    }
  }

  #addPerson(input: Person): ApplyOutcome {
    const person = canonicalPerson(input);
    const existing = this.#people.get(person.id);
    if (existing !== undefined) {
      return samePerson(existing, person)
        ? done(`person ${person.id} already exists as given; nothing changed`, [])
        : refuse('alreadyExists', `person ${person.id} already exists with different details`);
    }
    if (!this.#pools.has(person.homeFacility)) {
      return refuse('notFound', `home facility ${person.homeFacility} of person ${person.id} is not a facility of this cluster`);
    }
    this.#people.set(person.id, person);
    return done(`added person ${person.id}`, [{ type: 'put', key: personKey(person.id), value: encodeRowValue(person) }]);
  }

  #addBlock(input: Block): ApplyOutcome {
    const block = canonicalBlock(input);
    const existing = this.#blocks.get(block.id);
    if (existing !== undefined) {
      return sameBlock(existing, block)
        ? done(`block ${block.id} already exists as given; nothing changed`, [])
        : refuse('alreadyExists', `block ${block.id} already exists with different dates (${existing.start}..${existing.end})`);
    }
    this.#blocks.set(block.id, block);
    return done(`added block ${block.id} (${block.start}..${block.end})`, [
      { type: 'put', key: blockKey(block.id), value: encodeRowValue(block) },
    ]);
  }

  #assign(input: Assignment): ApplyOutcome {
    const assignment = canonicalAssignment(input);
    if (!this.#people.has(assignment.person)) return refuse('notFound', `person ${assignment.person} not found`);
    if (!this.#blocks.has(assignment.block)) return refuse('notFound', `block ${assignment.block} not found`);
    const pools = this.#pools.get(assignment.facility);
    if (pools === undefined) return refuse('notFound', `facility ${assignment.facility} not found`);
    if (!pools.has(assignment.pool)) {
      return refuse('notFound', `pool ${assignment.pool} not found at facility ${assignment.facility}`);
    }
    const existing = this.#assignments.get(assignment.block)?.get(assignment.person);
    if (existing !== undefined) {
      return sameAssignment(existing, assignment)
        ? done(`${describe(assignment)} already assigned; nothing changed`, [])
        : refuse(
            'conflict',
            `person ${assignment.person} already holds an assignment in block ${assignment.block}: ` +
              `${existing.facility}/${existing.pool} (unassign it first)`,
          );
    }
    this.#insertAssignment(assignment);
    return done(`assigned ${describe(assignment)}`, [
      { type: 'put', key: assignmentKey(assignment.block, assignment.person), value: encodeRowValue(assignment) },
    ]);
  }

  #unassign(person: string, block: string): ApplyOutcome {
    const inBlock = this.#assignments.get(block);
    const existing = inBlock?.get(person);
    if (inBlock === undefined || existing === undefined) {
      return refuse('notFound', `person ${person} holds no assignment in block ${block}`);
    }
    inBlock.delete(person);
    // Drop empty maps so state never depends on what was once assigned.
    if (inBlock.size === 0) this.#assignments.delete(block);
    return done(`unassigned ${describe(existing)}`, [{ type: 'del', key: assignmentKey(block, person) }]);
  }

  #insertAssignment(assignment: Assignment): void {
    let inBlock = this.#assignments.get(assignment.block);
    if (inBlock === undefined) {
      inBlock = new Map();
      this.#assignments.set(assignment.block, inBlock);
    }
    inBlock.set(assignment.person, assignment);
  }

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

  /** The configured facilities, frozen, sorted by id. */
  facilities(): readonly Facility[] {
    return this.#facilities;
  }

  #allAssignments(): Assignment[] {
    return [...this.#assignments.values()].flatMap((inBlock) => [...inBlock.values()]);
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
   * bytes, however they were reached. Facilities are not included; restore takes them.
   */
  snapshot(): Uint8Array {
    return encodeSnapshot({
      people: [...this.#people.values()],
      blocks: [...this.#blocks.values()],
      assignments: this.#allAssignments(),
    });
  }

  /**
   * Every current row as a put, sorted by key: what the tables must hold after a
   * snapshot install (the driver clears `sm/` and writes these in one batch).
   */
  rows(): TableWrite[] {
    const writes: TableWrite[] = [
      ...[...this.#people.values()].map((p) => ({ type: 'put' as const, key: personKey(p.id), value: encodeRowValue(p) })),
      ...[...this.#blocks.values()].map((b) => ({ type: 'put' as const, key: blockKey(b.id), value: encodeRowValue(b) })),
      ...this.#allAssignments().map((a) => ({
        type: 'put' as const,
        key: assignmentKey(a.block, a.person),
        value: encodeRowValue(a),
      })),
    ];
    return writes.sort((a, b) => compareStrings(a.key, b.key));
  }

  /**
   * Rebuilds a machine from snapshot() bytes. Throws CorruptStateError on corrupt or
   * non-canonical bytes, duplicates, or references to a missing person, block,
   * facility or pool (a facility dropped from the configuration shows up here).
   */
  static restore(facilities: readonly Facility[], bytes: Uint8Array): ScheduleMachine {
    const content = decodeSnapshot(bytes);
    const machine = new ScheduleMachine(facilities);
    const where = (key: string): string => `schedule snapshot: ${key}`;
    for (const person of content.people) machine.#load({ kind: 'person', person }, where(personKey(person.id)));
    for (const block of content.blocks) machine.#load({ kind: 'block', block }, where(blockKey(block.id)));
    for (const assignment of content.assignments) {
      machine.#load({ kind: 'assignment', assignment }, where(assignmentKey(assignment.block, assignment.person)));
    }
    machine.#checkReferences(where);
    const canonical = machine.snapshot();
    if (canonical.length !== bytes.length || canonical.some((byte, i) => byte !== bytes[i])) {
      throw new CorruptStateError('schedule snapshot: not in canonical form (entries out of order)');
    }
    return machine;
  }

  /**
   * Rebuilds a machine from the `sm/` table rows at start-up, in any order. Throws
   * CorruptStateError naming the key on a malformed or duplicate row, or a row that
   * refers to a missing person, block, facility or pool.
   */
  static fromRows(facilities: readonly Facility[], rows: Iterable<[string, Uint8Array]>): ScheduleMachine {
    const machine = new ScheduleMachine(facilities);
    for (const [key, value] of rows) {
      if (typeof key !== 'string') throw new CorruptStateError(`row key ${String(key)} is not a string`);
      machine.#load(parseRow(key, value), key);
    }
    machine.#checkReferences((key) => key);
    return machine;
  }

  #load(row: Row, where: string): void {
    switch (row.kind) {
      case 'person':
        if (this.#people.has(row.person.id)) throw new CorruptStateError(`${where}: duplicate person`);
        this.#people.set(row.person.id, row.person);
        return;
      case 'block':
        if (this.#blocks.has(row.block.id)) throw new CorruptStateError(`${where}: duplicate block`);
        this.#blocks.set(row.block.id, row.block);
        return;
      case 'assignment':
        if (this.#assignments.get(row.assignment.block)?.has(row.assignment.person)) {
          throw new CorruptStateError(`${where}: duplicate assignment`);
        }
        this.#insertAssignment(row.assignment);
        return;
    }
  }

  /** Rows may arrive in any order, so references are checked once everything is loaded. */
  #checkReferences(where: (key: string) => string): void {
    for (const person of this.#people.values()) {
      if (!this.#pools.has(person.homeFacility)) {
        throw new CorruptStateError(
          `${where(personKey(person.id))}: home facility ${person.homeFacility} is not a configured facility`,
        );
      }
    }
    for (const a of this.#allAssignments()) {
      const at = where(assignmentKey(a.block, a.person));
      if (!this.#people.has(a.person)) throw new CorruptStateError(`${at}: person ${a.person} does not exist`);
      if (!this.#blocks.has(a.block)) throw new CorruptStateError(`${at}: block ${a.block} does not exist`);
      const pools = this.#pools.get(a.facility);
      if (pools === undefined) throw new CorruptStateError(`${at}: facility ${a.facility} is not a configured facility`);
      if (!pools.has(a.pool)) throw new CorruptStateError(`${at}: pool ${a.pool} is not configured at facility ${a.facility}`);
    }
  }
}
