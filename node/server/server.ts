import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { ScheduleReplica } from '../replica/index.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import { requestCounter } from '../metrics/grpc-interceptor.ts';
import { addPeerService } from '../transport/peer-server.ts';
import { adminHandlers } from './admin-service.ts';
import { ADMIN_SERVICE, clientPackageDefinition, LEDGER_SERVICE, ROSTER_SERVICE } from './protos.ts';
import { ledgerHandlers } from './ledger-handlers.ts';
import type { LedgerService } from '../service/ledger-service.ts';
import { rosterHandlers } from './roster-service.ts';
import type { ScheduleService } from '../service/schedule-service.ts';
import type { EmergencyJournal } from '../healing/emergency-journal.ts';
import type { IsolationSwitch } from '../transport/isolation-switch.ts';

/** The parts of a node the server exposes. */
export interface ServedNode {
  readonly replica: ScheduleReplica;
  readonly service: ScheduleService;
  readonly ledger: LedgerService;
  readonly journal: EmergencyJournal;
  /** Present with --fault-injection: Admin.SetIsolation flips it; peer frames in are dropped while isolated. */
  readonly isolation?: IsolationSwitch;
}

/** How often the health service's partition-dependent statuses are refreshed. */
const HEALTH_REFRESH_MS = 250;

/** Health service names: can this node take final approvals now (a quorum is reachable), and emergency coverage. */
export const FINAL_APPROVAL_HEALTH = 'rosterd.v1.Roster/final_approval';
export const EMERGENCY_COVERAGE_HEALTH = 'rosterd.v1.Roster/emergency_coverage';

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
 * One gRPC server per node on one port: the Raft peer service, the client Roster, Admin
 * and Ledger services (Ledger also carries the facilities' vote requests to each other),
 * the standard health service and server reflection (so grpcurl and friends work
 * without the .proto files).
 */
export async function startServer(node: ServedNode, o: ServerOptions): Promise<RunningServer> {
  const { replica, service } = node;
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
    deliver: (frame) => {
      if (!node.isolation || node.isolation.admits()) replica.deliver(frame);
    },
    log: o.log.child({ component: 'transport' }),
  });
  const apiLog = o.log.child({ component: 'api' });
  server.addService(ROSTER_SERVICE, rosterHandlers(replica, service, o.self, apiLog));
  server.addService(LEDGER_SERVICE, ledgerHandlers(node.ledger, o.cluster, apiLog));
  server.addService(
    ADMIN_SERVICE,
    adminHandlers(replica, { self: o.self, cluster: o.cluster, log: apiLog, journal: node.journal, ledger: node.ledger, nowMs: () => Date.now(), ...(node.isolation ? { isolation: node.isolation } : {}) }),
  );
  // Besides the process and its services: FINAL_APPROVAL_HEALTH serves while a quorum is
  // reachable (CP writes can go ahead), EMERGENCY_COVERAGE_HEALTH while the node runs.
  const health = new HealthImplementation({
    '': 'SERVING',
    'rosterd.v1.Roster': 'SERVING',
    'rosterd.admin.v1.Admin': 'SERVING',
    'rosterd.ledger.v1.Ledger': 'SERVING',
    [FINAL_APPROVAL_HEALTH]: 'NOT_SERVING',
    [EMERGENCY_COVERAGE_HEALTH]: 'SERVING',
  });
  const refreshHealth = (): void => health.setStatus(FINAL_APPROVAL_HEALTH, replica.partition().state === 'minority' ? 'NOT_SERVING' : 'SERVING');
  refreshHealth();
  const healthTimer = setInterval(refreshHealth, HEALTH_REFRESH_MS);
  healthTimer.unref();
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
        clearInterval(healthTimer);
        health.setStatus('', 'NOT_SERVING');
        const force = setTimeout(() => server.forceShutdown(), 2000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}
