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
  private readonly edges: { to: number; cap: number; rev: number; forward: boolean }[][] = [];

  node(): number {
    this.edges.push([]);
    return this.edges.length - 1;
  }

  edge(from: number, to: number, cap: number): void {
    this.edges[from]!.push({ to, cap, rev: this.edges[to]!.length, forward: true });
    this.edges[to]!.push({ to: from, cap: 0, rev: this.edges[from]!.length - 1, forward: false });
  }

  /** Pushes unit paths from source to sink while there are any; edges are tried in insertion order. */
  maxFlow(source: number, sink: number): void {
    for (;;) {
      const seen = new Set<number>();
      if (!this.push(source, sink, seen)) return;
    }
  }

  /** The nodes `from` sends flow to (an edge's flow is its reverse edge's capacity). */
  flowsFrom(from: number): number[] {
    return this.edges[from]!.filter((e) => e.forward && this.edges[e.to]![e.rev]!.cap > 0).map((e) => e.to);
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
  // People who could step in, as groups of interchangeable ones (same role and origin), in
  // the order of preference: spare people, then flex staff, then other pools' borrowers.
  // A group hands out its people in id order, so the answer does not depend on the flow's path.
  const groups: CoverGroup[] = [];
  for (const [role, people] of spareByRole(part)) {
    const node = net.node();
    net.edge(node, sink, people.length);
    groups.push({ node, role, fromPool: '', people, next: 0 });
  }
  const flex = part.pools.find((p) => p.flex);
  const movable = part.seats
    .filter((s) => !lost.has(s.person) && !s.provisional)
    .sort((x, y) => Number(y.pool === flex?.name) - Number(x.pool === flex?.name) || compareStrings(x.pool, y.pool) || compareStrings(x.person, y.person));
  const donors = new Map<string, number>();
  for (const spec of part.pools) {
    const surplus = (after.get(spec.name) ?? 0) - spec.reserved;
    if (surplus > 0) donors.set(spec.name, surplus);
  }
  const donorNodes = new Map<string, number>();
  for (const s of movable) {
    const surplus = donors.get(s.pool);
    if (surplus === undefined) continue;
    let group = groups.find((g) => g.fromPool === s.pool && g.role === s.role);
    if (group === undefined) {
      let pool = donorNodes.get(s.pool);
      if (pool === undefined) {
        pool = net.node();
        net.edge(pool, sink, surplus);
        donorNodes.set(s.pool, pool);
      }
      group = { node: net.node(), role: s.role, fromPool: s.pool, people: [], next: 0 };
      groups.push(group);
    }
    (group.people as GapCover[]).push({ person: s.person, role: s.role, fromPool: s.pool, fromFlex: s.pool === flex?.name });
  }
  for (const g of groups) if (g.fromPool !== '') net.edge(g.node, donorNodes.get(g.fromPool)!, g.people.length);
  const slots: { gap: (typeof gaps)[number]; node: number }[] = [];
  for (const gap of gaps) {
    const node = net.node();
    net.edge(source, node, gap.missing);
    // One slot per person the pool lost, in their role: the gap takes `missing` of them.
    const lostHere = part.seats.filter((s) => s.pool === gap.spec.name && lost.has(s.person)).sort((x, y) => compareStrings(x.person, y.person));
    for (const l of lostHere) {
      const slot = net.node();
      net.edge(node, slot, 1);
      slots.push({ gap, node: slot });
      for (const g of groups) if (g.role === l.role && g.fromPool !== gap.spec.name) net.edge(slot, g.node, 1);
    }
  }
  net.maxFlow(source, sink);
  const byNode = new Map(groups.map((g) => [g.node, g]));
  const covers = new Map<(typeof gaps)[number], GapCover[]>();
  for (const slot of slots) {
    for (const n of net.flowsFrom(slot.node)) {
      const g = byNode.get(n);
      const person = g?.people[g.next++];
      if (person !== undefined) covers.set(slot.gap, [...(covers.get(slot.gap) ?? []), person]);
    }
  }
  return gaps.map((gap) => ({
    facility: part.facility,
    pool: gap.spec.name,
    reserved: gap.spec.reserved,
    before: gap.before,
    after: gap.after,
    missing: gap.missing,
    covers: covers.get(gap) ?? [],
  }));
}

/** Interchangeable people who could step in: one role, one origin ('' : spare), handed out in order. */
interface CoverGroup {
  readonly node: number;
  readonly role: PersonRole;
  readonly fromPool: string;
  readonly people: readonly GapCover[];
  next: number;
}

/** The facility's spare people by role, each list in id order; computed once per part (parts are immutable). */
const spareCache = new WeakMap<FacilityPart, ReadonlyMap<PersonRole, readonly GapCover[]>>();
function spareByRole(part: FacilityPart): ReadonlyMap<PersonRole, readonly GapCover[]> {
  let byRole = spareCache.get(part);
  if (byRole === undefined) {
    const m = new Map<PersonRole, GapCover[]>();
    for (const s of [...part.spare].sort((x, y) => compareStrings(x.person, y.person))) {
      const list = m.get(s.role) ?? [];
      list.push({ person: s.person, role: s.role, fromPool: '', fromFlex: false });
      m.set(s.role, list);
    }
    byRole = new Map([...m].sort(([a], [b]) => compareStrings(a, b)));
    spareCache.set(part, byRole);
  }
  return byRole;
}
