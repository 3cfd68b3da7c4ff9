/**
 * node/schedule — the replicated schedule state machine. Owns: the command types and
 * their protobuf log encoding, input limits and validation, the apply rules (people,
 * blocks, assignments; no double booking), the `sm/` table rows the driver persists,
 * canonical snapshots and the per-block digest that facilities sign.
 *
 * Must not: do I/O (beyond codec.ts reading proto/roster.proto once at import), read a
 * clock, call Math.random, or import LevelDB or gRPC. Time enters only as a command's
 * timestampMs. Same commands in the same order => same results, rows and bytes on
 * every node. The driver (node/) persists the writes and maps result codes to gRPC.
 */
export type { Assignment, Block, Command, Op, Person, PersonRole } from './command.ts';
export { PERSON_ROLES } from './command.ts';
export { encodeCommand, decodeCommand } from './codec.ts';
export { CommandDecodeError, CorruptStateError } from './errors.ts';
export {
  MAX_ID_LENGTH,
  ID_PATTERN,
  MIN_NAME_LENGTH,
  MAX_NAME_LENGTH,
  MAX_BLOCK_DAYS,
  MAX_TIMESTAMP_MS,
  validateCommand,
  validatePerson,
  validateBlock,
  validateAssignment,
} from './validate.ts';
export type { Invalid } from './validate.ts';
export { DEFAULT_POOLS } from './facility.ts';
export type { Facility } from './facility.ts';
export { ScheduleMachine } from './machine.ts';
export type { BlockSchedule } from './machine.ts';
export type { ApplyErrorCode, ApplyOutcome, ApplyResult, TableWrite } from './outcome.ts';
export { TABLE_PREFIX, personKey, blockKey, assignmentKey } from './table-rows.ts';
export { SNAPSHOT_MAGIC } from './snapshot-format.ts';
export { BLOCK_DIGEST_DOMAIN } from './block-digest.ts';
