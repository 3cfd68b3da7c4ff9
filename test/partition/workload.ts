/**
 * Workloads: concurrent clients driving rosterd through its public gRPC API while a
 * nemesis injects faults, recording every operation for the checks.
 *
 * A workload is one `Workload` object: it sets up what its operations need, runs logical
 * clients, reads the final state for the durability check, and names the model the
 * linearizability checker judges its history with. The schedule workload below is the
 * first; the lock workload (lock-workload.ts: acquire/renew/release and fenced edits,
 * checked against test/lin/models/schedule-lock.ts) is the second; the coverage workload
 * (coverage-workload.ts: emergency coverage to any node next to this file's final
 * approvals, with checks of its own on the healed cluster) is the third. workloads.ts
 * names them.
 */
import { status as Code } from '@grpc/grpc-js';
import type { Model } from '../lin/model.ts';
import {
  scheduleCellModel,
  type CellKey,
  type CellValue,
  type ScheduleInput,
  type ScheduleOutput,
  type ScheduleState,
} from '../lin/models/schedule-cell.ts';
import type { CallError, CallResult } from './client.ts';
import { History, type RecordedOp, type ResultClass } from './history.ts';
import { sleep, type NetnsCluster } from './nodes.ts';
import type { SeededRandom } from './rng.ts';

/** What a workload is given for one run. */
export interface WorkloadContext {
  readonly cluster: NetnsCluster;
  /** Forked per client by the workload; all choices come from it. */
  readonly rng: SeededRandom;
  /** Prefix for request ids, unique per run. */
  readonly runId: string;
}

/** A workload, as the runner drives it. */
export interface Workload<S, I, O> {
  readonly name: string;
  readonly model: Model<S, I, O>;
  readonly history: History<I, O>;
  /** Creates what the operations need; every write acknowledged (retried until ok). */
  setup(): Promise<void>;
  /** Runs client `worker` until `stopped()` is true; each op is bounded by its deadline. */
  runClient(worker: number, stopped: () => boolean): Promise<void>;
  /**
   * Reads the final state (linearizable reads through the cluster) and records them as
   * operations of a final client, so the checker also judges durability: an acknowledged
   * write that is missing after the restart makes the history non-linearizable.
   */
  recordFinalReads(): Promise<void>;
  /** Acknowledged writes that the final state contradicts (an explicit, simpler check). */
  lostWrites(): string[];
  /** Errors that fit no part of rosterd's contract (a bug of rosterd or of the workload). */
  readonly unexpected: readonly string[];
  /** What the operations touched, for the verdict line (e.g. `128 cells`). */
  scope(): string;
  /** What one partition of the checked history is, in reports (default `cell`). */
  readonly partitionKind?: string;
  /** One node's full state of the workload's data, read locally (stale), canonical; undefined if unreadable. */
  localState(node: string): Promise<{ applied: number; state: string } | undefined>;
  /**
   * Runs beside the clients, from their start until `stopped()`, to observe the nodes
   * (not to load them): what the workload's own checks need to know about the run.
   */
  watch?(stopped: () => boolean): Promise<void>;
  /**
   * The workload's own checks on the real cluster, after the restart, the final reads and
   * convergence: one line (or paragraph) per failure, empty when all hold.
   */
  finalChecks?(): Promise<string[]>;
  /** Counts of what the run exercised, by name (for tests that require a run to have exercised something). */
  tallies?(): Readonly<Record<string, number>>;
  /** Records kept with a failed (or --keep) run besides the history: file name -> JSON value. */
  artifacts?(): Readonly<Record<string, unknown>>;
}

/** Deadline of one client operation, all redirects included. */
export const OP_TIMEOUT_MS = 1500;
/** Pause after a failed operation, so a client does not spin against a node without a leader. */
const BACKOFF_AFTER_FAIL_MS = 60;

/**
 * UNAVAILABLE details that rosterd sends only when the write was definitely not applied
 * (node/replica/replica.ts, node/errors.ts). Any other UNAVAILABLE may come from the
 * transport after the request was sent, so its outcome is unknown.
 */
const NOT_APPLIED_UNAVAILABLE = [
  'the request was cancelled before it was proposed',
  'leadership is moving to',
  'a membership change',
  'leadership changed before the write committed; it was not applied',
  'the node is shutting down',
  'the node stopped serving after a fatal error',
  // grpc-js: the call never left the client (no connection to the node).
  'No connection established',
];

/** How a failed write attempt is to be read. */
export type WriteErrorClass =
  | { kind: 'redirect'; leader: string }
  | { kind: 'refused'; why: 'held' | 'missing' }
  | { kind: 'fail' }
  | { kind: 'unknown' }
  | { kind: 'unexpected' };

/** Metadata key of every error a node sends (ERROR_KEY in node/errors.ts): the error's class. */
export const ERROR_KEY = 'x-roster-error';

/** Classifies a failed write (Assign/Unassign/Move) by rosterd's error contract. */
export function classifyWriteError(e: CallError): WriteErrorClass {
  // A node in a minority refuses a final approval before proposing it (PartitionError).
  if (e.code === Code.UNAVAILABLE && e.metadata[ERROR_KEY] === 'partitioned') return { kind: 'fail' };
  if (e.code === Code.FAILED_PRECONDITION) {
    if (e.metadata['x-roster-leader-id'] !== undefined) return { kind: 'redirect', leader: e.metadata['x-roster-leader-id'] };
    if (/already holds/.test(e.details)) return { kind: 'refused', why: 'held' };
    return { kind: 'unexpected' };
  }
  if (e.code === Code.NOT_FOUND && /holds no assignment/.test(e.details)) return { kind: 'refused', why: 'missing' };
  if (e.code === Code.UNAVAILABLE) {
    if (e.metadata['x-roster-outcome'] === 'unknown') return { kind: 'unknown' };
    return NOT_APPLIED_UNAVAILABLE.some((s) => e.details.startsWith(s)) ? { kind: 'fail' } : { kind: 'unknown' };
  }
  if (e.code === Code.RESOURCE_EXHAUSTED) return { kind: 'fail' };
  if (e.code === Code.NOT_FOUND || e.code === Code.INVALID_ARGUMENT || e.code === Code.ALREADY_EXISTS) return { kind: 'unexpected' };
  // DEADLINE_EXCEEDED, CANCELLED, INTERNAL, UNKNOWN, ...: the request may have been applied.
  return { kind: 'unknown' };
}

function describeError(e: CallError): string {
  return `${Code[e.code] ?? e.code}: ${e.details}`;
}

interface WireAssignment {
  person: string;
  facility: string;
  pool: string;
  block: string;
}
interface ScheduleReply {
  header: { appliedIndex: number; servedBy: string };
  assignments: WireAssignment[];
}

/** Options of the schedule workload; the defaults keep every cell's history short. */
export interface ScheduleWorkloadOptions {
  /** People, each holding at most one assignment per block. */
  readonly people: number;
  /** Blocks created at setup. */
  readonly blocks: number;
  /** Blocks a client works on at a time; it moves to the next ones every `opsPerWindow` ops. */
  readonly blocksPerWindow: number;
  readonly opsPerWindow: number;
  /** Operation mix; reads take the rest. */
  readonly assignShare: number;
  readonly unassignShare: number;
  /** Moves of a person's assignment to another facility and pool (default none). */
  readonly moveShare?: number;
  /** Deadline of one operation, redirects included (default OP_TIMEOUT_MS). */
  readonly opTimeoutMs?: number;
}

export const DEFAULT_SCHEDULE_OPTIONS: ScheduleWorkloadOptions = {
  people: 4,
  blocks: 32,
  blocksPerWindow: 2,
  opsPerWindow: 25,
  assignShare: 0.35,
  unassignShare: 0.25,
};

/**
 * Assignments clients choose from. Only pools whose reserved seats (default pool table:
 * ICU 5, Clinic 7) exceed the number of people, so no bulkhead limit can ever refuse an
 * assign: cells stay independent of each other, as the per-cell check requires.
 */
const VALUES = ['A/ICU', 'A/Clinic', 'B/ICU', 'B/Clinic', 'C/ICU', 'C/Clinic'] as const;
/** Fewest reserved seats among the pools of VALUES; `people` must not exceed it. */
const MIN_RESERVED_SEATS = 5;

/** The assignments (`facility/pool`) the schedule workload's writes choose from. */
export const CELL_VALUES: readonly string[] = VALUES;

/** One request of a schedule operation to one node, as its client saw it (for checks on how nodes answered). */
export interface Attempt {
  /** The RPC (Assign, Unassign, Move, GetSchedule; the coverage workload's ResolveConflict). */
  readonly method: string;
  readonly node: string;
  /** When it was sent and answered, on the history's clock (ms). */
  readonly sent: number;
  readonly answered: number;
  /** How long the client let it run (ms). */
  readonly allowedMs: number;
  /** The error it was answered with; absent when it succeeded. */
  readonly error?: CallError;
}

/**
 * Assignment writes, unassigns, moves (when `moveShare` asks for them) and linearizable
 * reads of schedule cells (one person in one block). Each client works on a sliding
 * window of blocks, so that each cell sees a bounded number of operations (the checker's
 * cost grows with a cell's history, above all with its unknown operations). Writes go
 * to a random node and follow the leader redirect; reads go to a random node (followers
 * answer through ReadIndex).
 */
export class ScheduleWorkload implements Workload<ScheduleState, ScheduleInput, ScheduleOutput> {
  readonly name = 'schedule';
  readonly model = scheduleCellModel;
  readonly history = new History<ScheduleInput, ScheduleOutput>();
  /** Operations whose error did not fit rosterd's contract (a bug of rosterd or of this workload). */
  readonly unexpected: string[] = [];
  /** The people and blocks setup creates; every cell is one of each. */
  readonly people: readonly string[];
  readonly blocks: readonly string[];
  private finalState: Map<CellKey, CellValue> | undefined;
  private readonly opTimeoutMs: number;

  /** `observe` is told of every request to a node (writes and reads, redirects included) as it is answered. */
  constructor(
    private readonly ctx: WorkloadContext,
    private readonly o: ScheduleWorkloadOptions = DEFAULT_SCHEDULE_OPTIONS,
    private readonly observe?: (a: Attempt) => void,
  ) {
    this.opTimeoutMs = o.opTimeoutMs ?? OP_TIMEOUT_MS;
    if (o.people > MIN_RESERVED_SEATS) throw new RangeError(`people: at most ${MIN_RESERVED_SEATS}, or pool limits would couple the cells`);
    this.people = Array.from({ length: o.people }, (_, i) => `p${i}`);
    this.blocks = Array.from({ length: o.blocks }, (_, i) => `w${String(i).padStart(2, '0')}`);
  }

  static cell(block: string, person: string): CellKey {
    return `${block}/${person}`;
  }

  async setup(): Promise<void> {
    const c = this.ctx.cluster;
    for (const id of this.people) {
      const r = await c.leaderCall('AddPerson', { header: { requestId: `${this.ctx.runId}-setup-${id}` }, person: { id, name: `Dr ${id}`, role: 'RESIDENT', homeFacility: 'A' } }, 20_000);
      if (!r.ok) throw new Error(`setup: AddPerson ${id}: ${describeError(r.error)}`);
    }
    for (const id of this.blocks) {
      const r = await c.leaderCall('AddBlock', { header: { requestId: `${this.ctx.runId}-setup-${id}` }, block: { id, start: '2026-07-01', end: '2026-07-28' } }, 20_000);
      if (!r.ok) throw new Error(`setup: AddBlock ${id}: ${describeError(r.error)}`);
    }
  }

  async runClient(worker: number, stopped: () => boolean): Promise<void> {
    const rng = this.ctx.rng.fork(`client-${worker}`);
    const windows = Math.max(1, Math.floor(this.blocks.length / this.o.blocksPerWindow));
    let generation = 0;
    // Bounded: a client issues at most this many operations, whatever the clock does.
    for (let n = 0; n < 100_000 && !stopped(); n++) {
      const w = Math.floor(n / this.o.opsPerWindow) % windows;
      const block = this.blocks[w * this.o.blocksPerWindow + rng.int(this.o.blocksPerWindow)]!;
      const person = rng.pick(this.people);
      const node = rng.pick(this.ctx.cluster.ids);
      const roll = rng.next();
      const process = `${worker}.${generation}`;
      const requestId = `${this.ctx.runId}-${process}-${n}`;
      let result: ResultClass;
      const cell = ScheduleWorkload.cell(block, person);
      if (roll < this.o.assignShare) {
        result = await this.write(process, node, requestId, { f: 'assign', cell, value: rng.pick(VALUES) });
      } else if (roll < this.o.assignShare + this.o.unassignShare) {
        result = await this.write(process, node, requestId, { f: 'unassign', cell });
      } else if (roll < this.o.assignShare + this.o.unassignShare + (this.o.moveShare ?? 0)) {
        result = await this.write(process, node, requestId, { f: 'move', cell, value: rng.pick(VALUES) });
      } else {
        result = await this.read(process, node, block);
      }
      // The unknown operation stays pending forever: its client retires, a new one takes over.
      if (result === 'unknown') generation++;
      if (result === 'fail') await sleep(BACKOFF_AFTER_FAIL_MS);
    }
  }

  /** Sends one request to `node` and tells the observer how it was answered. */
  private async call<T>(method: string, node: string, req: unknown, timeoutMs: number): Promise<CallResult<T>> {
    const sent = this.history.now();
    const r = await this.ctx.cluster.clients.call<T>('roster', this.ctx.cluster.node(node).address, method, req, timeoutMs);
    this.observe?.({ method, node, sent, answered: this.history.now(), allowedMs: timeoutMs, ...(r.ok ? {} : { error: r.error }) });
    return r;
  }

  private async write(process: string, node: string, requestId: string, input: ScheduleInput & { f: 'assign' | 'unassign' | 'move' }): Promise<ResultClass> {
    const h = this.history;
    const op = h.invoke(process, node, input);
    const [block, person] = input.cell.split('/') as [string, string];
    let method: string;
    let req: unknown;
    if (input.f === 'move') {
      const [toFacility, toPool] = input.value.split('/') as [string, string];
      method = 'Move';
      req = { header: { requestId }, move: { person, block, toPerson: '', toFacility, toPool } };
    } else {
      const [facility, pool] = input.f === 'assign' ? (input.value.split('/') as [string, string]) : ['', ''];
      method = input.f === 'assign' ? 'Assign' : 'Unassign';
      req = { header: { requestId }, assignment: { person, block, facility, pool } };
    }
    const deadline = Date.now() + this.opTimeoutMs;
    let target = node;
    for (let attempt = 0; attempt < 4; attempt++) {
      op.finalNode = target;
      const r: CallResult<unknown> = await this.call(method, target, req, deadline - Date.now());
      if (r.ok) {
        h.complete(op, 'ok', { ok: true });
        return 'ok';
      }
      const k = classifyWriteError(r.error);
      switch (k.kind) {
        case 'refused':
          h.complete(op, 'ok', { refused: k.why });
          return 'ok';
        case 'redirect':
          // Not the leader: nothing was proposed. Follow the hint while time remains.
          if (k.leader && this.ctx.cluster.nodes.has(k.leader) && deadline - Date.now() > 50) {
            target = k.leader;
            continue;
          }
          h.complete(op, 'fail', undefined, describeError(r.error));
          return 'fail';
        case 'fail':
          h.complete(op, 'fail', undefined, describeError(r.error));
          return 'fail';
        case 'unexpected':
          this.unexpected.push(`${method} ${input.cell} at ${target}: ${describeError(r.error)}`);
          h.complete(op, 'unknown', undefined, describeError(r.error));
          return 'unknown';
        case 'unknown':
          h.complete(op, 'unknown', undefined, describeError(r.error));
          return 'unknown';
      }
    }
    h.complete(op, 'fail', undefined, 'redirected too often');
    return 'fail';
  }

  private cellsOf(block: string): CellKey[] {
    return this.people.map((p) => ScheduleWorkload.cell(block, p));
  }

  private valuesFrom(block: string, reply: ScheduleReply): Record<CellKey, CellValue> {
    const values: Record<CellKey, CellValue> = {};
    for (const cell of this.cellsOf(block)) values[cell] = null;
    for (const a of reply.assignments) {
      const cell = ScheduleWorkload.cell(block, a.person);
      if (cell in values) values[cell] = `${a.facility}/${a.pool}`;
    }
    return values;
  }

  private async read(process: string, node: string, block: string): Promise<ResultClass> {
    const op = this.history.invoke(process, node, { f: 'read', cells: this.cellsOf(block) });
    const r = await this.call<ScheduleReply>('GetSchedule', node, { block, read: { stale: false } }, this.opTimeoutMs);
    if (!r.ok) {
      // A read changes nothing: whatever went wrong, it can be left out of the history.
      this.history.complete(op, 'fail', undefined, describeError(r.error));
      return 'fail';
    }
    this.history.complete(op, 'ok', { values: this.valuesFrom(block, r.value) });
    return 'ok';
  }

  async recordFinalReads(): Promise<void> {
    const final = new Map<CellKey, CellValue>();
    for (const block of this.blocks) {
      let done = false;
      // Bounded retries: the cluster was just restarted and may still be electing.
      for (let attempt = 0; attempt < 40 && !done; attempt++) {
        const node = this.ctx.cluster.ids[attempt % this.ctx.cluster.ids.length]!;
        const op = this.history.invoke('final', node, { f: 'read', cells: this.cellsOf(block) });
        const r = await this.ctx.cluster.clients.call<ScheduleReply>('roster', this.ctx.cluster.node(node).address, 'GetSchedule', { block, read: { stale: false } }, 3000);
        if (r.ok) {
          const values = this.valuesFrom(block, r.value);
          this.history.complete(op, 'ok', { values });
          for (const [cell, v] of Object.entries(values)) final.set(cell, v);
          done = true;
        } else {
          this.history.complete(op, 'fail', undefined, describeError(r.error));
          await sleep(250);
        }
      }
      if (!done) throw new Error(`final read of block ${block} failed on every node`);
    }
    this.finalState = final;
  }

  lostWrites(): string[] {
    const final = this.finalState;
    if (final === undefined) return ['no final state was read'];
    const lost: string[] = [];
    const byCell = new Map<CellKey, RecordedOp<ScheduleInput, ScheduleOutput>[]>();
    for (const op of this.history.ops) {
      if (op.input.f === 'read' || op.result === 'fail') continue;
      const list = byCell.get(op.input.cell) ?? [];
      list.push(op);
      byCell.set(op.input.cell, list);
    }
    for (const [cell, ops] of byCell) {
      const effective = ops.filter((op) => op.result === 'unknown' || (op.output !== undefined && 'ok' in op.output));
      for (const w of effective) {
        if (w.result !== 'ok') continue;
        // w took effect before it returned. If no other write that could change the cell
        // may have taken effect after w was invoked, the cell must still show w's effect.
        const later = effective.some((o) => o !== w && o.complete > w.invoke);
        if (later) continue;
        const have = final.get(cell) ?? null;
        if ((w.input.f === 'assign' || w.input.f === 'move') && have !== w.input.value) {
          lost.push(`acknowledged ${w.input.f}(${cell}, ${w.input.value}) at ${w.complete.toFixed(0)} ms by client ${w.process} is missing: the cell holds ${have ?? 'nothing'}`);
        } else if (w.input.f === 'unassign' && have !== null) {
          lost.push(`acknowledged unassign(${cell}) at ${w.complete.toFixed(0)} ms by client ${w.process} is missing: the cell holds ${have}`);
        }
      }
    }
    return lost;
  }

  scope(): string {
    const cells = new Set(this.history.ops.flatMap((op) => (op.input.f === 'read' ? op.input.cells : [op.input.cell])));
    return `${cells.size} cells`;
  }

  async localState(node: string): Promise<{ applied: number; state: string } | undefined> {
    const parts: string[] = [];
    let applied = -1;
    for (const block of this.blocks) {
      const r = await this.ctx.cluster.clients.call<ScheduleReply>('roster', this.ctx.cluster.node(node).address, 'GetSchedule', { block, read: { stale: true } }, 2000);
      if (!r.ok) return undefined;
      if (applied === -1) applied = r.value.header.appliedIndex;
      else if (applied !== r.value.header.appliedIndex) return undefined; // moved while reading: try again
      const rows = r.value.assignments.map((a) => `${a.person}=${a.facility}/${a.pool}`).sort();
      parts.push(`${block}:${rows.join(',')}`);
    }
    return { applied, state: parts.join(' ') };
  }
}
