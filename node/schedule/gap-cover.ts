/**
 * Covering the gaps that losing people opens in one facility's pools, within the pool
 * rules (pools.ts), for contingency experiments (contingency.ts).
 *
 * A pool has a gap when the loss leaves it below min(reserved, what it held before): a
 * pool that was already short before the loss is not asked to rise above that. Each
 * missing seat is filled, if anyone can fill it, by someone of the role of a person the
 * pool lost, from (in this order of preference):
 *   1. people of the facility (home facility) who hold nothing in the block;
 *   2. people of the facility's flex pool, above its own reserve;
 *   3. people of another regular pool above its reserve: they sit in seats that pool
 *      borrows from the flex pool, so moving them frees a flex seat and takes nothing
 *      from the pool's own seats.
 * No donor pool goes below its reserve and nobody is used twice. Moving a person into a
 * pool that is below its reserve never makes it borrow, and taking people out of a pool
 * never breaks a rule, so every cover found here is an edit the machine would accept.
 * Standing emergency covers count as seats held, and can be lost, but their people are
 * not moved (they are provisional). The best cover is a maximum matching of missing
 * seats to people (a max flow; the numbers are small), found in a fixed order so the
 * answer is the same on every node.
 */
import { compareStrings } from './canonical.ts';
import type { PersonRole, PoolSpec } from './command.ts';

/** A person holding a seat of one pool in the block (a final assignment or a standing cover). */
export interface HeldSeat {
  readonly person: string;
  readonly role: PersonRole;
  readonly pool: string;
  /** A standing emergency cover rather than a final assignment. */
  readonly provisional: boolean;
}

/** Someone who could be asked in: a person of the facility holding nothing in the block. */
export interface SparePerson {
  readonly person: string;
  readonly role: PersonRole;
}

/** One facility's part of a block: its pool table, who holds its seats, and who is spare. */
export interface FacilityPart {
  readonly facility: string;
  readonly pools: readonly PoolSpec[];
  readonly seats: readonly HeldSeat[];
  readonly spare: readonly SparePerson[];
}

/** One person asked in to fill a missing seat, and where from ('' : held nothing). */
export interface GapCover {
  readonly person: string;
  readonly role: PersonRole;
  readonly fromPool: string;
  /** fromPool is the facility's flex pool. */
  readonly fromFlex: boolean;
}

/** A pool left below its floor by a loss, and how far it could be covered. */
export interface PoolGap {
  readonly facility: string;
  readonly pool: string;
  readonly reserved: number;
  /** People in the pool before and after the loss (before any cover). */
  readonly before: number;
  readonly after: number;
  /** Seats missing after the loss: min(reserved, before) - after. */
  readonly missing: number;
  /** The people found to fill them (at most `missing`). */
  readonly covers: readonly GapCover[];
}

/** A directed flow network with integer capacities, built once per experiment. */
class FlowNetwork {
  private readonly edges: { to: number; cap: number; rev: number }[][] = [];

  node(): number {
    this.edges.push([]);
    return this.edges.length - 1;
  }

  edge(from: number, to: number, cap: number): void {
    this.edges[from]!.push({ to, cap, rev: this.edges[to]!.length });
    this.edges[to]!.push({ to: from, cap: 0, rev: this.edges[from]!.length - 1 });
  }

  /** Pushes unit paths from source to sink while there are any; edges are tried in insertion order. */
  maxFlow(source: number, sink: number): void {
    for (;;) {
      const seen = new Set<number>();
      if (!this.push(source, sink, seen)) return;
    }
  }

  /** Capacity used on the edge from `from` to `to` (its reverse edge's capacity). */
  flow(from: number, to: number): number {
    return this.edges[from]!.filter((e) => e.to === to).reduce((sum, e) => sum + this.edges[to]![e.rev]!.cap, 0);
  }

  private push(at: number, sink: number, seen: Set<number>): boolean {
    if (at === sink) return true;
    seen.add(at);
    for (const e of this.edges[at]!) {
      if (e.cap <= 0 || seen.has(e.to)) continue;
      if (this.push(e.to, sink, seen)) {
        e.cap -= 1;
        this.edges[e.to]![e.rev]!.cap += 1;
        return true;
      }
    }
    return false;
  }
}

/**
 * The gaps that losing `lost` (person ids) opens in this facility's pools, each with the
 * best cover found, sorted by pool in table order. Empty when no pool drops below its
 * floor. Seats of pools missing from the table are ignored (the caller's data is whole).
 */
export function coverGaps(part: FacilityPart, lost: ReadonlySet<string>): PoolGap[] {
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  for (const seat of part.seats) {
    before.set(seat.pool, (before.get(seat.pool) ?? 0) + 1);
    if (!lost.has(seat.person)) after.set(seat.pool, (after.get(seat.pool) ?? 0) + 1);
  }
  const gaps = part.pools
    .map((spec) => {
      const b = before.get(spec.name) ?? 0;
      const a = after.get(spec.name) ?? 0;
      return { spec, before: b, after: a, missing: Math.max(0, Math.min(spec.reserved, b) - a) };
    })
    .filter((g) => g.missing > 0);
  if (gaps.length === 0) return [];

  const net = new FlowNetwork();
  const source = net.node();
  const sink = net.node();
  // Candidates, in the order of preference: spare people, then flex staff, then other pools' borrowers.
  const flex = part.pools.find((p) => p.flex);
  const surplus = new Map(part.pools.map((p) => [p.name, Math.max(0, (after.get(p.name) ?? 0) - p.reserved)]));
  const donorPool = new Map<string, number>();
  const candidates: { cover: GapCover; node: number }[] = [];
  for (const s of [...part.spare].sort((x, y) => compareStrings(x.person, y.person))) {
    const node = net.node();
    net.edge(node, sink, 1);
    candidates.push({ cover: { person: s.person, role: s.role, fromPool: '', fromFlex: false }, node });
  }
  const movable = part.seats
    .filter((s) => !lost.has(s.person) && !s.provisional && (surplus.get(s.pool) ?? 0) > 0)
    .sort((x, y) => Number(y.pool === flex?.name) - Number(x.pool === flex?.name) || compareStrings(x.pool, y.pool) || compareStrings(x.person, y.person));
  for (const s of movable) {
    let group = donorPool.get(s.pool);
    if (group === undefined) {
      group = net.node();
      net.edge(group, sink, surplus.get(s.pool)!);
      donorPool.set(s.pool, group);
    }
    const node = net.node();
    net.edge(node, group, 1);
    candidates.push({ cover: { person: s.person, role: s.role, fromPool: s.pool, fromFlex: s.pool === flex?.name }, node });
  }
  const slots: { gap: (typeof gaps)[number]; node: number; role: PersonRole }[] = [];
  for (const gap of gaps) {
    const node = net.node();
    net.edge(source, node, gap.missing);
    // One slot per person the pool lost, in their role: the gap takes `missing` of them.
    const lostHere = part.seats.filter((s) => s.pool === gap.spec.name && lost.has(s.person)).sort((x, y) => compareStrings(x.person, y.person));
    for (const l of lostHere) {
      const slot = net.node();
      net.edge(node, slot, 1);
      slots.push({ gap, node: slot, role: l.role });
      for (const c of candidates) if (c.cover.role === l.role && c.cover.fromPool !== gap.spec.name) net.edge(slot, c.node, 1);
    }
  }
  net.maxFlow(source, sink);
  return gaps.map((gap) => ({
    facility: part.facility,
    pool: gap.spec.name,
    reserved: gap.spec.reserved,
    before: gap.before,
    after: gap.after,
    missing: gap.missing,
    covers: slots
      .filter((s) => s.gap === gap)
      .flatMap((s) => candidates.filter((c) => net.flow(s.node, c.node) > 0).map((c) => c.cover)),
  }));
}
