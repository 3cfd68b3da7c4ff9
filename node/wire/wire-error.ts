/** Bytes that do not decode to a valid value (a corrupt file, a buggy or hostile peer). */
export class WireError extends Error {
  override readonly name = 'WireError';
}
