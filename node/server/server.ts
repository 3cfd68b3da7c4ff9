import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { ScheduleReplica } from '../replica/index.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import { requestCounter } from '../metrics/grpc-interceptor.ts';
import { addPeerService } from '../transport/peer-server.ts';
import { adminHandlers } from './admin-service.ts';
import { ADMIN_SERVICE, clientPackageDefinition, ROSTER_SERVICE } from './protos.ts';
import { rosterHandlers } from './roster-service.ts';
import { WritePolicy } from '../modes/write-policy.ts';

export interface ServerOptions {
  readonly self: string;
  readonly cluster: string;
  readonly listen: string;
  readonly maxMessageBytes: number;
  readonly log: Logger;
  readonly metrics?: NodeMetrics;
}

export interface RunningServer {
  readonly port: number;
  readonly health: HealthImplementation;
  shutdown(): Promise<void>;
}

/**
 * One gRPC server per node on one port: the Raft peer service, the client Roster and
 * Admin services, the standard health service and server reflection (so grpcurl and
 * friends work without the .proto files).
 */
export async function startServer(replica: ScheduleReplica, o: ServerOptions): Promise<RunningServer> {
  const frameLimit = o.maxMessageBytes * 4 + 4096;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': frameLimit,
    'grpc.max_send_message_length': frameLimit,
    'grpc.keepalive_permit_without_calls': 1,
    // channelz keeps per-call statistics nobody here reads; it costs every request.
    'grpc.enable_channelz': 0,
    ...(o.metrics ? { interceptors: [requestCounter(o.metrics)] } : {}),
  });
  addPeerService(server, {
    self: o.self,
    cluster: o.cluster,
    isMember: (id) => replica.isMember(id),
    deliver: (frame) => replica.deliver(frame),
    log: o.log.child({ component: 'transport' }),
  });
  const apiLog = o.log.child({ component: 'api' });
  const policy = new WritePolicy(() => replica.partition());
  server.addService(ROSTER_SERVICE, rosterHandlers(replica, policy, o.self, apiLog));
  server.addService(ADMIN_SERVICE, adminHandlers(replica, { self: o.self, cluster: o.cluster, log: apiLog }));
  const health = new HealthImplementation({ '': 'SERVING', 'rosterd.v1.Roster': 'SERVING', 'rosterd.admin.v1.Admin': 'SERVING' });
  health.addToServer(server);
  new ReflectionService(clientPackageDefinition).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(o.listen, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port,
    health,
    shutdown: () =>
      new Promise<void>((resolve) => {
        health.setStatus('', 'NOT_SERVING');
        const force = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
