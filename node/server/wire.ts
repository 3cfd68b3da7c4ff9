import type { LockRecord, PoolSpec, PoolUsage } from '../schedule/index.ts';
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
