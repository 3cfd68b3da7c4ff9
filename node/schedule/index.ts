/**
 * node/schedule — the replicated schedule state machine. Owns: the command types and
 * their protobuf log encoding, input limits and validation, the apply rules (people,
 * blocks, assignments; no double booking; bulkhead pools; schedule locks with fencing
 * tokens; swaps; idempotency by request id; emergency coverage and its deterministic
 * reconciliation with final approvals), canonical snapshots (the state the driver
 * persists, with the log replayed after them), the per-block digest that facilities
 * sign, and contingency experiments (which pools fall below their reserve if K people
 * are lost, and whether the rules allow covering them).
 *
 * Must not: do I/O (beyond codec.ts reading proto/roster.proto once at import), read a
 * clock, call Math.random, or import LevelDB or gRPC. Time enters only as a command's
 * timestampMs. Same commands in the same order => same results and snapshot bytes on
 * every node. The driver (node/) persists snapshots and the log, and maps result codes
 * to gRPC.
 */
export type { Assignment, AssignmentRef, Block, Command, CoverageOp, CoverageWrite, Op, Person, PersonRole, PoolSpec, Stamp } from './command.ts';
export { compareWrites, compareStamps, blockOf } from './coverage.ts';
export type { CoverageRecord, CoverageStatus, CoverageTransition } from './coverage.ts';
export { OP_KINDS, PERSON_ROLES } from './command.ts';
export { encodeCommand, decodeCommand } from './codec.ts';
export { CommandDecodeError, CorruptStateError } from './errors.ts';
export {
  MAX_ID_LENGTH,
  ID_PATTERN,
  NODE_ID_PATTERN,
  NODE_ID_RULE,
  MIN_NAME_LENGTH,
  MAX_NAME_LENGTH,
  MAX_BLOCK_DAYS,
  MAX_TIMESTAMP_MS,
  MAX_POOLS_PER_FACILITY,
  MAX_POOL_SEATS,
  MIN_LOCK_TTL_MS,
  MAX_LOCK_TTL_MS,
  MAX_LOCK_TOKENS,
  MAX_COMMAND_BYTES,
  MAX_REASON_LENGTH,
  MAX_WRITES_PER_RECONCILE,
  checkId,
  validateCommand,
  validatePerson,
  validateBlock,
  validateAssignment,
  validatePoolTable,
  validateCoverageWrite,
} from './validate.ts';
export type { Invalid } from './validate.ts';
export { echoInput, MAX_ECHO_CHARACTERS } from './input-echo.ts';
export { DEFAULT_POOLS } from './facility.ts';
export type { Facility, FacilityConfig } from './facility.ts';
export { DEFAULT_POOL_TABLE, UNLISTED_POOL_SEATS, defaultPoolSpec } from './pools.ts';
export type { PoolUsage } from './pools.ts';
export { formatTime } from './locks.ts';
export { REQUEST_RETENTION_MS, MAX_REMEMBERED_REQUESTS } from './requests.ts';
export type { RequestRecord, RetentionOptions } from './requests.ts';
export { ScheduleMachine } from './machine.ts';
export type { BlockSchedule, FacilityPools, MachineOptions } from './machine.ts';
export type { ApplyErrorCode, ApplyOutcome, ApplyResult, Change, LockRecord } from './outcome.ts';
export { SNAPSHOT_MAGIC, encodeSnapshotSlices } from './snapshot-format.ts';
export type { SnapshotContent } from './snapshot-format.ts';
export { BLOCK_DIGEST_DOMAIN } from './block-digest.ts';
export { ContingencyRun, runContingency, formatContingencyReport, describeFinding, MAX_LOSE, MAX_LISTED_FINDINGS } from './contingency.ts';
export type { ContingencyFinding, ContingencyLoss, ContingencyReport, ContingencyRequest, ContingencySource, Shortfall } from './contingency.ts';
export type { GapCover, PoolGap } from './gap-cover.ts';
export { MAX_EXHAUSTIVE_SCENARIOS, SAMPLED_SCENARIOS, type ScenarioMethod } from './loss-scenarios.ts';
