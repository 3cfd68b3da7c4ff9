/**
 * The closed set of errors this folder throws. Refused commands are not errors: apply
 * reports them as ApplyResult values. These classes mark bytes that cannot be trusted.
 */

/** Bytes from the log are not a well-formed `rosterd.v1.Command` (or carry no op). */
export class CommandDecodeError extends Error {
  override readonly name = 'CommandDecodeError';
}

/**
 * A snapshot is corrupt, non-canonical, or refers to something that does not exist
 * (including a facility or pool missing from the configuration). The message names the
 * snapshot entry.
 */
export class CorruptStateError extends Error {
  override readonly name = 'CorruptStateError';
}
