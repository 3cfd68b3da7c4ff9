/**
 * How an error message quotes what a client or a peer sent. Messages travel as gRPC
 * status details (an HTTP/2 header): a client with default limits refuses more than
 * 8 KB of metadata, so an echoed 10 KB id would hide the very error that names it. Every
 * message that repeats input quotes it through echoInput.
 */

/** Most characters (UTF-16 code units) of an input repeated in a message. */
export const MAX_ECHO_CHARACTERS = 40;

/**
 * `value` as a message shows it: a string JSON-quoted (control characters escaped), cut
 * to MAX_ECHO_CHARACTERS with an ellipsis and its full length when longer; anything else
 * by its type.
 */
export function echoInput(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  if (value.length <= MAX_ECHO_CHARACTERS) return JSON.stringify(value);
  return `${JSON.stringify(`${value.slice(0, MAX_ECHO_CHARACTERS)}…`)} (${value.length} characters)`;
}
