import * as grpc from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Logger } from 'pino';
import type { ScheduleReplica } from '../replica/index.ts';
import type { NodeMetrics } from '../metrics/metrics.ts';
import { requestCounter } from '../metrics/grpc-interceptor.ts';
import { addPeerService } from '../transport/peer-server.ts';
import { adminHandlers } from './admin-service.ts';
import { ADMIN_SERVICE, LEDGER_SERVICE, reflectedPackageDefinition, ROSTER_SERVICE } from './protos.ts';
import { ledgerHandlers } from './ledger-handlers.ts';
import type { LedgerService } from '../service/ledger-service.ts';
import { OpenCalls } from './open-calls.ts';
import { toServiceError, UnavailableError } from '../errors.ts';
import { rosterHandlers } from './roster-service.ts';
import type { ScheduleService } from '../service/schedule-service.ts';
import type { EmergencyJournal } from '../healing/emergency-journal.ts';
import type { IsolationSwitch } from '../transport/isolation-switch.ts';
import { ACCESS_TABLE, accessGate, certificateAdmission, type TlsMaterial } from '../tls/index.ts';
import { attachDirectUnary, type DirectRoute } from './direct-unary.ts';

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
/** Every name the health service answers for: '' (the process) and each service; all NOT_SERVING once a shutdown begins. */
const HEALTH_SERVICES: readonly string[] = ['', 'rosterd.v1.Roster', 'rosterd.admin.v1.Admin', 'rosterd.ledger.v1.Ledger', FINAL_APPROVAL_HEALTH, EMERGENCY_COVERAGE_HEALTH];

export interface ServerOptions {
  readonly self: string;
  readonly cluster: string;
  readonly listen: string;
  readonly maxMessageBytes: number;
  readonly log: Logger;
  readonly metrics?: NodeMetrics;
  /**
   * Mutual TLS: every connection must present a certificate of the cluster CA, and every
   * call passes the access gate (node/tls/access-table.ts). Absent: plaintext, no checks.
   */
  readonly tls?: TlsMaterial;
}

/** How long drain() gives unary calls in flight to finish before the replica stops under them. */
export const DRAIN_GRACE_MS = 300;
/** How long close() waits for the last calls to be answered before ending them itself. */
const CLOSE_GRACE_MS = 200;

export interface RunningServer {
  readonly port: number;
  readonly health: HealthImplementation;
  /**
   * The first half of a shutdown: health reports NOT_SERVING, no new connection or call
   * is accepted, every stream (watches, peers' links, health watches, reflection) ends
   * at once with UNAVAILABLE (a watcher resumes on another node from the last index it
   * saw), and unary calls in flight get up to `graceMs` to finish. Then the caller stops
   * the replica, which answers whatever still waits (a write with outcome_unknown), and
   * calls close().
   */
  drain(graceMs?: number): Promise<void>;
  /** Waits briefly for the last calls to be answered, ends any left with UNAVAILABLE, and releases the port. */
  close(): Promise<void>;
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
  const open = new OpenCalls();
  const accessLog = o.log.child({ component: 'access' });
  const server = new grpc.Server({
    'grpc.max_receive_message_length': frameLimit,
    'grpc.max_send_message_length': frameLimit,
    'grpc.keepalive_permit_without_calls': 1,
    // channelz keeps per-call statistics nobody here reads; it costs every request.
    // (It is also what grpc-js's forceShutdown finds sessions by: OpenCalls ends calls instead.)
    'grpc.enable_channelz': 0,
    // The access gate is outermost, so a call it refuses ends through the others like any call.
    interceptors: [...(o.metrics ? [requestCounter(o.metrics)] : []), open.interceptor, ...(o.tls ? [accessGate({ cluster: o.cluster, log: accessLog })] : [])],
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
  const clientServices: [grpc.ServiceDefinition, grpc.UntypedServiceImplementation][] = [
    [ROSTER_SERVICE, rosterHandlers(replica, service, o.self, apiLog)],
    [LEDGER_SERVICE, ledgerHandlers(node.ledger, o.cluster, apiLog)],
    [ADMIN_SERVICE, adminHandlers(replica, { self: o.self, cluster: o.cluster, log: apiLog, journal: node.journal, ledger: node.ledger, nowMs: () => Date.now(), ...(node.isolation ? { isolation: node.isolation } : {}) })],
  ];
  for (const [definition, handlers] of clientServices) server.addService(definition, handlers);
  // Besides the process and its services: FINAL_APPROVAL_HEALTH serves while a quorum is
  // reachable (CP writes can go ahead), EMERGENCY_COVERAGE_HEALTH while the node runs.
  const health = new HealthImplementation({ ...Object.fromEntries(HEALTH_SERVICES.map((name) => [name, 'SERVING'])), [FINAL_APPROVAL_HEALTH]: 'NOT_SERVING' });
  const refreshHealth = (): void => health.setStatus(FINAL_APPROVAL_HEALTH, replica.partition().state === 'minority' ? 'NOT_SERVING' : 'SERVING');
  refreshHealth();
  const healthTimer = setInterval(refreshHealth, HEALTH_REFRESH_MS);
  healthTimer.unref();
  health.addToServer(server);
  new ReflectionService(reflectedPackageDefinition).addToServer(server);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(o.listen, o.tls ? o.tls.serverCredentials() : grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const direct = attachDirectUnary(server, {
    routes: directRoutes(clientServices, o.tls !== undefined),
    maxReceiveBytes: frameLimit,
    maxSendBytes: frameLimit,
    hooks: {
      opened: (call) => open.opened(call, false),
      closed: (call, route, code) => {
        open.closed(call);
        o.metrics?.grpcRequests.inc({ method: route.name, code: grpc.status[code] ?? String(code) });
      },
    },
    ...(o.tls ? { admit: certificateAdmission({ cluster: o.cluster, log: accessLog }) } : {}),
    log: apiLog,
  });
  if (!direct) o.log.warn('this grpc-js does not let client calls be answered off their streams: grpc-js serves them all (slower)');
  let closed: Promise<void> | undefined;
  const shuttingDown = (message: string): grpc.StatusObject => {
    const e = toServiceError(new UnavailableError(message));
    return { code: e.code ?? grpc.status.UNAVAILABLE, details: e.details ?? message, metadata: e.metadata ?? new grpc.Metadata() };
  };
  return {
    port,
    health,
    drain: async (graceMs = DRAIN_GRACE_MS) => {
      if (closed === undefined) {
        clearInterval(healthTimer);
        for (const name of HEALTH_SERVICES) health.setStatus(name, 'NOT_SERVING');
        closed = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
        open.end(shuttingDown(`node ${o.self} is shutting down (a watch resumes on another node from its last index + 1)`), true);
      }
      await open.unaryDone(graceMs);
    },
    close: async () => {
      closed ??= new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      if (!(await settlesWithin(closed, CLOSE_GRACE_MS))) {
        open.end(shuttingDown(`node ${o.self} is shutting down`), false);
        await settlesWithin(closed, CLOSE_GRACE_MS);
      }
      server.forceShutdown();
    },
  };
}

/** Whether `p` settles within `ms`. */
async function settlesWithin(p: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The unary methods of the client services, for direct-unary.ts. With TLS a method whose
 * access rule reads a claim from the request (access-table.ts) stays with grpc-js and
 * its access gate, which checks the claim.
 */
function directRoutes(services: readonly [grpc.ServiceDefinition, grpc.UntypedServiceImplementation][], tls: boolean): Map<string, DirectRoute> {
  const routes = new Map<string, DirectRoute>();
  for (const [definition, handlers] of services) {
    for (const [name, m] of Object.entries(definition)) {
      if (m.requestStream || m.responseStream) continue;
      if (tls && ACCESS_TABLE[m.path]?.claim !== undefined) continue;
      const handler = handlers[name];
      if (typeof handler !== 'function') continue;
      routes.set(m.path, { name, deserialize: m.requestDeserialize as (b: Buffer) => unknown, serialize: m.responseSerialize as (r: unknown) => Buffer, handler: handler as grpc.handleUnaryCall<unknown, unknown> });
    }
  }
  return routes;
}
