/** A data directory rosterd refuses to use; it has not been modified. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
  constructor(readonly dir: string, reason: string) {
    super(`data directory ${dir} ${reason}`);
  }
}
