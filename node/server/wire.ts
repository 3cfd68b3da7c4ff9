import type { LockRecord, PoolSpec, PoolUsage } from '../schedule/index.ts';

/**
 * Schedule records <-> the message shapes of proto/roster.proto as proto-loader delivers
 * and accepts them (camelCase fields, uint64 as numbers).
 */

/** A Lock message; `expired` is judged by the log clock `clockMs` of the answering node. */
export function lockToWire(lock: LockRecord, clockMs: number): Record<string, unknown> {
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
export function poolToWire(p: PoolSpec): Record<string, unknown> {
  return { name: p.name, capacity: p.capacity, reserved: p.reserved, borrowLimit: p.borrowLimit, flex: p.flex };
}

/** A PoolSpec message as received; missing numbers are 0 and flex false (proto3 defaults). */
export interface WirePoolSpec {
  name: string;
  capacity: number;
  reserved: number;
  borrowLimit: number;
  flex: boolean;
}

/** A PoolSpec from its message; validation (validatePoolTable) comes later, with the command. */
export function poolFromWire(p: WirePoolSpec): PoolSpec {
  return { name: p.name, capacity: p.capacity, reserved: p.reserved, borrowLimit: p.borrowLimit, flex: p.flex };
}

/** A PoolUsage message: the pool and, for a block, its assigned, borrowed, lent and left counts. */
export function usageToWire(u: PoolUsage): Record<string, unknown> {
  return { pool: poolToWire(u.spec), assigned: u.assigned, borrowed: u.borrowed, lent: u.lent, left: u.left };
}
