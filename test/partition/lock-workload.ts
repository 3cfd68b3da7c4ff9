/**
 * The lock workload: clients contend for schedule locks (AcquireLock / RenewLock /
 * ReleaseLock) on a few blocks at a time and edit the locked blocks' assignments with
 * fenced writes (Assign / Unassign presenting the lock's token), while others read the
 * locks (GetLocks) and the assignments (GetSchedule), all linearizable reads. The history
 * is checked against test/lin/models/schedule-lock.ts, which states rosterd's lock rules
 * (node/schedule/locks.ts) including lease expiry on the log clock; that file's header
 * explains how the log clock is bounded from the clients' wall-clock times.
 *
 * Each block has one lock scope: the whole block, or one facility's part of it (the
 * block's number picks which), and two people, `k0` and `k1`, whom only edits under that
 * scope ever assign. So blocks are independent of each other, as the per-block check
 * requires, and every edit of a block is fenced by its one scope.
 *
 * A client's cycle: acquire with a short lease (1-2 s); if granted, one to three steps,
 * each a fenced edit or a renewal, sometimes after a pause longer than the lease (so
 * that stale tokens get presented after the lease ran out and another client took the
 * lock); release (or abandon the lock to its lease); sometimes an edit presenting the
 * released token. Between cycles: reads, and edits presenting no token (refused while
 * someone holds the lock). Clients share a window of blocks that moves every few seconds,
 * so each block's history stays short.
 */
import { status as Code } from '@grpc/grpc-js';
import {
  scheduleLockModel,
  type LockRefusal,
  type LockView,
  type ScheduleLockInput,
  type ScheduleLockOutput,
  type ScheduleLockState,
} from '../lin/models/schedule-lock.ts';
import type { CallError, CallResult } from './client.ts';
import { History, type RecordedOp, type ResultClass } from './history.ts';
import { sleep } from './nodes.ts';
import { classifyWriteError, OP_TIMEOUT_MS, type Workload, type WorkloadContext } from './workload.ts';

/** Options of the lock workload. */
export interface LockWorkloadOptions {
  /** Blocks created at setup; clients work on `blocksPerWindow` of them at a time. */
  readonly blocks: number;
  readonly blocksPerWindow: number;
  /** How long the clients stay on one window of blocks (ms). */
  readonly windowMs: number;
  /** Lease lengths drawn per acquire (ms; rosterd's minimum is 1000). */
  readonly ttlMinMs: number;
  readonly ttlMaxMs: number;
  /** Chance that a step while holding the lock first pauses longer than a lease. */
  readonly longPauseShare: number;
}

export const DEFAULT_LOCK_OPTIONS: LockWorkloadOptions = {
  blocks: 16,
  blocksPerWindow: 3,
  windowMs: 3000,
  ttlMinMs: 1000,
  ttlMaxMs: 2000,
  longPauseShare: 0.1,
};

/** The people of each block; only fenced edits of the block's lock scope assign them. */
export const LOCK_PEOPLE = ['k0', 'k1'] as const;
const POOLS = ['ICU', 'Clinic'] as const;
const FACILITIES = ['A', 'B', 'C'] as const;
/** Block i's lock scope: the whole block ('') or one facility's part of it. */
const SCOPES = ['', 'A', 'B', 'C'] as const;
/** Pause after a failed operation or a refused acquire, so a client does not spin. */
const BACKOFF_MS: readonly [number, number] = [30, 150];

type WriteInput = Extract<ScheduleLockInput, { at: number }>;
/** A write's input before it is stamped with its invocation time. */
type Unstamped = WriteInput extends infer T ? (T extends unknown ? Omit<T, 'at'> : never) : never;
type WriteMethod = 'AcquireLock' | 'RenewLock' | 'ReleaseLock' | 'Assign' | 'Unassign';

/** A lock as proto-loader delivers it. */
interface WireLock {
  block: string;
  facility: string;
  holder: string;
  token: number;
  grantedAtMs: number;
  expiresAtMs: number;
  expired: boolean;
}
interface WireWriteReply {
  index: number;
  lock: WireLock | null;
}
interface WireLocksReply {
  header: { appliedIndex: number };
  locks: WireLock[];
  logClockMs: number;
}
interface WireScheduleReply {
  header: { appliedIndex: number };
  assignments: { person: string; facility: string; pool: string; block: string }[];
}

/** ISO time of a rosterd message (formatTime) as milliseconds, or undefined. */
function isoMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `... is locked by H (token N, until T)` of a rosterd message (describeLock in locks.ts). */
function lockInMessage(details: string): LockView | undefined {
  const m = /is locked by (\S+) \(token (\d+), until ([^)\s]+)\)/.exec(details);
  const expiresAtMs = isoMs(m?.[3]);
  if (m === null || expiresAtMs === undefined) return undefined;
  return { holder: m[1]!, token: Number(m[2]), expiresAtMs };
}

/**
 * A refusal of a lock workload's write by its message (node/schedule/machine.ts), or
 * undefined when the message fits no rule this workload can run into.
 */
export function parseLockRefusal(method: WriteMethod, e: CallError): LockRefusal | undefined {
  const d = e.details;
  if (e.code === Code.NOT_FOUND) {
    if ((method === 'RenewLock' || method === 'ReleaseLock') && /^there is no lock on /.test(d)) return { why: 'no-lock' };
    if (method === 'Unassign' && /holds no assignment in block/.test(d)) return { why: 'missing' };
    return undefined;
  }
  if (e.code !== Code.FAILED_PRECONDITION) return undefined;
  const withLock = <R extends LockRefusal>(r: R, lock: LockView | undefined): R => (lock === undefined ? r : { ...r, lock });
  switch (method) {
    case 'AcquireLock':
      return /cannot be locked by/.test(d) ? withLock({ why: 'locked' }, lockInMessage(d)) : undefined;
    case 'RenewLock':
    case 'ReleaseLock': {
      if (/^lock token \d+ is stale: /.test(d)) return withLock({ why: 'stale' }, lockInMessage(d));
      const expired = method === 'RenewLock' ? /^the lock on .* \(token \d+\) expired at (\S+); acquire it again/.exec(d) : null;
      if (expired === null) return undefined;
      const expiresAtMs = isoMs(expired[1]);
      return expiresAtMs === undefined ? { why: 'expired' } : { why: 'expired', expiresAtMs };
    }
    case 'Assign':
    case 'Unassign': {
      if (method === 'Assign') {
        const booked = /already holds an assignment in block \S+: (\S+) \(unassign it first\)/.exec(d);
        if (booked !== null) return { why: 'booked', holds: booked[1]! };
      }
      if (/; this edit presents no lock token|; the lock tokens? presented \([\d, ]+\) (is|are) stale/.test(d)) {
        return withLock({ why: 'locked' }, lockInMessage(d));
      }
      const expired = /^lock token \d+ has expired: the lease on .* ran out at (\S+) \(log clock (\S+)\)/.exec(d);
      if (expired !== null) {
        const expiresAtMs = isoMs(expired[1]);
        const clockMs = isoMs(expired[2]);
        return { why: 'expired', ...(expiresAtMs !== undefined ? { expiresAtMs } : {}), ...(clockMs !== undefined ? { clockMs } : {}) };
      }
      if (/^lock token \d+ is not a live lock on /.test(d)) return { why: 'not-live' };
      return undefined;
    }
  }
}

/** How a failed write of the lock workload is to be read. */
export type LockWriteErrorClass =
  | { kind: 'refused'; refusal: LockRefusal }
  | { kind: 'redirect'; leader: string }
  | { kind: 'fail' }
  | { kind: 'unknown' }
  | { kind: 'unexpected' };

/** Classifies a failed lock write: a refusal by the lock and schedule rules, or as any write (classifyWriteError). */
export function classifyLockWriteError(method: WriteMethod, e: CallError): LockWriteErrorClass {
  const redirect = e.code === Code.FAILED_PRECONDITION && e.metadata['x-roster-leader-id'] !== undefined;
  if (!redirect && (e.code === Code.FAILED_PRECONDITION || e.code === Code.NOT_FOUND)) {
    const refusal = parseLockRefusal(method, e);
    return refusal === undefined ? { kind: 'unexpected' } : { kind: 'refused', refusal };
  }
  const k = classifyWriteError(e);
  return k.kind === 'refused' ? { kind: 'unexpected' } : k;
}

/** The reply of an accepted lock write as the model's output. */
export function acceptedOutput(reply: { index: number; lock: WireLock | null }, done: number): ScheduleLockOutput {
  const l = reply.lock;
  return {
    ok: true,
    index: Number(reply.index),
    done,
    ...(l ? { lock: { holder: l.holder, token: Number(l.token), expiresAtMs: Number(l.expiresAtMs), grantedAtMs: Number(l.grantedAtMs) } } : {}),
  };
}

function describeError(e: CallError): string {
  return `${Code[e.code] ?? e.code}: ${e.details}`;
}

export class LockWorkload implements Workload<ScheduleLockState, ScheduleLockInput, ScheduleLockOutput> {
  readonly name = 'locks';
  readonly model = scheduleLockModel;
  readonly partitionKind = 'lock of block';
  readonly history = new History<ScheduleLockInput, ScheduleLockOutput>();
  readonly unexpected: string[] = [];
  private readonly blocks: string[];
  private finalLocks: Map<string, LockView | null> | undefined;
  private finalCells: Map<string, Record<string, string | null>> | undefined;

  constructor(
    private readonly ctx: WorkloadContext,
    private readonly o: LockWorkloadOptions = DEFAULT_LOCK_OPTIONS,
  ) {
    if (o.ttlMinMs < 1000 || o.ttlMaxMs < o.ttlMinMs) throw new RangeError('ttl: rosterd leases are at least 1000 ms');
    this.blocks = Array.from({ length: o.blocks }, (_, i) => `l${String(i).padStart(2, '0')}`);
  }

  /** The lock scope of a block: '' (the whole block) or a facility. */
  static scopeOf(block: string): string {
    return SCOPES[Number(block.slice(1)) % SCOPES.length]!;
  }

  async setup(): Promise<void> {
    const c = this.ctx.cluster;
    for (const id of LOCK_PEOPLE) {
      const r = await c.leaderCall('AddPerson', { header: { requestId: `${this.ctx.runId}-setup-${id}` }, person: { id, name: `Dr ${id}`, role: 'RESIDENT', homeFacility: 'A' } }, 20_000);
      if (!r.ok) throw new Error(`setup: AddPerson ${id}: ${describeError(r.error)}`);
    }
    for (const id of this.blocks) {
      const r = await c.leaderCall('AddBlock', { header: { requestId: `${this.ctx.runId}-setup-${id}` }, block: { id, start: '2026-07-01', end: '2026-07-28' } }, 20_000);
      if (!r.ok) throw new Error(`setup: AddBlock ${id}: ${describeError(r.error)}`);
    }
  }

  async runClient(worker: number, stopped: () => boolean): Promise<void> {
    const rng = this.ctx.rng.fork(`lock-client-${worker}`);
    const holder = `c${worker}`;
    let generation = 0;
    let n = 0;
    const id = (): string => `${this.ctx.runId}-${worker}-${n++}`;
    const process = (): string => `${worker}.${generation}`;
    const node = (): string => rng.pick(this.ctx.cluster.ids);
    /** Records the result's effect on the client: an unknown outcome retires its logical client. */
    const after = async (r: ResultClass): Promise<void> => {
      if (r === 'unknown') generation++;
      if (r === 'fail') await sleep(rng.between(...BACKOFF_MS));
    };
    const edit = (block: string, tokens: number[]): { method: 'Assign' | 'Unassign'; input: Unstamped } => {
      const person = rng.pick(LOCK_PEOPLE);
      if (rng.chance(0.4)) return { method: 'Unassign', input: { f: 'unassign', block, person, tokens } };
      const scope = LockWorkload.scopeOf(block);
      const value = `${scope === '' ? rng.pick(FACILITIES) : scope}/${rng.pick(POOLS)}`;
      return { method: 'Assign', input: { f: 'assign', block, person, value, tokens } };
    };

    // Bounded: a client runs at most this many cycles, whatever the clock does.
    for (let cycle = 0; cycle < 100_000 && !stopped(); cycle++) {
      const window = Math.floor(this.history.now() / this.o.windowMs);
      const block = this.blocks[(window * this.o.blocksPerWindow + rng.int(this.o.blocksPerWindow)) % this.blocks.length]!;
      const roll = rng.next();
      if (roll < 0.12) {
        await after(await this.readLock(process(), node(), block));
        continue;
      }
      if (roll < 0.2) {
        await after(await this.readCells(process(), node(), block));
        continue;
      }
      if (roll < 0.27) {
        // No token: accepted only while nobody holds a live lock on the block.
        const e = edit(block, []);
        await after((await this.write(process(), node(), id(), e.method, e.input)).result);
        continue;
      }
      const ttlMs = rng.between(this.o.ttlMinMs, this.o.ttlMaxMs);
      const acquired = await this.write(process(), node(), id(), 'AcquireLock', { f: 'acquire', block, holder, ttlMs });
      if (acquired.result === 'unknown') {
        // It may hold the lock now, but cannot know its token: it leaves it to the lease.
        generation++;
        continue;
      }
      const out = acquired.output;
      if (acquired.result !== 'ok' || out === undefined || !('ok' in out) || out.lock === undefined) {
        await sleep(rng.between(...BACKOFF_MS));
        continue;
      }
      const token = out.lock.token;
      const steps = rng.between(1, 3);
      for (let s = 0; s < steps && !stopped(); s++) {
        const pause = rng.chance(this.o.longPauseShare) ? rng.between(ttlMs - 200, ttlMs + 1200) : rng.chance(0.25) ? rng.between(20, 200) : 0;
        await sleep(pause);
        if (rng.chance(0.2)) {
          const r = await this.write(process(), node(), id(), 'RenewLock', { f: 'renew', block, token, ttlMs: rng.between(this.o.ttlMinMs, this.o.ttlMaxMs) });
          await after(r.result);
        } else {
          const e = edit(block, [token]);
          await after((await this.write(process(), node(), id(), e.method, e.input)).result);
        }
      }
      if (rng.chance(0.9)) {
        const released = await this.write(process(), node(), id(), 'ReleaseLock', { f: 'release', block, token });
        await after(released.result);
        // The released token must fence nothing any more.
        if (released.result === 'ok' && rng.chance(0.25)) {
          const e = edit(block, [token]);
          await after((await this.write(process(), node(), id(), e.method, e.input)).result);
        }
      }
    }
  }

  /** One write: sent to `target`, following leader redirects within the deadline, recorded with its outcome. */
  private async write(process: string, target: string, requestId: string, method: WriteMethod, partial: Unstamped): Promise<{ result: ResultClass; output?: ScheduleLockOutput }> {
    const h = this.history;
    const input = { ...partial, at: Date.now() } as WriteInput;
    const op = h.invoke(process, target, input);
    const scope = LockWorkload.scopeOf(input.block);
    const req = this.request(requestId, input, scope);
    const deadline = Date.now() + OP_TIMEOUT_MS;
    for (let attempt = 0; attempt < 4; attempt++) {
      op.finalNode = target;
      const r: CallResult<WireWriteReply> = await this.ctx.cluster.clients.call('roster', this.ctx.cluster.node(target).address, method, req, deadline - Date.now());
      const done = Date.now();
      if (r.ok) {
        const output = acceptedOutput(r.value, done);
        h.complete(op, 'ok', output);
        return { result: 'ok', output };
      }
      const k = classifyLockWriteError(method, r.error);
      switch (k.kind) {
        case 'refused': {
          const output: ScheduleLockOutput = { refused: k.refusal, done };
          h.complete(op, 'ok', output, describeError(r.error));
          return { result: 'ok', output };
        }
        case 'redirect':
          if (k.leader && this.ctx.cluster.nodes.has(k.leader) && deadline - Date.now() > 50) {
            target = k.leader;
            continue;
          }
          h.complete(op, 'fail', undefined, describeError(r.error));
          return { result: 'fail' };
        case 'fail':
          h.complete(op, 'fail', undefined, describeError(r.error));
          return { result: 'fail' };
        case 'unexpected':
          this.unexpected.push(`${method} ${input.block} at ${target}: ${describeError(r.error)}`);
          h.complete(op, 'unknown', undefined, describeError(r.error));
          return { result: 'unknown' };
        case 'unknown':
          h.complete(op, 'unknown', undefined, describeError(r.error));
          return { result: 'unknown' };
      }
    }
    h.complete(op, 'fail', undefined, 'redirected too often');
    return { result: 'fail' };
  }

  private request(requestId: string, input: WriteInput, scope: string): Record<string, unknown> {
    const header = { requestId };
    switch (input.f) {
      case 'acquire':
        return { header, lock: { block: input.block, facility: scope, holder: input.holder, ttlMs: input.ttlMs } };
      case 'renew':
        return { header, lock: { block: input.block, facility: scope, token: input.token, ttlMs: input.ttlMs } };
      case 'release':
        return { header, lock: { block: input.block, facility: scope, token: input.token } };
      case 'assign': {
        const [facility, pool] = input.value.split('/') as [string, string];
        return { header, assignment: { person: input.person, block: input.block, facility, pool }, lockTokens: [...input.tokens] };
      }
      case 'unassign':
        return { header, assignment: { person: input.person, block: input.block }, lockTokens: [...input.tokens] };
    }
  }

  /** The block's lock in a GetLocks reply, or a reason the reply does not fit this workload. */
  private lockOf(block: string, reply: WireLocksReply): { lock: LockView | null } | { why: string } {
    const scope = LockWorkload.scopeOf(block);
    const locks = reply.locks ?? [];
    const other = locks.find((l) => l.block !== block || l.facility !== scope);
    if (other !== undefined || locks.length > 1) return { why: `GetLocks(${block}) shows a lock on a scope nobody locks: ${JSON.stringify(locks)}` };
    const l = locks[0];
    return { lock: l === undefined ? null : { holder: l.holder, token: Number(l.token), expiresAtMs: Number(l.expiresAtMs) } };
  }

  private cellsOf(reply: WireScheduleReply): Record<string, string | null> {
    const values: Record<string, string | null> = Object.fromEntries(LOCK_PEOPLE.map((p) => [p, null]));
    for (const a of reply.assignments ?? []) if (a.person in values) values[a.person] = `${a.facility}/${a.pool}`;
    return values;
  }

  private async readLock(process: string, node: string, block: string, timeoutMs = OP_TIMEOUT_MS): Promise<ResultClass> {
    return (await this.readLockOutput(process, node, block, timeoutMs)).result;
  }

  private async readLockOutput(process: string, node: string, block: string, timeoutMs: number): Promise<{ result: ResultClass; lock?: LockView | null }> {
    const op = this.history.invoke(process, node, { f: 'read-lock', block });
    const r = await this.ctx.cluster.clients.call<WireLocksReply>('roster', this.ctx.cluster.node(node).address, 'GetLocks', { block, read: { stale: false } }, timeoutMs);
    if (!r.ok) {
      // A read changes nothing: whatever went wrong, it can be left out of the history.
      this.history.complete(op, 'fail', undefined, describeError(r.error));
      return { result: 'fail' };
    }
    const seen = this.lockOf(block, r.value);
    if ('why' in seen) {
      this.unexpected.push(seen.why);
      this.history.complete(op, 'fail', undefined, seen.why);
      return { result: 'fail' };
    }
    this.history.complete(op, 'ok', { lock: seen.lock, clockMs: Number(r.value.logClockMs), applied: Number(r.value.header.appliedIndex) });
    return { result: 'ok', lock: seen.lock };
  }

  private async readCells(process: string, node: string, block: string, timeoutMs = OP_TIMEOUT_MS): Promise<ResultClass> {
    return (await this.readCellsOutput(process, node, block, timeoutMs)).result;
  }

  private async readCellsOutput(process: string, node: string, block: string, timeoutMs: number): Promise<{ result: ResultClass; values?: Record<string, string | null> }> {
    const op = this.history.invoke(process, node, { f: 'read-cells', block, persons: LOCK_PEOPLE });
    const r = await this.ctx.cluster.clients.call<WireScheduleReply>('roster', this.ctx.cluster.node(node).address, 'GetSchedule', { block, read: { stale: false } }, timeoutMs);
    if (!r.ok) {
      this.history.complete(op, 'fail', undefined, describeError(r.error));
      return { result: 'fail' };
    }
    const values = this.cellsOf(r.value);
    this.history.complete(op, 'ok', { values, applied: Number(r.value.header.appliedIndex) });
    return { result: 'ok', values };
  }

  async recordFinalReads(): Promise<void> {
    const locks = new Map<string, LockView | null>();
    const cells = new Map<string, Record<string, string | null>>();
    for (const block of this.blocks) {
      for (const kind of ['lock', 'cells'] as const) {
        let done = false;
        // Bounded retries: the cluster was just restarted and may still be electing.
        for (let attempt = 0; attempt < 40 && !done; attempt++) {
          const node = this.ctx.cluster.ids[attempt % this.ctx.cluster.ids.length]!;
          if (kind === 'lock') {
            const r = await this.readLockOutput('final', node, block, 3000);
            if (r.result === 'ok') locks.set(block, r.lock ?? null);
            done = r.result === 'ok';
          } else {
            const r = await this.readCellsOutput('final', node, block, 3000);
            if (r.values !== undefined) cells.set(block, r.values);
            done = r.result === 'ok';
          }
          if (!done) {
            await sleep(250);
          }
        }
        if (!done) throw new Error(`final read of the ${kind} of block ${block} failed on every node`);
      }
    }
    this.finalLocks = locks;
    this.finalCells = cells;
  }

  /**
   * Acknowledged writes the final state contradicts: for each block, the last acknowledged
   * write of the stored lock (grant, renewal, release) and of each person's assignment, when
   * no other write that could change it may have taken effect after it was invoked.
   */
  lostWrites(): string[] {
    const locks = this.finalLocks;
    const cells = this.finalCells;
    if (locks === undefined || cells === undefined) return ['no final state was read'];
    const lost: string[] = [];
    type Op = RecordedOp<ScheduleLockInput, ScheduleLockOutput>;
    const accepted = (op: Op): boolean => op.result === 'ok' && op.output !== undefined && 'ok' in op.output;
    const effective = (op: Op): boolean => op.result === 'unknown' || accepted(op);
    const lastOf = (ops: Op[]): Op | undefined => {
      const eff = ops.filter(effective);
      return eff.find((w) => accepted(w) && !eff.some((o) => o !== w && o.complete > w.invoke));
    };
    for (const block of this.blocks) {
      const ops = this.history.ops.filter((op) => op.input.block === block && op.process !== 'final');
      const w = lastOf(ops.filter((op) => op.input.f === 'acquire' || op.input.f === 'renew' || op.input.f === 'release'));
      if (w !== undefined && w.output !== undefined && 'ok' in w.output) {
        const have = locks.get(block) ?? null;
        const shown = have === null ? 'no lock' : `${have.holder} token ${have.token} until ${have.expiresAtMs}`;
        const l = w.output.lock;
        if (w.input.f === 'release' && have !== null) {
          lost.push(`acknowledged release of block ${block} (token ${w.input.token}) by client ${w.process} is missing: ${shown}`);
        } else if (w.input.f !== 'release' && l !== undefined && (have === null || have.token !== l.token || have.expiresAtMs !== l.expiresAtMs)) {
          lost.push(`acknowledged ${w.input.f} of block ${block} (token ${l.token} until ${l.expiresAtMs}) by client ${w.process} is missing: ${shown}`);
        }
      }
      for (const person of LOCK_PEOPLE) {
        const e = lastOf(ops.filter((op) => (op.input.f === 'assign' || op.input.f === 'unassign') && op.input.person === person));
        if (e === undefined) continue;
        const have = cells.get(block)?.[person] ?? null;
        if (e.input.f === 'assign' && have !== e.input.value) {
          lost.push(`acknowledged assign(${block}/${person}, ${e.input.value}) by client ${e.process} is missing: the cell holds ${have ?? 'nothing'}`);
        } else if (e.input.f === 'unassign' && have !== null) {
          lost.push(`acknowledged unassign(${block}/${person}) by client ${e.process} is missing: the cell holds ${have}`);
        }
      }
    }
    return lost;
  }

  scope(): string {
    const blocks = new Set(this.history.ops.filter((op) => op.process !== 'final').map((op) => op.input.block));
    const count = (pred: (op: RecordedOp<ScheduleLockInput, ScheduleLockOutput>) => boolean): number => this.history.ops.filter(pred).length;
    const grants = count((op) => op.input.f === 'acquire' && op.output !== undefined && 'ok' in op.output);
    const fenced = count((op) => 'tokens' in op.input && op.input.tokens.length > 0 && op.output !== undefined && 'ok' in op.output);
    const staleRefused = count((op) => {
      const why = op.output !== undefined && 'refused' in op.output ? op.output.refused.why : undefined;
      return 'tokens' in op.input && op.input.tokens.length > 0 && (why === 'locked' || why === 'expired' || why === 'not-live');
    });
    return `${blocks.size} locks (${grants} grants, ${fenced} fenced edits accepted, ${staleRefused} stale tokens refused)`;
  }

  async localState(node: string): Promise<{ applied: number; state: string } | undefined> {
    const parts: string[] = [];
    let applied = -1;
    const address = this.ctx.cluster.node(node).address;
    for (const block of this.blocks) {
      const l = await this.ctx.cluster.clients.call<WireLocksReply>('roster', address, 'GetLocks', { block, read: { stale: true } }, 2000);
      const s = await this.ctx.cluster.clients.call<WireScheduleReply>('roster', address, 'GetSchedule', { block, read: { stale: true } }, 2000);
      if (!l.ok || !s.ok) return undefined;
      for (const index of [l.value.header.appliedIndex, s.value.header.appliedIndex]) {
        if (applied === -1) applied = index;
        else if (applied !== index) return undefined; // moved while reading: try again
      }
      const locks = (l.value.locks ?? []).map((x) => `${x.facility || '*'}:${x.holder}:${x.token}:${x.expiresAtMs}`).sort();
      const rows = (s.value.assignments ?? []).map((a) => `${a.person}=${a.facility}/${a.pool}`).sort();
      parts.push(`${block}:${locks.join(',')}:${rows.join(',')}`);
    }
    return { applied, state: parts.join(' ') };
  }
}
