import * as grpc from '@grpc/grpc-js';
import type { NodeMetrics } from './metrics.ts';

/**
 * Counts every client-facing request by method and final status code. Peer (Raft)
 * streams are left out: they are long-lived and counted by the Raft metrics instead.
 */
export function requestCounter(metrics: NodeMetrics): grpc.ServerInterceptor {
  return (method, call) => {
    if (method.path.startsWith('/rosterd.raft.')) return new grpc.ServerInterceptingCall(call);
    const name = method.path.slice(method.path.lastIndexOf('/') + 1);
    return new grpc.ServerInterceptingCall(call, {
      sendStatus: (status, next) => {
        metrics.grpcRequests.inc({ method: name, code: grpc.status[status.code] ?? String(status.code) });
        next(status);
      },
    });
  };
}
