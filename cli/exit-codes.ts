import { status as Code } from '@grpc/grpc-js';

/**
 * rosterctl's exit codes: the contract scripts rely on. A script can tell "the schedule
 * said no" (1, do not retry the same command) from "you typed it wrong" (2) from "the
 * cluster could not answer" (3, retrying later may help; for a write, the outcome may be
 * unknown and re-running with the same --request-id is the safe retry).
 */
export const ExitCode = {
  /** The command succeeded. */
  OK: 0,
  /** Refused: NOT_FOUND, ALREADY_EXISTS, a conflict (FAILED_PRECONDITION whose error key is not not_leader), or PERMISSION_DENIED (a signature that does not verify, a missing right). */
  REFUSED: 1,
  /** Bad input: a usage error found locally, or INVALID_ARGUMENT from the server. Nothing was sent, or nothing took effect. */
  BAD_INPUT: 2,
  /** Unavailable: no endpoint reachable, no leader within the deadline, server busy past the deadline, outcome unknown, deadline exceeded. */
  UNAVAILABLE: 3,
  /** The server failed in a way the other codes do not describe (INTERNAL, UNIMPLEMENTED, UNKNOWN, ...): a bug or a version mismatch. */
  SERVER_ERROR: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code table as shown at the end of `rosterctl --help`. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  refused (not found, already exists, conflict, permission denied)
  2  bad input (usage error, invalid argument)
  3  unavailable (no endpoint reachable, no leader within the deadline,
     outcome unknown, deadline exceeded)
  4  unexpected server error (internal, unimplemented)`;

/**
 * The exit code for a final gRPC status, once retrying is over. A FAILED_PRECONDITION is
 * only final when its error key is not not_leader (retry-policy.ts), i.e. it is a
 * schedule conflict.
 */
export function exitCodeForStatus(code: Code): ExitCode {
  switch (code) {
    case Code.OK:
      return ExitCode.OK;
    case Code.NOT_FOUND:
    case Code.ALREADY_EXISTS:
    case Code.FAILED_PRECONDITION:
    case Code.ABORTED:
    case Code.PERMISSION_DENIED:
      return ExitCode.REFUSED;
    case Code.INVALID_ARGUMENT:
    case Code.OUT_OF_RANGE:
      return ExitCode.BAD_INPUT;
    case Code.UNAVAILABLE:
    case Code.DEADLINE_EXCEEDED:
    case Code.CANCELLED:
    case Code.RESOURCE_EXHAUSTED:
      return ExitCode.UNAVAILABLE;
    default:
      return ExitCode.SERVER_ERROR;
  }
}
