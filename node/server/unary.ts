import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { RosterError, toServiceError } from '../errors.ts';

/**
 * Wraps an async handler: cancels its AbortSignal when the client cancels or its
 * deadline passes (so a waiting proposal or read is released), and converts whatever
 * it throws through the single error table in errors.ts.
 */
export function unary<Req, Res>(
  log: Logger,
  method: string,
  handler: (req: Req, signal: AbortSignal, call: grpc.ServerUnaryCall<Req, Res>) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const ac = new AbortController();
    call.on('cancelled', () => ac.abort());
    const deadline = call.getDeadline();
    const ms = deadline instanceof Date ? deadline.getTime() - Date.now() : typeof deadline === 'number' && Number.isFinite(deadline) ? deadline - Date.now() : Infinity;
    const timer = Number.isFinite(ms) ? setTimeout(() => ac.abort(), Math.max(0, ms)) : undefined;
    // Invoked inside a promise so a synchronous throw is mapped like a rejection.
    Promise.resolve()
      .then(() => handler(call.request, ac.signal, call))
      .then((res) => callback(null, res))
      .catch((e: unknown) => {
        if (!(e instanceof RosterError)) log.error({ method, err: (e as Error)?.stack ?? String(e) }, 'request failed unexpectedly');
        callback(toServiceError(e) as grpc.ServiceError);
      })
      .finally(() => clearTimeout(timer));
  };
}
