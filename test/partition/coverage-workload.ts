/**
 * The coverage workload: final approvals (CP) and emergency coverage (AP) side by side
 * through real partitions (docs/ARCHITECTURE.md, CP and AP).
 *
 * Even-numbered clients make final approvals (Assign, Unassign, Move) and linearizable
 * reads of schedule cells at random nodes, minority ones included: the schedule
 * workload's clients, cells and model (workload.ts), with moves. Odd-numbered clients
 * send emergency coverage with request ids to random nodes: Cover and Uncover, and
 * sometimes Assign or Unassign of class EMERGENCY_COVERAGE, on the same people and a
 * moving window of the same blocks, so covers meet final approvals and each other
 * across the partition; now and then they dismiss one of their own covers
 * (ResolveConflict, a final approval that changes no cell). Every answer is recorded
 * with its timing, and a watcher polls every node's Admin.Status (partition state,
 * journal) throughout.
 *
 * Checks of its own on the healed and restarted cluster (finalChecks), besides the
 * runner's (final approvals linearizable per cell, none acknowledged lost, every node on
 * the same applied index and the same state, which here is the schedule and the status
 * of every emergency write):
 * - every acknowledged emergency write (COMMITTED or PROVISIONAL) is in the log on every
 *   node (ListCoverage, not provisional), in one of the six statuses, as it was sent and
 *   with the facility that accepted it: none lost;
 * - every node's emergency journal is empty (Admin.Status journal_writes);
 * - every request answered with the error key `partitioned` was answered within
 *   REFUSAL_BOUND_MS, and its metadata says `minority` and lists the reachable voters
 *   (the node among them, fewer than a quorum) and the unreachable ones (the rest);
 * - every final approval or linearizable read sent to a node that reported `minority`
 *   before it was sent and still after it was answered was refused that way.
 */
import { status as Code } from '@grpc/grpc-js';
import type { Model } from '../lin/model.ts';
import type { ScheduleInput, ScheduleOutput, ScheduleState } from '../lin/models/schedule-cell.ts';
import type { CallError, CallResult } from './client.ts';
import type { History } from './history.ts';
import { sleep } from './nodes.ts';
import {
  CELL_VALUES,
  DEFAULT_SCHEDULE_OPTIONS,
  ERROR_KEY,
  ScheduleWorkload,
  type Attempt,
  type ScheduleWorkloadOptions,
  type Workload,
  type WorkloadContext,
} from './workload.ts';

/** Options of the coverage workload. */
export interface CoverageWorkloadOptions {
  /** The final approvals: the schedule workload's options (moves included). */
  readonly schedule: ScheduleWorkloadOptions;
  /** Emergency writes go to this many blocks at a time; the window moves every `windowMs`. */
  readonly blocksPerWindow: number;
  readonly windowMs: number;
  /** Share of emergency writes that withdraw (Uncover), and that dismiss a cover (ResolveConflict). */
  readonly uncoverShare: number;
  readonly dismissShare: number;
  /** Share of covers and withdrawals sent as Assign/Unassign of class EMERGENCY_COVERAGE. */
  readonly asWriteShare: number;
  /** Deadline of one emergency write (a node waits up to 1 s for the commit before it journals). */
  readonly emergencyTimeoutMs: number;
  /** Pause between an emergency client's writes (ms, drawn). */
  readonly thinkMs: readonly [number, number];
  /** How often the watcher asks every node for its status (ms). */
  readonly watchIntervalMs: number;
}

export const DEFAULT_COVERAGE_OPTIONS: CoverageWorkloadOptions = {
  schedule: { ...DEFAULT_SCHEDULE_OPTIONS, assignShare: 0.3, unassignShare: 0.2, moveShare: 0.15, opTimeoutMs: 2500 },
  blocksPerWindow: 4,
  windowMs: 3000,
  uncoverShare: 0.3,
  dismissShare: 0.08,
  asWriteShare: 0.2,
  emergencyTimeoutMs: 3000,
  thinkMs: [5, 40],
  watchIntervalMs: 150,
};

/**
 * How soon a node in a minority must have refused a final approval. A bound, not a
 * performance claim: the refusal takes milliseconds, and loaded CI machines need room.
 */
export const REFUSAL_BOUND_MS = 2000;
/** How long the journals have, after the restart, to be in the log. */
const JOURNAL_DRAIN_MS = 30_000;

/** Metadata of a PartitionError (node/errors.ts). */
const PARTITION_STATE_KEY = 'x-roster-partition-state';
const REACHABLE_KEY = 'x-roster-reachable';
const UNREACHABLE_KEY = 'x-roster-unreachable';

/** The statuses an emergency write can have in the log (roster.proto CoverageStatus.Kind). */
const STATUS_KINDS = ['STANDING', 'CONFIRMED', 'WITHDRAWN', 'APPLIED', 'CONFLICT', 'RESOLVED'] as const;

/** What an emergency write asks for. */
export type EmergencyOp =
  | { readonly kind: 'cover'; readonly person: string; readonly block: string; readonly value: string }
  | { readonly kind: 'uncover'; readonly person: string; readonly block: string };

/**
 * How an emergency write was answered: acknowledged (`committed`: in the log;
 * `provisional`: journaled on the node), `unchanged` (a final approval holds exactly this
 * cover; nothing written), `refused` by the coverage rules, `failed` (never reached the
 * node), or `unknown` (no answer: it may have been written).
 */
export type EmergencyOutcome = 'committed' | 'provisional' | 'unchanged' | 'refused' | 'failed' | 'unknown';

/** One request of an emergency write to one node. */
export interface EmergencyRecord {
  /** The request id: the write's id in the log. */
  readonly id: string;
  readonly client: number;
  readonly op: EmergencyOp;
  readonly rpc: 'Cover' | 'Uncover' | 'Assign' | 'Unassign';
  readonly node: string;
  readonly sent: number;
  readonly answered: number;
  readonly outcome: EmergencyOutcome;
  /** The status in the reply (COMMITTED: in the log; PROVISIONAL: on the node's view). */
  readonly status?: string;
  readonly detail: string;
}

/** One answer of Admin.Status to the watcher; `state` and `journal` absent when the node did not answer. */
export interface StatusSample {
  readonly node: string;
  readonly sent: number;
  readonly received: number;
  readonly state?: string;
  readonly journal?: number;
}

interface WireAssignment {
  person: string;
  facility: string;
  pool: string;
  block: string;
}
interface WireStatus {
  kind: string;
}
interface WireEntry {
  id: string;
  facility: string;
  cover: WireAssignment | null;
  uncover: { person: string; block: string } | null;
  status: WireStatus | null;
  index: number;
  provisional: boolean;
}
interface WireCoverReply {
  outcome: string;
  detail: string;
  entry: WireEntry | null;
  journaledOn: string;
}
interface WireWriteReply {
  index: number;
  detail: string;
  provisional: boolean;
  journaledOn: string;
}
interface WireListCoverageReply {
  header: { appliedIndex: number };
  entries: WireEntry[];
}
interface WireNodeStatus {
  partitionState: string;
  journalWrites: number;
}

function describeError(e: CallError): string {
  return `${Code[e.code] ?? e.code}${e.metadata[ERROR_KEY] ? ` (${e.metadata[ERROR_KEY]})` : ''}: ${e.details}`;
}

function describeOp(op: EmergencyOp): string {
  return op.kind === 'cover' ? `cover(${op.block}/${op.person}, ${op.value})` : `uncover(${op.block}/${op.person})`;
}

/** Splits a comma-separated list of metadata (empty: none). */
function listOf(text: string | undefined): string[] {
  return (text ?? '').split(',').filter((s) => s !== '');
}

/**
 * What is wrong with a partition refusal from `node` in a cluster of `voters`, or
 * undefined: the state must be minority, the reachable voters must include `node` and be
 * fewer than a quorum, and the two lists must name every voter exactly once.
 */
export function partitionMetadataProblem(e: CallError, node: string, voters: readonly string[]): string | undefined {
  const state = e.metadata[PARTITION_STATE_KEY];
  const reachable = listOf(e.metadata[REACHABLE_KEY]);
  const unreachable = listOf(e.metadata[UNREACHABLE_KEY]);
  const shown = `state ${state ?? '(none)'}, reachable [${reachable.join(',')}], unreachable [${unreachable.join(',')}]`;
  if (state !== 'minority') return `partition state is not minority: ${shown}`;
  if (!reachable.includes(node)) return `the refusing node ${node} is not among the reachable: ${shown}`;
  const named = [...reachable, ...unreachable].sort();
  if (named.length !== voters.length || named.some((v, i) => v !== [...voters].sort()[i])) return `the lists do not name every voter once: ${shown}`;
  if (reachable.length >= Math.floor(voters.length / 2) + 1) return `the reachable voters are a quorum: ${shown}`;
  return undefined;
}

/** How a failed emergency write is to be read, and whether the error fits rosterd's contract. */
export function classifyEmergencyError(e: CallError): { outcome: 'refused' | 'failed' | 'unknown'; unexpected?: string } {
  const key = e.metadata[ERROR_KEY];
  if (e.code === Code.FAILED_PRECONDITION && key === 'conflict') {
    // A retry with the same id is answered with its first outcome, never as a reused id.
    if (/^request id .* was already used/.test(e.details)) return { outcome: 'refused', unexpected: 'a retried emergency write was refused as a reused request id' };
    return { outcome: 'refused' };
  }
  if (e.code === Code.NOT_FOUND && key === 'not_found') return { outcome: 'refused' };
  if (e.code === Code.UNAVAILABLE) {
    if (key === 'partitioned') return { outcome: 'failed', unexpected: 'emergency coverage was refused for the partition' };
    // grpc-js: the call never left the client.
    if (key === undefined && e.details.startsWith('No connection established')) return { outcome: 'failed' };
    return { outcome: 'unknown' };
  }
  if (e.code === Code.RESOURCE_EXHAUSTED) return { outcome: 'failed' };
  if (e.code === Code.DEADLINE_EXCEEDED || e.code === Code.CANCELLED) return { outcome: 'unknown' };
  return { outcome: 'unknown', unexpected: 'an error outside the contract of emergency coverage' };
}

/**
 * Whether `node` reported minority throughout [from, to]: the watcher's last answer
 * received by `from`, its first answer sent after `to`, and every answer in between say
 * minority. (Polled every watchIntervalMs; the nemeses hold a partition for seconds.)
 */
export function minorityThroughout(samples: readonly StatusSample[], node: string, from: number, to: number): boolean {
  const own = samples.filter((s) => s.node === node).sort((a, b) => a.sent - b.sent);
  let first = -1;
  for (let i = 0; i < own.length; i++) if (own[i]!.received <= from) first = i;
  const last = own.findIndex((s) => s.sent >= to);
  if (first < 0 || last < 0) return false;
  for (let i = first; i <= last; i++) if (own[i]!.state !== 'minority') return false;
  return true;
}

export class CoverageWorkload implements Workload<ScheduleState, ScheduleInput, ScheduleOutput> {
  readonly name = 'coverage';
  /** The final approvals, their history and model. */
  private readonly cp: ScheduleWorkload;
  readonly model: Model<ScheduleState, ScheduleInput, ScheduleOutput>;
  readonly history: History<ScheduleInput, ScheduleOutput>;
  readonly unexpected: string[] = [];
  /** Every request of a final approval or linearizable read to a node. */
  readonly cpAttempts: Attempt[] = [];
  /** Every request of an emergency write to a node. */
  readonly emergency: EmergencyRecord[] = [];
  /** The watcher's answers, in the order they arrived. */
  readonly samples: StatusSample[] = [];
  /** How many dismissals (ResolveConflict) were accepted. */
  private dismissed = 0;
  /** How many emergency writes the first node's log holds in each status at the end (finalChecks reads them). */
  private finalStatuses: Record<string, number> = {};
  private journalsDrained: { ok: true } | { ok: false; why: string } = { ok: true };

  constructor(
    private readonly ctx: WorkloadContext,
    private readonly o: CoverageWorkloadOptions = DEFAULT_COVERAGE_OPTIONS,
  ) {
    this.cp = new ScheduleWorkload(ctx, o.schedule, (a) => this.cpAttempts.push(a));
    this.model = this.cp.model;
    this.history = this.cp.history;
  }

  setup(): Promise<void> {
    return this.cp.setup();
  }

  /** Even workers make final approvals, odd ones emergency writes. */
  runClient(worker: number, stopped: () => boolean): Promise<void> {
    return worker % 2 === 0 ? this.cp.runClient(worker, stopped) : this.emergencyClient(worker, stopped);
  }

  async watch(stopped: () => boolean): Promise<void> {
    const c = this.ctx.cluster;
    // Bounded by count as well as by the stop.
    for (let i = 0; i < 100_000 && !stopped(); i++) {
      await Promise.all(
        c.ids.map(async (node) => {
          const sent = this.history.now();
          const r = await c.clients.call<WireNodeStatus>('admin', c.node(node).address, 'Status', {}, 400);
          const received = this.history.now();
          this.samples.push(r.ok ? { node, sent, received, state: r.value.partitionState, journal: Number(r.value.journalWrites) } : { node, sent, received });
        }),
      );
      await sleep(this.o.watchIntervalMs);
    }
  }

  private async emergencyClient(worker: number, stopped: () => boolean): Promise<void> {
    const rng = this.ctx.rng.fork(`emergency-client-${worker}`);
    const { people, blocks } = this.cp;
    /** Covers this client had acknowledged, most recent last: what its withdrawals and dismissals name. */
    const covered: { id: string; person: string; block: string }[] = [];
    // Bounded: a client issues at most this many writes, whatever the clock does.
    for (let n = 0; n < 100_000 && !stopped(); n++) {
      const window = Math.floor(this.history.now() / this.o.windowMs);
      const block = blocks[(window * this.o.blocksPerWindow + rng.int(this.o.blocksPerWindow)) % blocks.length]!;
      const node = rng.pick(this.ctx.cluster.ids);
      const id = `${this.ctx.runId}-ap${worker}-${n}`;
      const roll = rng.next();
      if (roll < this.o.dismissShare) {
        const target = covered.length > 0 ? covered[covered.length - 1 - rng.int(Math.min(covered.length, 8))]! : undefined;
        if (target !== undefined) await this.dismiss(node, id, target.id);
      } else {
        const asWrite = rng.chance(this.o.asWriteShare);
        let op: EmergencyOp;
        if (roll < this.o.dismissShare + this.o.uncoverShare) {
          // Mostly a cover this client made, so there is something to withdraw.
          const mine = covered.length > 0 && rng.chance(0.7) ? covered[covered.length - 1 - rng.int(Math.min(covered.length, 8))]! : undefined;
          op = { kind: 'uncover', person: mine?.person ?? rng.pick(people), block: mine?.block ?? block };
        } else {
          op = { kind: 'cover', person: rng.pick(people), block, value: rng.pick(CELL_VALUES) };
        }
        let r = await this.emergencyWrite(worker, node, id, op, asWrite);
        // No answer: the same request again (same id), once; the node answers it from its
        // journal or the log, and it stays one write.
        if (r.outcome === 'unknown' && !stopped()) r = await this.emergencyWrite(worker, node, id, op, asWrite);
        if (op.kind === 'cover' && (r.outcome === 'committed' || r.outcome === 'provisional')) {
          covered.push({ id, person: op.person, block: op.block });
          if (covered.length > 32) covered.shift();
        }
      }
      await sleep(rng.between(...this.o.thinkMs));
    }
  }

  /** One emergency write to `node`, recorded. */
  private async emergencyWrite(worker: number, node: string, id: string, op: EmergencyOp, asWrite: boolean): Promise<EmergencyRecord> {
    const c = this.ctx.cluster;
    const address = c.node(node).address;
    const reason = `partition workload client ${worker}`;
    const [facility, pool] = op.kind === 'cover' ? (op.value.split('/') as [string, string]) : ['', ''];
    const rpc: EmergencyRecord['rpc'] = asWrite ? (op.kind === 'cover' ? 'Assign' : 'Unassign') : op.kind === 'cover' ? 'Cover' : 'Uncover';
    const sent = this.history.now();
    let outcome: EmergencyOutcome;
    let status: string | undefined;
    let detail: string;
    if (asWrite) {
      const req = { header: { requestId: id, operationClass: 'EMERGENCY_COVERAGE' }, assignment: { person: op.person, block: op.block, facility, pool } };
      const r: CallResult<WireWriteReply> = await c.clients.call('roster', address, rpc, req, this.o.emergencyTimeoutMs);
      if (r.ok) {
        outcome = r.value.provisional ? 'provisional' : Number(r.value.index) > 0 ? 'committed' : 'unchanged';
        detail = r.value.detail;
        if (r.value.provisional && r.value.journaledOn !== node) this.unexpected.push(`${rpc} ${id} at ${node}: journaled on ${r.value.journaledOn}, not on the node that accepted it`);
      } else {
        ({ outcome, detail } = this.emergencyError(rpc, id, node, r.error));
      }
    } else {
      const req =
        op.kind === 'cover'
          ? { header: { requestId: id }, assignment: { person: op.person, block: op.block, facility, pool }, reason }
          : { header: { requestId: id }, ref: { person: op.person, block: op.block }, reason };
      const r: CallResult<WireCoverReply> = await c.clients.call('roster', address, rpc, req, this.o.emergencyTimeoutMs);
      if (r.ok) {
        const kinds: Record<string, EmergencyOutcome> = { COMMITTED: 'committed', PROVISIONAL: 'provisional', UNCHANGED: 'unchanged' };
        outcome = kinds[r.value.outcome] ?? 'unknown';
        status = r.value.entry?.status?.kind;
        detail = r.value.detail;
        if (kinds[r.value.outcome] === undefined) this.unexpected.push(`${rpc} ${id} at ${node}: outcome ${r.value.outcome}`);
        if (outcome === 'provisional' && r.value.journaledOn !== node) this.unexpected.push(`${rpc} ${id} at ${node}: journaled on ${r.value.journaledOn}, not on the node that accepted it`);
      } else {
        ({ outcome, detail } = this.emergencyError(rpc, id, node, r.error));
      }
    }
    const record: EmergencyRecord = { id, client: worker, op, rpc, node, sent, answered: this.history.now(), outcome, ...(status ? { status } : {}), detail };
    this.emergency.push(record);
    return record;
  }

  private emergencyError(rpc: string, id: string, node: string, e: CallError): { outcome: EmergencyOutcome; detail: string } {
    const k = classifyEmergencyError(e);
    if (k.unexpected) this.unexpected.push(`${rpc} ${id} at ${node}: ${k.unexpected}: ${describeError(e)}`);
    return { outcome: k.outcome, detail: describeError(e) };
  }

  /**
   * A coordinator's dismissal of one of this client's covers (ResolveConflict, a final
   * approval: it retires the cover and changes no final assignment), following leader
   * redirects. Recorded with the final approvals' requests for the partition checks.
   */
  private async dismiss(node: string, requestId: string, coverId: string): Promise<void> {
    const c = this.ctx.cluster;
    const deadline = Date.now() + (this.o.schedule.opTimeoutMs ?? 2500);
    let target = node;
    for (let attempt = 0; attempt < 4; attempt++) {
      const allowedMs = deadline - Date.now();
      const sent = this.history.now();
      const r = await c.clients.call('roster', c.node(target).address, 'ResolveConflict', { header: { requestId }, id: coverId, decision: 'DISMISS' }, allowedMs);
      this.cpAttempts.push({ method: 'ResolveConflict', node: target, sent, answered: this.history.now(), allowedMs, ...(r.ok ? {} : { error: r.error }) });
      if (r.ok) {
        this.dismissed++;
        return;
      }
      const e = r.error;
      const leader = e.code === Code.FAILED_PRECONDITION ? e.metadata['x-roster-leader-id'] : undefined;
      if (leader && c.nodes.has(leader) && deadline - Date.now() > 50) {
        target = leader;
        continue;
      }
      const key = e.metadata[ERROR_KEY];
      // Refusals by the rules (not in the log yet, not in conflict or standing), the
      // partition, no leader known (an election), and outcomes a client cannot know are
      // all part of the contract.
      const fits = key === 'conflict' || key === 'not_found' || key === 'partitioned' || key === 'not_leader' || e.code === Code.UNAVAILABLE || e.code === Code.DEADLINE_EXCEEDED || e.code === Code.RESOURCE_EXHAUSTED || e.code === Code.CANCELLED;
      if (!fits) this.unexpected.push(`ResolveConflict(${coverId}, dismiss) at ${target}: ${describeError(e)}`);
      return;
    }
  }

  /** Every node's Admin.Status journal_writes; undefined for a node that did not answer. */
  private async journals(): Promise<(number | undefined)[]> {
    const c = this.ctx.cluster;
    return Promise.all(
      c.ids.map(async (id) => {
        const r = await c.clients.call<WireNodeStatus>('admin', c.node(id).address, 'Status', {}, 2000);
        return r.ok ? Number(r.value.journalWrites) : undefined;
      }),
    );
  }

  /** Waits (bounded) until every journal is in the log, then the final linearizable reads of the cells. */
  async recordFinalReads(): Promise<void> {
    const deadline = Date.now() + JOURNAL_DRAIN_MS;
    let last: (number | undefined)[] = [];
    for (;;) {
      last = await this.journals();
      if (last.every((n) => n === 0)) break;
      if (Date.now() > deadline) {
        this.journalsDrained = { ok: false, why: `journals after ${JOURNAL_DRAIN_MS} ms: ${this.ctx.cluster.ids.map((id, i) => `${id}=${last[i] ?? '?'}`).join(' ')}` };
        break;
      }
      await sleep(250);
    }
    await this.cp.recordFinalReads();
  }

  lostWrites(): string[] {
    return this.cp.lostWrites();
  }

  /** Every emergency write a node lists (its own journal's as provisional), or undefined if it did not answer. */
  private async listCoverage(node: string): Promise<WireListCoverageReply | undefined> {
    const r = await this.ctx.cluster.clients.call<WireListCoverageReply>('roster', this.ctx.cluster.node(node).address, 'ListCoverage', { read: { stale: true } }, 5000);
    return r.ok ? r.value : undefined;
  }

  async finalChecks(): Promise<string[]> {
    const failures: string[] = [];
    const ids = this.ctx.cluster.ids;

    // Every journal in the log.
    if (!this.journalsDrained.ok) failures.push(`emergency journals not emptied after the heal: ${this.journalsDrained.why}`);
    const journals = await this.journals();
    const full = ids.filter((_, i) => journals[i] !== 0);
    if (full.length > 0) failures.push(`emergency journals not empty at the end: ${ids.map((id, i) => `${id}=${journals[i] ?? 'no answer'}`).join(' ')}`);

    // Every acknowledged emergency write in the log on every node.
    const acked = new Map<string, EmergencyRecord>();
    for (const r of this.emergency) if (r.outcome === 'committed' || r.outcome === 'provisional') acked.set(r.id, r);
    /** Acknowledged write id -> the nodes whose log lacks it. */
    const missing = new Map<string, string[]>();
    const wrong: string[] = [];
    for (const node of ids) {
      const list = await this.listCoverage(node);
      if (list === undefined) {
        failures.push(`emergency writes: ListCoverage on ${node} did not answer`);
        continue;
      }
      const byId = new Map(list.entries.filter((e) => !e.provisional).map((e) => [e.id, e]));
      if (node === ids[0]) {
        this.finalStatuses = {};
        for (const e of byId.values()) {
          const kind = e.status?.kind ?? 'none';
          this.finalStatuses[kind] = (this.finalStatuses[kind] ?? 0) + 1;
        }
      }
      for (const [id, r] of acked) {
        const e = byId.get(id);
        if (e === undefined) {
          missing.set(id, [...(missing.get(id) ?? []), node]);
          continue;
        }
        const kind = e.status?.kind ?? '';
        const sentAs =
          r.op.kind === 'cover'
            ? e.cover !== null && e.cover.person === r.op.person && e.cover.block === r.op.block && `${e.cover.facility}/${e.cover.pool}` === r.op.value
            : e.uncover !== null && e.uncover.person === r.op.person && e.uncover.block === r.op.block;
        if (!(STATUS_KINDS as readonly string[]).includes(kind)) wrong.push(`${id} on ${node} has status ${kind || 'none'}`);
        else if (!sentAs) wrong.push(`${id} on ${node} is ${JSON.stringify(e.cover ?? e.uncover)}, not the ${describeOp(r.op)} acknowledged`);
        else if (e.facility !== r.node) wrong.push(`${id} on ${node} names facility ${e.facility}, but ${r.node} accepted it`);
      }
    }
    const lost = [...missing].map(([id, nodes]) => {
      const r = acked.get(id)!;
      return `${describeOp(r.op)} ${id}, acknowledged ${r.outcome.toUpperCase()} by ${r.node} at ${r.answered.toFixed(0)} ms, is not in the log on ${nodes.join(', ')}`;
    });
    if (lost.length > 0) failures.push(`lost acknowledged emergency writes (${lost.length} of ${acked.size}):\n    ${lost.slice(0, 10).join('\n    ')}`);
    if (wrong.length > 0) failures.push(`emergency writes not as acknowledged (${wrong.length}):\n    ${wrong.slice(0, 10).join('\n    ')}`);

    // Partition refusals: fast, and saying what the node saw.
    const bad: string[] = [];
    for (const a of this.cpAttempts) {
      if (a.error?.metadata[ERROR_KEY] !== 'partitioned') continue;
      const took = a.answered - a.sent;
      if (took >= REFUSAL_BOUND_MS) bad.push(`${a.method} at ${a.node} (sent ${a.sent.toFixed(0)} ms) was refused for the partition only after ${took.toFixed(0)} ms`);
      const problem = partitionMetadataProblem(a.error, a.node, ids);
      if (problem !== undefined) bad.push(`${a.method} at ${a.node} (sent ${a.sent.toFixed(0)} ms): ${problem}`);
    }
    if (bad.length > 0) failures.push(`partition refusals not as the contract says (${bad.length}):\n    ${bad.slice(0, 10).join('\n    ')}`);

    // Sent to a node in a minority: refused for the partition, whatever else could happen.
    const missed: string[] = [];
    for (const a of this.minorityAttempts()) {
      if (a.error?.metadata[ERROR_KEY] === 'partitioned') continue;
      // Cut short by the client's own deadline after redirects: no room for any answer.
      if (a.error?.code === Code.DEADLINE_EXCEEDED && a.allowedMs < REFUSAL_BOUND_MS) continue;
      missed.push(`${a.method} at ${a.node} (sent ${a.sent.toFixed(0)} ms), which reported minority before and after, was answered ${a.error ? describeError(a.error) : 'ok'} after ${(a.answered - a.sent).toFixed(0)} ms`);
    }
    if (missed.length > 0) failures.push(`final approvals in a minority not refused for the partition (${missed.length}):\n    ${missed.slice(0, 10).join('\n    ')}`);
    return failures;
  }

  /** The final approvals and reads sent to a node while it reported minority throughout. */
  private minorityAttempts(): Attempt[] {
    return this.cpAttempts.filter((a) => minorityThroughout(this.samples, a.node, a.sent, a.answered));
  }

  tallies(): Readonly<Record<string, number>> {
    const count = (pred: (r: EmergencyRecord) => boolean): number => this.emergency.filter(pred).length;
    const refusals = this.cpAttempts.filter((a) => a.error?.metadata[ERROR_KEY] === 'partitioned');
    return {
      emergencyRequests: this.emergency.length,
      committed: count((r) => r.outcome === 'committed'),
      provisional: count((r) => r.outcome === 'provisional'),
      unchanged: count((r) => r.outcome === 'unchanged'),
      refused: count((r) => r.outcome === 'refused'),
      emergencyUnknown: count((r) => r.outcome === 'unknown'),
      dismissed: this.dismissed,
      cpRequests: this.cpAttempts.length,
      partitionRefusals: refusals.length,
      slowestRefusalMs: Math.round(Math.max(0, ...refusals.map((a) => a.answered - a.sent))),
      sentToMinority: this.minorityAttempts().length,
      minoritySamples: this.samples.filter((s) => s.state === 'minority').length,
      ...Object.fromEntries(Object.entries(this.finalStatuses).map(([k, n]) => [`final${k[0]}${k.slice(1).toLowerCase()}`, n])),
    };
  }

  scope(): string {
    const t = this.tallies();
    const order = (k: string): number => ((STATUS_KINDS as readonly string[]).indexOf(k) + STATUS_KINDS.length + 1) % (STATUS_KINDS.length + 1);
    const statuses = Object.entries(this.finalStatuses)
      .sort(([a], [b]) => order(a) - order(b))
      .map(([k, n]) => `${n} ${k.toLowerCase()}`)
      .join(', ');
    return (
      `${this.cp.scope()}; ${t['emergencyRequests']} emergency writes (${t['committed']} committed, ${t['provisional']} provisional, ` +
      `${t['unchanged']} unchanged, ${t['refused']} refused, ${t['emergencyUnknown']} unknown; in the log: ${statuses || 'none'}; ${t['dismissed']} dismissed); ` +
      `${t['partitionRefusals']} refused for the partition (slowest ${t['slowestRefusalMs']} ms), ${t['sentToMinority']} sent to a node in a minority`
    );
  }

  async localState(node: string): Promise<{ applied: number; state: string } | undefined> {
    const schedule = await this.cp.localState(node);
    const list = await this.listCoverage(node);
    if (schedule === undefined || list === undefined || Number(list.header.appliedIndex) !== schedule.applied) return undefined;
    // One word per write (the runner splits states at spaces to show where nodes differ),
    // its status without the fields left at their defaults; a node's own journal last.
    const word = (e: WireEntry): string => {
      const status = Object.fromEntries(Object.entries(e.status ?? {}).filter(([, v]) => !(v === '' || v === 0 || v === false || v === null || (Array.isArray(v) && v.length === 0))));
      return `${e.id}@${Number(e.index)}:${JSON.stringify(status).replaceAll(' ', '_')}`;
    };
    const inLog = list.entries.filter((e) => !e.provisional).map(word).sort();
    const journal = list.entries.filter((e) => e.provisional).map(word).sort();
    return { applied: schedule.applied, state: `${schedule.state} coverage ${inLog.join(' ')} journal ${journal.join(' ')}` };
  }

  artifacts(): Readonly<Record<string, unknown>> {
    return { 'emergency.json': this.emergency, 'cp-requests.json': this.cpAttempts, 'status-samples.json': this.samples };
  }
}
