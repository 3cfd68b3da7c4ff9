/**
 * Emergency coverage (AP) and how it is reconciled with final approvals (CP). The rules
 * (docs/ARCHITECTURE.md, CP and AP):
 *
 * - The final schedule is authoritative: a final approval is checked against final
 *   approvals only, so it beats emergency coverage whenever the two collide, whichever
 *   came first in the log.
 * - Emergency writes of one block are laid over the final schedule in the order of
 *   their stamps (hybrid logical clock, then facility id, then write id): a cover stands
 *   if its person exists, holds nothing final and no earlier standing cover in the
 *   block, and the bulkhead rules hold with it; an uncover withdraws the standing
 *   covers of its person that are earlier than it.
 * - A cover identical to a final assignment is confirmed by it and retires; so does a
 *   cover a final approval withdrew, or one a coordinator resolved. Retired writes no
 *   longer take part; every other write is re-laid whenever its block changes.
 * - Every write ends standing, withdrawn, confirmed, resolved, or in conflict with the
 *   reason and the winning assignment: nothing is dropped.
 *
 * So the standing covers and the conflicts of a block are a function of the final
 * schedule and the set of emergency writes (not of the order in which journals arrived),
 * except for retirements, which are decisions of final approvals and coordinators.
 *
 * Pure: no I/O, no clock. The machine (machine.ts) owns a CoverageBook and tells it what
 * changed; the book asks the machine about the final schedule through CoverageContext.
 */
import { compareStrings } from './canonical.ts';
import { checkPoolRules } from './pools.ts';
import type { Assignment, CoverageWrite, PoolSpec, Stamp } from './command.ts';

/** What the book needs to know about the final schedule. */
export interface CoverageContext {
  hasPerson(id: string): boolean;
  hasBlock(id: string): boolean;
  /** The pool table in force at a facility; undefined for an unknown facility. */
  poolTable(facility: string): readonly PoolSpec[] | undefined;
  /** The final assignments of a block, by person. */
  finals(block: string): ReadonlyMap<string, Assignment>;
}

/** Where an emergency write stands. */
export type CoverageStatus =
  | { readonly kind: 'standing' }
  /** An uncover that withdrew the covers listed. */
  | { readonly kind: 'applied'; readonly withdrew: readonly string[] }
  /** A cover an uncover withdrew. */
  | { readonly kind: 'withdrawn'; readonly by: string }
  /** Lost: `winner` holds the person or seat it wanted (absent when a full pool or a missing thing is the reason). */
  | { readonly kind: 'conflict'; readonly reason: string; readonly winner?: { readonly assignment: Assignment; readonly source: 'final' | 'emergency'; readonly id?: string } }
  /** A final assignment holds exactly what it asked for. */
  | { readonly kind: 'confirmed' }
  /** A coordinator decided on it at log index `index` (accepted as a final approval, or dismissed); no longer takes part. */
  | { readonly kind: 'retired'; readonly why: 'accepted' | 'dismissed'; readonly index: number };

/** One emergency write the log has seen: what it was, where it entered the log, where it stands. */
export interface CoverageRecord {
  readonly write: CoverageWrite;
  /** The log index of the command that brought it in (a cover, or a journal's reconcile). */
  readonly index: number;
  readonly status: CoverageStatus;
}

/** A change of status, for results and watch streams. */
export interface CoverageTransition {
  readonly id: string;
  readonly from: CoverageStatus | undefined;
  readonly to: CoverageStatus;
}

/** The order in which emergency writes are laid down: stamp, then facility, then id. */
export function compareWrites(a: CoverageWrite, b: CoverageWrite): number {
  return compareStamps(a.stamp, b.stamp) || compareStrings(a.facility, b.facility) || compareStrings(a.id, b.id);
}

export function compareStamps(a: Stamp, b: Stamp): number {
  return a.wallMs - b.wallMs || a.logical - b.logical;
}

/** The block a write belongs to. */
export function blockOf(w: CoverageWrite): string {
  return w.op.kind === 'cover' ? w.op.assignment.block : w.op.block;
}

function personOf(w: CoverageWrite): string {
  return w.op.kind === 'cover' ? w.op.assignment.person : w.op.person;
}

function sameSlot(a: Assignment, b: Assignment): boolean {
  return a.person === b.person && a.facility === b.facility && a.pool === b.pool && a.block === b.block;
}

function sameStatus(a: CoverageStatus | undefined, b: CoverageStatus): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The emergency writes the log has seen, by id (a write arriving twice, through Raft and
 * again from a journal, is one write), with the standing covers and conflicts derived
 * from them.
 */
export class CoverageBook {
  readonly #records = new Map<string, CoverageRecord>();
  /** block -> ids of its writes that still take part (not retired). */
  readonly #live = new Map<string, Set<string>>();
  /** block -> person -> the standing cover's id. */
  readonly #standing = new Map<string, Map<string, string>>();
  /** The latest stamp of any write seen: what a node's hybrid clock must stay ahead of. */
  #latest: Stamp = { wallMs: 0, logical: 0 };

  get(id: string): CoverageRecord | undefined {
    return this.#records.get(id);
  }

  /** The latest stamp of any write in the book. */
  latestStamp(): Stamp {
    return this.#latest;
  }

  #seen(s: Stamp): void {
    if (compareStamps(s, this.#latest) > 0) this.#latest = s;
  }

  has(id: string): boolean {
    return this.#records.has(id);
  }

  /** Every record, sorted by the order writes are laid down. */
  all(): CoverageRecord[] {
    return [...this.#records.values()].sort((a, b) => compareWrites(a.write, b.write));
  }

  /** Blocks that have writes taking part. */
  liveBlocks(): string[] {
    return [...this.#live.keys()].sort(compareStrings);
  }

  /** The standing covers of a block, by person. */
  standing(block: string): ReadonlyMap<string, CoverageWrite> {
    const out = new Map<string, CoverageWrite>();
    for (const [person, id] of this.#standing.get(block) ?? []) out.set(person, this.#records.get(id)!.write);
    return out;
  }

  /** Adds a write not seen before (callers check has()); it takes part from the next relay of its block. */
  add(write: CoverageWrite, index: number): void {
    this.#seen(write.stamp);
    this.#records.set(write.id, { write, index, status: { kind: 'conflict', reason: 'not yet reconciled' } });
    const block = blockOf(write);
    let live = this.#live.get(block);
    if (!live) this.#live.set(block, (live = new Set()));
    live.add(write.id);
  }

  /** Puts back a record as it was before a retirement that the same command then could not complete. */
  restore(record: CoverageRecord): void {
    this.#seen(record.write.stamp);
    this.#records.set(record.write.id, record);
    if (record.status.kind === 'retired') return;
    const block = blockOf(record.write);
    let live = this.#live.get(block);
    if (!live) this.#live.set(block, (live = new Set()));
    live.add(record.write.id);
    if (record.status.kind === 'standing' && record.write.op.kind === 'cover') {
      let standing = this.#standing.get(block);
      if (!standing) this.#standing.set(block, (standing = new Map()));
      standing.set(record.write.op.assignment.person, record.write.id);
    }
  }

  /** Fills an empty book from snapshot records (their statuses as stored). */
  load(records: readonly CoverageRecord[]): void {
    for (const r of records) this.restore(r);
  }

  /** Takes a write out of play for good: a coordinator decided on it. */
  retire(id: string, why: Extract<CoverageStatus, { kind: 'retired' }>['why'], index: number): CoverageTransition | undefined {
    const r = this.#records.get(id);
    if (!r || r.status.kind === 'retired') return undefined;
    const to: CoverageStatus = { kind: 'retired', why, index };
    this.#records.set(id, { ...r, status: to });
    const block = blockOf(r.write);
    const live = this.#live.get(block);
    live?.delete(id);
    if (live?.size === 0) this.#live.delete(block);
    const standing = this.#standing.get(block);
    if (standing?.get(personOf(r.write)) === id) {
      standing.delete(personOf(r.write));
      if (standing.size === 0) this.#standing.delete(block);
    }
    return { id, from: r.status, to };
  }

  /**
   * Lays the live writes of `block` over its final schedule again (the rules at the top
   * of this file). Returns every change of status, in lay-down order.
   */
  relay(block: string, ctx: CoverageContext): CoverageTransition[] {
    const ids = this.#live.get(block);
    if (!ids) return [];
    const writes = [...ids].map((id) => this.#records.get(id)!.write).sort(compareWrites);
    const { statuses, standing } = layDown(block, writes, ctx);
    const transitions: CoverageTransition[] = [];
    for (const w of writes) {
      const r = this.#records.get(w.id)!;
      const to = statuses.get(w.id)!;
      if (sameStatus(r.status, to)) continue;
      this.#records.set(w.id, { ...r, status: to });
      transitions.push({ id: w.id, from: r.status, to });
    }
    if (standing.size === 0) this.#standing.delete(block);
    else this.#standing.set(block, standing);
    return transitions;
  }

  /**
   * How `write` would stand if it joined `block` together with `extra` (writes not in the
   * log: a node's own journal), without changing anything. What a node checks before it
   * journals a write in a minority.
   */
  preview(write: CoverageWrite, extra: readonly CoverageWrite[], ctx: CoverageContext): CoverageStatus {
    const block = blockOf(write);
    const writes = [...(this.#live.get(block) ?? [])].map((id) => this.#records.get(id)!.write);
    for (const w of [...extra, write]) if (blockOf(w) === block && !writes.some((x) => x.id === w.id)) writes.push(w);
    writes.sort(compareWrites);
    return layDown(block, writes, ctx).statuses.get(write.id) ?? { kind: 'conflict', reason: 'not laid down' };
  }
}

/** The pure rule: the status of each write of one block, and the standing covers by person. */
function layDown(block: string, writes: readonly CoverageWrite[], ctx: CoverageContext): { statuses: Map<string, CoverageStatus>; standing: Map<string, string> } {
  const statuses = new Map<string, CoverageStatus>();
  const standing = new Map<string, string>();
  const byId = new Map(writes.map((w) => [w.id, w]));
  const finals = ctx.finals(block);
  const blockExists = ctx.hasBlock(block);
  for (const w of writes) {
    if (w.op.kind === 'uncover') {
      const person = w.op.person;
      // Writes are laid down in order, so a cover standing now is earlier than this withdrawal.
      const held = standing.get(person);
      if (held !== undefined) {
        standing.delete(person);
        statuses.set(held, { kind: 'withdrawn', by: w.id });
        statuses.set(w.id, { kind: 'applied', withdrew: [held] });
      } else {
        statuses.set(w.id, { kind: 'conflict', reason: `nothing to withdraw: ${person} holds no emergency coverage in block ${block} that is earlier than this withdrawal` });
      }
      continue;
    }
    const a = w.op.assignment;
    const final = finals.get(a.person);
    if (final !== undefined && sameSlot(final, a)) {
      statuses.set(w.id, { kind: 'confirmed' });
      continue;
    }
    const missing = !ctx.hasPerson(a.person)
      ? `person ${a.person} not found`
      : !blockExists
        ? `block ${block} not found`
        : ctx.poolTable(a.facility) === undefined
          ? `facility ${a.facility} not found`
          : !ctx.poolTable(a.facility)!.some((p) => p.name === a.pool)
            ? `pool ${a.pool} not found at facility ${a.facility}`
            : undefined;
    if (missing !== undefined) {
      statuses.set(w.id, { kind: 'conflict', reason: missing });
      continue;
    }
    if (final !== undefined) {
      statuses.set(w.id, {
        kind: 'conflict',
        reason: `a final approval holds ${a.person} in block ${block} (${final.facility}/${final.pool}); final approval beats emergency coverage`,
        winner: { assignment: final, source: 'final' },
      });
      continue;
    }
    const earlier = standing.get(a.person);
    if (earlier !== undefined) {
      const e = byId.get(earlier)!;
      statuses.set(w.id, {
        kind: 'conflict',
        reason: `earlier emergency coverage ${earlier} (accepted by ${e.facility}) holds ${a.person} in block ${block}; the earlier timestamp wins`,
        winner: { assignment: (e.op as Extract<CoverageWrite['op'], { kind: 'cover' }>).assignment, source: 'emergency', id: earlier },
      });
      continue;
    }
    const table = ctx.poolTable(a.facility)!;
    const before = countsAt(block, a.facility, finals, standing, byId);
    const after = new Map(before);
    after.set(a.pool, (after.get(a.pool) ?? 0) + 1);
    const broken = checkPoolRules(table, before, after, `at facility ${a.facility} in block ${block}`);
    if (broken !== undefined) {
      statuses.set(w.id, { kind: 'conflict', reason: broken });
      continue;
    }
    standing.set(a.person, w.id);
    statuses.set(w.id, { kind: 'standing' });
  }
  return { statuses, standing };
}

/** People per pool at `facility` in `block`: final assignments plus the covers standing so far. */
function countsAt(block: string, facility: string, finals: ReadonlyMap<string, Assignment>, standing: ReadonlyMap<string, string>, byId: ReadonlyMap<string, CoverageWrite>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of finals.values()) if (a.facility === facility) counts.set(a.pool, (counts.get(a.pool) ?? 0) + 1);
  for (const id of standing.values()) {
    const w = byId.get(id)!;
    if (w.op.kind !== 'cover' || w.op.assignment.block !== block || w.op.assignment.facility !== facility) continue;
    counts.set(w.op.assignment.pool, (counts.get(w.op.assignment.pool) ?? 0) + 1);
  }
  return counts;
}
