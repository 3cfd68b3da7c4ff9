import type { ContingencyReport, CoverageStatus, CoverageWrite, LockRecord, PoolGap, PoolSpec, PoolUsage } from '../schedule/index.ts';
import { formatContingencyReport } from '../schedule/index.ts';
import type * as v1 from '../wire/generated/rosterd/v1/index.ts';

/**
 * Schedule records <-> the messages of proto/roster.proto: replies are built as the
 * generated input types, requests read as the __Output types proto-loader delivers.
 */

/** A Lock message; `expired` is judged by the log clock `clockMs` of the answering node. */
export function lockToWire(lock: LockRecord, clockMs: number): v1.Lock {
  return {
    block: lock.block,
    facility: lock.facility,
    holder: lock.holder,
    token: lock.token,
    grantedAtMs: lock.grantedAtMs,
    expiresAtMs: lock.expiresAtMs,
    expired: clockMs >= lock.expiresAtMs,
  };
}

/** A PoolSpec message. */
export function poolToWire(p: PoolSpec): v1.PoolSpec {
  return { name: p.name, capacity: p.capacity, reserved: p.reserved, borrowLimit: p.borrowLimit, flex: p.flex };
}

/**
 * A PoolSpec from its message (missing numbers arrive as 0 and flex as false, the proto3
 * defaults); validation (validatePoolTable) comes later, with the command.
 */
export function poolFromWire(p: v1.PoolSpec__Output): PoolSpec {
  return { name: p.name, capacity: p.capacity, reserved: p.reserved, borrowLimit: p.borrowLimit, flex: p.flex };
}

/** A PoolUsage message: the pool and, for a block, its assigned, borrowed, lent and left counts. */
export function usageToWire(u: PoolUsage): v1.PoolUsage {
  return { pool: poolToWire(u.spec), assigned: u.assigned, borrowed: u.borrowed, lent: u.lent, left: u.left };
}

/** An emergency write's status as a CoverageStatus message. */
export function coverageStatusToWire(s: CoverageStatus): v1.CoverageStatus {
  switch (s.kind) {
    case 'standing':
      return { kind: 'STANDING' };
    case 'confirmed':
      return { kind: 'CONFIRMED' };
    case 'withdrawn':
      return { kind: 'WITHDRAWN', withdrawnBy: s.by };
    case 'applied':
      return { kind: 'APPLIED', withdrew: [...s.withdrew] };
    case 'conflict':
      return {
        kind: 'CONFLICT',
        reason: s.reason,
        ...(s.winner ? { winner: { ...s.winner.assignment }, winnerIsFinal: s.winner.source === 'final', winnerId: s.winner.id ?? '' } : {}),
      };
    case 'retired':
      return { kind: 'RESOLVED', resolution: s.why, resolvedAt: s.index };
  }
}

/** A CoverageEntry message: the write, where it stands, where it entered the log (0 and provisional when journaled here). */
export function coverageToWire(write: CoverageWrite, status: CoverageStatus, index: number, provisional: boolean): v1.CoverageEntry {
  return {
    id: write.id,
    facility: write.facility,
    stamp: { wallMs: write.stamp.wallMs, logical: write.stamp.logical },
    reason: write.reason,
    ...(write.op.kind === 'cover' ? { cover: { ...write.op.assignment } } : { uncover: { person: write.op.person, block: write.op.block } }),
    status: coverageStatusToWire(status),
    index,
    provisional,
  };
}

function gapToWire(g: PoolGap): v1.PoolGap {
  return {
    facility: g.facility,
    pool: g.pool,
    reserved: g.reserved,
    before: g.before,
    after: g.after,
    missing: g.missing,
    covers: g.covers.map((c) => ({ person: c.person, role: c.role === 'faculty' ? 'FACULTY' : 'RESIDENT', fromPool: c.fromPool, fromFlex: c.fromFlex })),
  };
}

/** A ContingencyReply (without its read header): the report, its findings and its text. */
export function contingencyToWire(r: ContingencyReport): Omit<v1.ContingencyReply, 'header'> {
  return {
    block: r.block,
    facility: r.facility,
    lose: r.lose,
    people: r.people,
    method: r.method === 'exhaustive' ? 'EXHAUSTIVE' : 'SAMPLED',
    seed: r.seed,
    possible: r.possible,
    checked: r.checked,
    failed: r.failed,
    covered: r.covered,
    held: r.held,
    baseline: r.baseline.map((b) => ({ ...b })),
    findings: r.findings.map((f) => ({ lost: [...f.lost], outcome: f.outcome === 'failed' ? 'FAILED' : 'COVERED', gaps: f.gaps.map(gapToWire), message: f.message })),
    unlisted: r.unlisted,
    report: formatContingencyReport(r),
  };
}
