import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { InvalidArgumentError, ReplyTooLargeError, RosterError, toServiceError } from '../errors.ts';
import { MAX_REPLY_BYTES } from './paging.ts';
import { Cancellation, type CancelSignal } from '../replica/cancellation.ts';
import { malformedUtf8In } from './protos.ts';

/**
 * Wraps an async handler: refuses a request with a string field that arrived as
 * malformed UTF-8 (INVALID_ARGUMENT, before the handler reads it); cancels its signal
 * when the client cancels or the deadline passes while the handler still runs (grpc-js
 * enforces the deadline and reports it as 'cancelled'; it also reports every finished
 * call that way, hence the `settled` check), so a waiting proposal or read is released;
 * converts whatever it throws through the single error table in errors.ts. With
 * `encodeReply` (the method's serializer) the reply is encoded here and refused with
 * ReplyTooLargeError beyond MAX_REPLY_BYTES.
 */
export function unary<Req, Res>(
  log: Logger,
  method: string,
  handler: (req: Req, signal: CancelSignal, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
  encodeReply?: (reply: Res) => Buffer,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const cancellation = new Cancellation();
    let settled = false;
    call.once('cancelled', () => {
      if (!settled) cancellation.cancel();
    });
    // Invoked inside a promise so a synchronous throw is mapped like a rejection.
    Promise.resolve()
      .then(() => {
        rejectMalformedUtf8(call.request);
        return handler(call.request, cancellation, call);
      })
      .then(
        (res) => {
          settled = true;
          if (encodeReply === undefined) return callback(null, res);
          // Encoded here, once, to refuse honestly what no client could receive; the
          // service's serializer passes the bytes through (protos.ts).
          const bytes = encodeReply(res);
          if (bytes.length > MAX_REPLY_BYTES) {
            return callback(toServiceError(new ReplyTooLargeError(`the reply would take ${bytes.length} bytes encoded, more than one reply carries (${MAX_REPLY_BYTES} bytes, a gRPC client's default limit); ask for less`)) as grpc.ServiceError);
          }
          callback(null, bytes as unknown as Res);
        },
        (e: unknown) => {
          settled = true;
          if (!(e instanceof RosterError)) log.error({ method, err: (e as Error)?.stack ?? String(e) }, 'request failed unexpectedly');
          callback(toServiceError(e) as grpc.ServiceError);
        },
      );
  };
}

/** Throws InvalidArgumentError naming the field when `request` held a string that is not well-formed UTF-8. */
export function rejectMalformedUtf8(request: unknown): void {
  const field = malformedUtf8In(request);
  if (field !== undefined) throw new InvalidArgumentError(`${field}: must be well-formed UTF-8 (proto3 strings are; this one is not)`);
}
