/**
 * What applying one command produces: the result the waiting client receives, and the
 * table rows the driver writes in the same LevelDB batch as the applied index.
 */

/** Why a command was refused. The server maps these to gRPC status codes in one table. */
export type ApplyErrorCode = 'invalidArgument' | 'notFound' | 'alreadyExists' | 'conflict';

/** The client-visible result. A refused command (`ok: false`) changed nothing. */
export type ApplyResult =
  | { readonly ok: true; readonly detail: string }
  | { readonly ok: false; readonly code: ApplyErrorCode; readonly message: string };

/** One row change under the `sm/` prefix (see table-rows.ts). */
export type TableWrite =
  | { readonly type: 'put'; readonly key: string; readonly value: Uint8Array }
  | { readonly type: 'del'; readonly key: string };

/** The result and the writes of one apply; `writes` is empty when nothing changed. */
export interface ApplyOutcome {
  readonly result: ApplyResult;
  readonly writes: TableWrite[];
}
