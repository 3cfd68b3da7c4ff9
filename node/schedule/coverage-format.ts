/**
 * The canonical in-memory and stored (JSON) forms of emergency writes and their status
 * (coverage.ts), for request records and snapshots: fixed key order, frozen objects,
 * and parsers that refuse anything else with CorruptStateError.
 */
import { assignmentFromJson, canonicalAssignment, checked, exactKeys, integerField, stringField } from './canonical.ts';
import { CorruptStateError } from './errors.ts';
import { checkId, validateCoverageWrite } from './validate.ts';
import type { CoverageWrite, Stamp } from './command.ts';
import type { CoverageRecord, CoverageStatus } from './coverage.ts';

export function canonicalStamp(s: Stamp): Stamp {
  return Object.freeze({ wallMs: s.wallMs, logical: s.logical });
}

export function canonicalCoverageWrite(w: CoverageWrite): CoverageWrite {
  const op =
    w.op.kind === 'cover'
      ? Object.freeze({ kind: 'cover' as const, assignment: canonicalAssignment(w.op.assignment) })
      : Object.freeze({ kind: 'uncover' as const, person: w.op.person, block: w.op.block });
  return Object.freeze({ id: w.id, facility: w.facility, stamp: canonicalStamp(w.stamp), reason: w.reason, op });
}

export function canonicalCoverageStatus(s: CoverageStatus): CoverageStatus {
  switch (s.kind) {
    case 'standing':
    case 'confirmed':
      return Object.freeze({ kind: s.kind });
    case 'applied':
      return Object.freeze({ kind: s.kind, withdrew: Object.freeze([...s.withdrew]) });
    case 'withdrawn':
      return Object.freeze({ kind: s.kind, by: s.by });
    case 'conflict':
      return Object.freeze({
        kind: s.kind,
        reason: s.reason,
        ...(s.winner
          ? { winner: Object.freeze({ assignment: canonicalAssignment(s.winner.assignment), source: s.winner.source, ...(s.winner.id !== undefined ? { id: s.winner.id } : {}) }) }
          : {}),
      });
    case 'retired':
      return Object.freeze({ kind: s.kind, why: s.why, index: s.index });
  }
}

export function canonicalCoverageRecord(r: CoverageRecord): CoverageRecord {
  return Object.freeze({ write: canonicalCoverageWrite(r.write), index: r.index, status: canonicalCoverageStatus(r.status) });
}

export function coverageWriteFromJson(value: unknown, where: string): CoverageWrite {
  const o = exactKeys(value, ['id', 'facility', 'stamp', 'reason', 'op'], where);
  exactKeys(o.stamp, ['wallMs', 'logical'], `${where}.stamp`);
  const op = o.op as Record<string, unknown> | null;
  const kind = typeof op === 'object' && op !== null ? op.kind : undefined;
  if (kind === 'cover') {
    const c = exactKeys(op, ['kind', 'assignment'], `${where}.op`);
    assignmentFromJson(c.assignment, `${where}.op.assignment`);
  } else if (kind === 'uncover') {
    exactKeys(op, ['kind', 'person', 'block'], `${where}.op`);
  } else {
    throw new CorruptStateError(`${where}.op: unknown kind`);
  }
  return canonicalCoverageWrite(checked(validateCoverageWrite(o), o as unknown as CoverageWrite, where));
}

const RETIREMENTS: readonly string[] = ['accepted', 'dismissed'];

export function coverageStatusFromJson(value: unknown, where: string): CoverageStatus {
  const kind = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).kind : undefined;
  switch (kind) {
    case 'standing':
    case 'confirmed':
      exactKeys(value, ['kind'], where);
      return canonicalCoverageStatus({ kind });
    case 'applied': {
      const o = exactKeys(value, ['kind', 'withdrew'], where);
      if (!Array.isArray(o.withdrew)) throw new CorruptStateError(`${where}: withdrew must be a list`);
      for (const id of o.withdrew) checked(checkId('withdrew', id), id, where);
      return canonicalCoverageStatus({ kind, withdrew: o.withdrew as string[] });
    }
    case 'withdrawn': {
      const o = exactKeys(value, ['kind', 'by'], where);
      checked(checkId('by', o.by), o, where);
      return canonicalCoverageStatus({ kind, by: o.by as string });
    }
    case 'conflict': {
      const keys = Object.keys(value as object);
      const o = exactKeys(value, keys.length === 3 ? ['kind', 'reason', 'winner'] : ['kind', 'reason'], where);
      const reason = stringField(o, 'reason', where);
      if (o.winner === undefined) return canonicalCoverageStatus({ kind, reason });
      const wk = Object.keys(o.winner as object);
      const w = exactKeys(o.winner, wk.length === 3 ? ['assignment', 'source', 'id'] : ['assignment', 'source'], `${where}.winner`);
      if (w.source !== 'final' && w.source !== 'emergency') throw new CorruptStateError(`${where}.winner: source must be final or emergency`);
      if (w.id !== undefined) checked(checkId('winner.id', w.id), w, where);
      return canonicalCoverageStatus({
        kind,
        reason,
        winner: { assignment: assignmentFromJson(w.assignment, `${where}.winner.assignment`), source: w.source, ...(w.id !== undefined ? { id: w.id as string } : {}) },
      });
    }
    case 'retired': {
      const o = exactKeys(value, ['kind', 'why', 'index'], where);
      if (!RETIREMENTS.includes(o.why as string)) throw new CorruptStateError(`${where}: unknown retirement ${String(o.why)}`);
      return canonicalCoverageStatus({ kind, why: o.why as 'accepted' | 'dismissed', index: integerField(o, 'index', 1, where) });
    }
    default:
      throw new CorruptStateError(`${where}: unknown coverage status`);
  }
}

export function coverageRecordFromJson(value: unknown, where: string): CoverageRecord {
  const o = exactKeys(value, ['write', 'index', 'status'], where);
  return canonicalCoverageRecord({
    write: coverageWriteFromJson(o.write, `${where}.write`),
    index: integerField(o, 'index', 1, where),
    status: coverageStatusFromJson(o.status, `${where}.status`),
  });
}
