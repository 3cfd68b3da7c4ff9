/**
 * A small driver for rule tests: a machine fed commands at consecutive log indexes with
 * an explicit log time, plus assertions on outcomes. Pure: no I/O, no clock.
 */
import assert from 'node:assert/strict';
import { ScheduleMachine } from '../../node/schedule/index.ts';
import type { ApplyOutcome, Command, Facility, MachineOptions, Op } from '../../node/schedule/index.ts';

export const T0 = 1_700_000_000_000;

export class Driver {
  readonly machine: ScheduleMachine;
  index = 0;
  /** The timestamp the next command carries (ms); advance it with `at` or `after`. */
  now = T0;
  private request = 0;

  constructor(facilities: readonly Facility[], options: MachineOptions = {}) {
    this.machine = new ScheduleMachine(facilities, options);
  }

  /** Applies `op` at the next index with a fresh request id (or the given one). */
  apply(op: Op, extra: { requestId?: string; lockTokens?: number[]; timestampMs?: number; issuer?: string } = {}): ApplyOutcome {
    const cmd: Command = {
      requestId: extra.requestId ?? `r${++this.request}`,
      issuer: extra.issuer ?? 'A',
      timestampMs: extra.timestampMs ?? this.now,
      ...(extra.lockTokens ? { lockTokens: extra.lockTokens } : {}),
      op,
    };
    return this.machine.apply(cmd, ++this.index);
  }

  /** Applies a whole command as given (for retries). */
  applyCommand(cmd: Command): ApplyOutcome {
    return this.machine.apply(cmd, ++this.index);
  }

  /** Applies and insists on acceptance; returns the outcome. */
  ok(op: Op, extra: Parameters<Driver['apply']>[1] = {}): ApplyOutcome {
    const out = this.apply(op, extra);
    assert.equal(out.result.ok, true, `expected ${op.kind} to be accepted: ${out.result.ok ? '' : out.result.message}`);
    return out;
  }

  /** Applies and insists on a refusal with `code` whose message matches `pattern`; checks nothing changed. */
  refused(op: Op, code: string, pattern: RegExp, extra: Parameters<Driver['apply']>[1] = {}): string {
    const before = scheduleState(this.machine);
    const out = this.apply(op, extra);
    assert.equal(out.result.ok, false, `expected ${op.kind} to be refused`);
    if (out.result.ok) return '';
    assert.equal(out.result.code, code, out.result.message);
    assert.match(out.result.message, pattern);
    assert.equal(scheduleState(this.machine), before, 'a refused command changes nothing in the schedule');
    return out.result.message;
  }

  /** Advances the time the next command carries. */
  after(ms: number): this {
    this.now += ms;
    return this;
  }

  person(id: string, home = 'A'): void {
    this.ok({ kind: 'addPerson', person: { id, name: `Dr ${id}`, role: 'faculty', homeFacility: home } });
  }

  people(prefix: string, count: number, home = 'A'): string[] {
    const ids = Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
    for (const id of ids) this.person(id, home);
    return ids;
  }

  block(id: string): void {
    this.ok({ kind: 'addBlock', block: { id, start: '2026-07-01', end: '2026-07-28' } });
  }

  assign(person: string, facility: string, pool: string, block: string, lockTokens?: number[]): ApplyOutcome {
    return this.apply({ kind: 'assign', assignment: { person, facility, pool, block } }, lockTokens ? { lockTokens } : {});
  }

  /** People per pool at `facility` in `block`. */
  counts(block: string, facility: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.machine.getSchedule(block, facility)?.assignments ?? []) out[a.pool] = (out[a.pool] ?? 0) + 1;
    return out;
  }
}

/**
 * The schedule as the queries read it (people, blocks, assignments, pool tables, locks,
 * emergency coverage and its status), as comparable text. Leaves out the request memory and the log clock, which every
 * applied command changes, refused or not.
 */
export function scheduleState(machine: ScheduleMachine): string {
  const blocks = machine.listBlocks();
  return JSON.stringify({
    people: machine.listPeople(),
    blocks: blocks.map((b) => machine.getSchedule(b.id)),
    pools: machine.facilities().map((f) => machine.getPools(f.id)),
    locks: blocks.map((b) => machine.getLocks(b.id)),
    coverage: machine.coverage(),
  });
}
