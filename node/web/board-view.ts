import type { GetLedgerReply__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import type * as v1 from '../wire/generated/rosterd/v1/index.ts';
import type { BlockInfo, BoardView, ChangeView, ContingencyView, CoverageView, FacilityView, LedgerView, SeatView } from './page/view.ts';

/**
 * The `board` event built from replies of the gRPC read API (page/view.ts says why
 * nothing else goes in). Pure, so its mapping is tested without a node.
 */

/** What one build read: each reply, or the reason it failed. */
export interface BoardReads {
  readonly servedBy: string;
  readonly appliedIndex: number;
  readonly msSinceLeaderContact: number;
  readonly asked: string;
  readonly blocks: readonly v1.Block__Output[];
  /** Undefined when there is no block to show. */
  readonly schedule: v1.GetScheduleReply__Output | undefined;
  readonly pools: readonly v1.GetPoolsReply__Output[];
  readonly people: readonly v1.Person__Output[];
  readonly contingency: v1.ContingencyReply__Output | undefined;
  /** The block's ledger page; undefined when the node could not be read (the panel is then hidden). */
  readonly ledger: GetLedgerReply__Output | undefined;
  readonly changes: readonly v1.WatchChange__Output[];
  readonly problems: readonly string[];
}

/** Blocks by start date, then id: the newest is last. */
export function sortBlocks(blocks: readonly v1.Block__Output[]): BlockInfo[] {
  return blocks.map((b) => ({ id: b.id, start: b.start, end: b.end })).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The block a page shows: the one asked for, else the newest; undefined when there is none. */
export function shownBlock(asked: string, blocks: readonly v1.Block__Output[]): string | undefined {
  if (asked !== '') return asked;
  return sortBlocks(blocks).at(-1)?.id;
}

function describeWrite(e: v1.CoverageEntry__Output): string {
  if (e.cover) return `cover ${e.cover.person} at ${e.cover.facility}/${e.cover.pool}`;
  if (e.uncover) return `withdraw the cover of ${e.uncover.person}`;
  return 'unknown write';
}

function describeConflict(e: v1.CoverageEntry__Output): string {
  const s = e.status;
  if (s === null || s.kind !== 'CONFLICT') return '';
  const w = s.winner;
  const winner = w ? `; held by ${s.winnerIsFinal ? 'the final approval' : `emergency write ${s.winnerId}`} ${w.person} at ${w.facility}/${w.pool}` : '';
  return `${s.reason}${winner}`;
}

function coverageView(e: v1.CoverageEntry__Output): CoverageView {
  return {
    id: e.id,
    facility: e.facility,
    write: describeWrite(e),
    reason: e.reason,
    status: e.status?.kind ?? 'KIND_UNSPECIFIED',
    conflict: describeConflict(e),
    provisional: e.provisional,
    index: e.index,
  };
}

function contingencyView(r: v1.ContingencyReply__Output): ContingencyView {
  const lines = r.report.split('\n');
  return {
    heading: lines[0] ?? '',
    summary: lines.at(-1) ?? '',
    baseline: r.baseline.map((b) => `${b.pool} at ${b.facility} ${b.held} of ${b.reserved}`),
    findings: r.findings.map((f) => ({ outcome: f.outcome === 'FAILED' ? 'failed' : 'covered', lost: [...f.lost], message: f.message })),
    unlisted: r.unlisted,
  };
}

function ledgerView(r: GetLedgerReply__Output): LedgerView {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  return {
    head: hex(r.headHash),
    seq: r.headSeq,
    commitments: r.entries
      .map((e) => ({ seq: e.seq, version: e.version, digest: hex(e.digest), signers: e.votes.map((v) => v.facility).sort() }))
      .reverse(),
  };
}

function changeView(c: v1.WatchChange__Output): ChangeView {
  return { index: c.index, timestampMs: c.timestampMs, kind: c.kind, detail: c.detail };
}

/** The board event from what one build read. */
export function boardView(r: BoardReads): BoardView {
  const people = new Map(r.people.map((p) => [p.id, p]));
  const seat = (person: string, provisional: boolean): SeatView => {
    const p = people.get(person);
    return { person, name: p?.name ?? person, role: p ? p.role.toLowerCase() : 'unknown', provisional };
  };
  const schedule = r.schedule;
  const standing = (schedule?.coverage ?? []).filter((e) => e.cover && e.status?.kind === 'STANDING' && !e.provisional);
  const facilities: FacilityView[] = r.pools.map((f) => ({
    facility: f.facility,
    custom: f.custom,
    pools: f.pools.map((u) => {
      const name = u.pool?.name ?? '';
      const finals = (schedule?.assignments ?? []).filter((a) => a.facility === f.facility && a.pool === name).map((a) => seat(a.person, false));
      const covers = standing.filter((e) => e.cover?.facility === f.facility && e.cover.pool === name).map((e) => seat(e.cover!.person, true));
      return {
        name,
        capacity: u.pool?.capacity ?? 0,
        reserved: u.pool?.reserved ?? 0,
        borrowLimit: u.pool?.borrowLimit ?? 0,
        flex: u.pool?.flex ?? false,
        assigned: u.assigned,
        borrowed: u.borrowed,
        lent: u.lent,
        left: u.left,
        seats: [...finals, ...covers],
      };
    }),
  }));
  return {
    servedBy: r.servedBy,
    appliedIndex: r.appliedIndex,
    msSinceLeaderContact: r.msSinceLeaderContact,
    blocks: sortBlocks(r.blocks),
    block: schedule?.block ? { id: schedule.block.id, start: schedule.block.start, end: schedule.block.end } : null,
    asked: r.asked,
    facilities: schedule ? facilities : [],
    coverage: (schedule?.coverage ?? []).map(coverageView),
    contingency: r.contingency ? contingencyView(r.contingency) : null,
    ...(r.ledger ? { ledger: ledgerView(r.ledger) } : {}),
    changes: r.changes.map(changeView),
    problem: r.problems.join('; '),
  };
}
