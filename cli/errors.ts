import { status as Code } from '@grpc/grpc-js';
import { ExitCode, exitCodeForStatus } from './exit-codes.ts';

/**
 * The one error type a command ends with. `code` is a gRPC status name (the server's,
 * or the closest one for a local failure) so that `--json` output has a closed set of
 * codes; `exitCode` is what the process exits with.
 */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** The gRPC name of a status code (`FAILED_PRECONDITION`), or its number if unknown. */
export function statusName(code: Code): string {
  return Code[code] ?? String(code);
}

/** Bad input found locally, before anything was sent: exit 2. */
export function usageError(message: string): CliError {
  return new CliError('INVALID_ARGUMENT', message, ExitCode.BAD_INPUT);
}

/** A final status from a server (no retry left or allowed), mapped to its exit code. */
export function serverError(code: Code, message: string): CliError {
  return new CliError(statusName(code), message, exitCodeForStatus(code));
}
