/**
 * Contingency experiments on one block's schedule ("single faculty loss", N-K): take K
 * people away at once, see which pools fall below their reserved floor, and whether the
 * gap can be covered within the pool rules (gap-cover.ts). Every K-subset of the people
 * in scope is checked when there are few (loss-scenarios.ts), else a seeded sample; the
 * report says which. Pure: a function of the schedule, the request and the seed, so
 * every node answers the same.
 *
 * The words follow the chaos experiment of the reference notes:
 *   "N-1 contingency failed: ICU at B drops to 4 of 5 reserved if icu3 is lost; no eligible cover"
 */
import { compareStrings } from './canonical.ts';
import { coverGaps, type FacilityPart, type GapCover, type HeldSeat, type PoolGap } from './gap-cover.ts';
import { planScenarios, type ScenarioMethod, type ScenarioPlan } from './loss-scenarios.ts';
import type { Person, PoolSpec } from './command.ts';
import type { BlockSchedule, FacilityPools } from './machine.ts';
import type { CoverageRecord } from './coverage.ts';
import type { FacilityConfig } from './facility.ts';

/** The most people one experiment may take away at once (an input limit). */
export const MAX_LOSE = 64;
/** Findings listed in a report; the rest are counted in `unlisted`. */
export const MAX_LISTED_FINDINGS = 50;

/** What the experiment reads of the schedule: a narrow view of ScheduleMachine. */
export interface ContingencySource {
  getSchedule(block: string): BlockSchedule | undefined;
  coverage(block?: string): CoverageRecord[];
  listPeople(): Person[];
  getPools(facility: string): FacilityPools | undefined;
  facilities(): readonly FacilityConfig[];
}

/** What to check. */
export interface ContingencyRequest {
  readonly block: string;
  /** Only people assigned at this facility are lost ('' or absent: every facility). */
  readonly facility?: string;
  /**
   * How many people are lost at once: a count (1..MAX_LOSE), or a fraction (0 < f <= 1)
   * of the people in scope, rounded up (at least 1, at most MAX_LOSE). More than are
   * assigned means all of them.
   */
  readonly loss: ContingencyLoss;
  /** Seed of the sample (uint32), when there are too many subsets to check them all. */
  readonly seed: number;
}

/** The size of each loss: a number of people, or a fraction of those in scope (the blast radius). */
export type ContingencyLoss = { readonly kind: 'count'; readonly people: number } | { readonly kind: 'fraction'; readonly fraction: number };

/** One pool below its reserved floor before anyone is lost. */
export interface Shortfall {
  readonly facility: string;
  readonly pool: string;
  readonly reserved: number;
  readonly held: number;
}

/** One experiment that opened a gap: the people lost, the gaps and their covers. */
export interface ContingencyFinding {
  /** Sorted person ids. */
  readonly lost: readonly string[];
  /** 'failed': some gap could not be covered in full; 'covered': every gap could. */
  readonly outcome: 'failed' | 'covered';
  readonly gaps: readonly PoolGap[];
  /** The finding in the reference's words. */
  readonly message: string;
}

/** The answer to a ContingencyRequest. */
export interface ContingencyReport {
  readonly block: string;
  readonly facility: string;
  /** People lost at once in each experiment (the request's, capped at `people`). */
  readonly lose: number;
  /** People in scope (holding a seat of the block, at `facility` if given). */
  readonly people: number;
  readonly method: ScenarioMethod;
  readonly seed: number;
  /** How many K-subsets exist (Infinity past 2^53), and how many were checked. */
  readonly possible: number;
  readonly checked: number;
  /** Experiments that left a gap uncovered, that were covered in full, and that opened no gap. */
  readonly failed: number;
  readonly covered: number;
  readonly held: number;
  /** Pools of the facilities in scope below their reserved floor before any loss. */
  readonly baseline: readonly Shortfall[];
  /** Failed experiments first, then covered ones, at most MAX_LISTED_FINDINGS. */
  readonly findings: readonly ContingencyFinding[];
  /** Findings not listed. */
  readonly unlisted: number;
}

/** "icu3", "icu1 and icu3", "a, b and c". */
function names(ids: readonly string[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

function describeDrop(g: PoolGap): string {
  const from = g.before < g.reserved ? `from ${g.before} ` : '';
  return `${g.pool} at ${g.facility} drops ${from}to ${g.after} of ${g.reserved} reserved`;
}

function describeCover(c: GapCover): string {
  if (c.fromPool === '') return `${c.person} (unassigned ${c.role})`;
  return `${c.person} (${c.role}, moved from ${c.fromFlex ? 'flex pool ' : ''}${c.fromPool})`;
}

/** What could be done for one gap: "no eligible cover", "cover: x (...)", "1 of 2 covered: x (...)". */
function describeCovers(g: PoolGap): string {
  if (g.covers.length === 0) return 'no eligible cover';
  const who = g.covers.map(describeCover).join(', ');
  return g.covers.length >= g.missing ? `cover: ${who}` : `${g.covers.length} of ${g.missing} covered (${who}); no eligible cover for the rest`;
}

/** The finding's sentence (see the top of this file). */
export function describeFinding(lose: number, lost: readonly string[], gaps: readonly PoolGap[]): string {
  const failed = gaps.some((g) => g.covers.length < g.missing);
  const drops = gaps.map(describeDrop).join(' and ');
  const verb = lost.length === 1 ? 'is' : 'are';
  const covers = gaps.length === 1 ? describeCovers(gaps[0]!) : gaps.map((g) => `${g.pool} at ${g.facility}: ${describeCovers(g)}`).join('; ');
  return `N-${lose} contingency ${failed ? 'failed' : 'covered'}: ${drops} if ${names(lost)} ${verb} lost; ${covers}`;
}

/** Each facility's part of the block: its pool table, seats held (final and standing covers) and spare people. */
function facilityParts(source: ContingencySource, schedule: BlockSchedule): FacilityPart[] {
  const people = source.listPeople();
  const byId = new Map(people.map((p) => [p.id, p]));
  const seats = new Map<string, HeldSeat[]>();
  const holding = new Set<string>();
  const hold = (facility: string, person: string, pool: string, provisional: boolean): void => {
    const p = byId.get(person);
    if (p === undefined) return;
    holding.add(person);
    const list = seats.get(facility) ?? [];
    list.push({ person, role: p.role, pool, provisional });
    seats.set(facility, list);
  };
  for (const a of schedule.assignments) hold(a.facility, a.person, a.pool, false);
  for (const r of source.coverage(schedule.block.id)) {
    if (r.status.kind === 'standing' && r.write.op.kind === 'cover') hold(r.write.op.assignment.facility, r.write.op.assignment.person, r.write.op.assignment.pool, true);
  }
  return source.facilities().map((f) => ({
    facility: f.id,
    pools: source.getPools(f.id)?.pools ?? f.pools,
    seats: seats.get(f.id) ?? [],
    spare: people.filter((p) => p.homeFacility === f.id && !holding.has(p.id)).map((p) => ({ person: p.id, role: p.role })),
  }));
}

function shortfalls(facility: string, pools: readonly PoolSpec[], seats: readonly HeldSeat[]): Shortfall[] {
  return pools
    .map((p) => ({ facility, pool: p.name, reserved: p.reserved, held: seats.filter((s) => s.pool === p.name).length }))
    .filter((s) => s.held < s.reserved);
}

/**
 * One experiment run, in steps: `start` reads what it needs of the schedule at once (so
 * the answer is of one applied state), `step` checks the next scenarios, `report` sums
 * up. A caller on a busy event loop (a node's) takes a few steps per turn; runContingency
 * takes them all.
 */
export class ContingencyRun {
  private readonly partOf: ReadonlyMap<string, FacilityPart>;
  private readonly subsets: readonly (readonly number[])[];
  private nextSubset = 0;
  private held = 0;
  private failed = 0;
  private covered = 0;
  /** The first MAX_LISTED_FINDINGS failed and covered findings, in scenario order. */
  private readonly failedListed: ContingencyFinding[] = [];
  private readonly coveredListed: ContingencyFinding[] = [];

  private constructor(
    private readonly request: ContingencyRequest,
    private readonly facility: string,
    parts: readonly FacilityPart[],
    private readonly inScope: readonly FacilityPart[],
    private readonly candidates: readonly { readonly facility: string; readonly person: string }[],
    private readonly lose: number,
    private readonly plan: ScenarioPlan,
  ) {
    this.partOf = new Map(parts.map((p) => [p.facility, p]));
    this.subsets = plan.subsets;
  }

  /**
   * Reads the block's seats, pools and people from `source`; undefined when the block
   * does not exist. An unknown facility has nobody in scope (no experiments). Throws
   * RangeError for a loss out of range or a seed that is not a uint32 (callers validate
   * first).
   */
  static start(source: ContingencySource, request: ContingencyRequest): ContingencyRun | undefined {
    const loss = request.loss;
    if (loss.kind === 'count' && (!Number.isSafeInteger(loss.people) || loss.people < 1 || loss.people > MAX_LOSE)) {
      throw new RangeError(`runContingency: the people lost must be 1..${MAX_LOSE} (got ${loss.people})`);
    }
    if (loss.kind === 'fraction' && !(loss.fraction > 0 && loss.fraction <= 1)) throw new RangeError(`runContingency: the fraction lost must be in (0, 1] (got ${loss.fraction})`);
    if (!Number.isSafeInteger(request.seed) || request.seed < 0 || request.seed > 0xffffffff) throw new RangeError(`runContingency: seed must be a uint32 (got ${request.seed})`);
    const schedule = source.getSchedule(request.block);
    if (schedule === undefined) return undefined;
    const facility = request.facility ?? '';
    const parts = facilityParts(source, schedule);
    const inScope = parts.filter((p) => facility === '' || p.facility === facility);
    const candidates = inScope.flatMap((p) => p.seats.map((s) => ({ facility: p.facility, person: s.person }))).sort((a, b) => compareStrings(a.person, b.person));
    const asked = loss.kind === 'count' ? loss.people : Math.min(MAX_LOSE, Math.max(1, Math.ceil(loss.fraction * candidates.length)));
    const lose = Math.min(asked, candidates.length);
    return new ContingencyRun(request, facility, parts, inScope, candidates, lose, planScenarios(candidates.length, lose, request.seed));
  }

  /** Checks up to `count` more scenarios; true once every scenario is checked. */
  step(count: number): boolean {
    const end = Math.min(this.subsets.length, this.nextSubset + count);
    for (; this.nextSubset < end; this.nextSubset++) {
      const lostPeople = this.subsets[this.nextSubset]!.map((i) => this.candidates[i]!);
      const lost = new Set(lostPeople.map((c) => c.person));
      const touched = [...new Set(lostPeople.map((c) => c.facility))].sort(compareStrings);
      const gaps = touched.flatMap((f) => coverGaps(this.partOf.get(f)!, lost));
      if (gaps.length === 0) {
        this.held++;
        continue;
      }
      const failed = gaps.some((g) => g.covers.length < g.missing);
      if (failed) this.failed++;
      else this.covered++;
      const listed = failed ? this.failedListed : this.coveredListed;
      if (listed.length < MAX_LISTED_FINDINGS) {
        const ids = [...lost].sort(compareStrings);
        listed.push({ lost: ids, outcome: failed ? 'failed' : 'covered', gaps, message: describeFinding(this.lose, ids, gaps) });
      }
    }
    return this.nextSubset >= this.subsets.length;
  }

  /** The report of the scenarios checked so far (all of them once step has returned true). */
  report(): ContingencyReport {
    const listed = [...this.failedListed, ...this.coveredListed].slice(0, MAX_LISTED_FINDINGS);
    return {
      block: this.request.block,
      facility: this.facility,
      lose: this.lose,
      people: this.candidates.length,
      method: this.plan.method,
      seed: this.request.seed,
      possible: this.plan.possible,
      checked: this.nextSubset,
      failed: this.failed,
      covered: this.covered,
      held: this.held,
      baseline: this.inScope.flatMap((p) => shortfalls(p.facility, p.pools, p.seats)),
      findings: listed,
      unlisted: this.failed + this.covered - listed.length,
    };
  }
}

/** Runs every experiment of `request` on `source` at once; see ContingencyRun.start for undefined and throws. */
export function runContingency(source: ContingencySource, request: ContingencyRequest): ContingencyReport | undefined {
  const run = ContingencyRun.start(source, request);
  if (run === undefined) return undefined;
  run.step(Infinity);
  return run.report();
}

/** The report as text, one finding per line, with a header naming the method and a summary. */
export function formatContingencyReport(r: ContingencyReport): string {
  const scope = r.facility === '' ? 'all facilities' : `facility ${r.facility}`;
  const possible = Number.isFinite(r.possible) ? String(r.possible) : 'more than 2^53';
  const how = r.method === 'exhaustive' ? `exhaustive: all ${r.checked} combinations` : `sampled: ${r.checked} of ${possible} combinations, seed ${r.seed}`;
  const lines = [
    r.people === 0
      ? `contingency of block ${r.block}, ${scope}: nobody holds a seat, so there is nobody to lose`
      : `contingency of block ${r.block}, ${scope}: N-${r.lose}, losing ${r.lose} of ${r.people} assigned ${r.people === 1 ? 'person' : 'people'} at a time (${how})`,
  ];
  if (r.baseline.length > 0) {
    const byFacility = new Map<string, Shortfall[]>();
    for (const s of r.baseline) byFacility.set(s.facility, [...(byFacility.get(s.facility) ?? []), s]);
    const parts = [...byFacility].map(([f, list]) => `at ${f} ${list.map((s) => `${s.pool} ${s.held} of ${s.reserved}`).join(', ')}`);
    lines.push(`before any loss, below their reserved floor: ${parts.join('; ')}`);
  }
  for (const f of r.findings) lines.push(f.message);
  if (r.unlisted > 0) lines.push(`... and ${r.unlisted} more findings not listed`);
  lines.push(`summary: ${r.checked} experiments: ${r.failed} failed, ${r.covered} covered, ${r.held} opened no gap`);
  return lines.join('\n');
}
