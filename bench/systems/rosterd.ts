import { Cluster } from '../../test/cluster/harness.ts';
import * as grpc from '@grpc/grpc-js';
import { clientPackageDefinition } from '../../node/server/protos.ts';
import { ROSTERD_VERSION } from '../../node/server/admin-service.ts';
import type { BenchSystem } from './system.ts';
import { channelFor } from '../../node/tls/index.ts';
import { buildDaemon } from './built-daemon.ts';

type Unary = (req: unknown, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: unknown) => void) => void;

/**
 * rosterd with default settings (real fsync), the built daemon (dist/, as deployed),
 * driven through its public Roster API at the leader. With `tls`, the cluster runs mutual TLS (test/cluster/harness.ts makes the CA and
 * certificates) and the client presents a coordinator's certificate: the same work, paying
 * for the handshakes, the encryption and the access gate. With `unsigned`, it runs with
 * --insecure-unsigned-commands (no facility keys, no signature on any command): the
 * difference is what signing costs.
 */
/** rosterd under benchmark: a BenchSystem, and its nodes' logs (JSON lines) for rows that look at what the nodes did. */
export interface RosterdSystem extends BenchSystem {
  logs(): string[];
}

export async function startRosterd(valueBytes: number, options: { tls?: boolean; unsigned?: boolean; flags?: readonly string[] } = {}): Promise<RosterdSystem> {
  buildDaemon();
  const c = await Cluster.start({
    tickMs: 25,
    daemon: 'built',
    ...(options.tls ? { tls: true } : {}),
    ...(options.unsigned ? { keys: 'register' as const } : {}),
    flags: [...(options.unsigned ? ['--insecure-unsigned-commands'] : []), ...(options.flags ?? [])],
  });
  const leader = await c.waitForLeader();
  const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as any;
  const connect = (address: string) => {
    const ch = channelFor(c.tls?.clients.coordinator, address);
    return new pkg.rosterd.v1.Roster(address, ch.credentials, ch.options);
  };
  // Like an etcd member forwarding to its leader, the client follows rosterd's redirect
  // (x-roster-leader) when leadership moves during a run.
  let client = connect(c.node(leader).address);
  const redirect = (e: grpc.ServiceError): boolean => {
    const to = e.metadata?.get('x-roster-leader')[0];
    if (e.code !== grpc.status.FAILED_PRECONDITION || !to) return false;
    if (String(to) !== client.getChannel().getTarget().replace(/^dns:/, '')) {
      client.close();
      client = connect(String(to));
    }
    return true;
  };
  // A final-approval write of about valueBytes on the wire: the name carries the bulk.
  const name = 'x'.repeat(Math.max(1, Math.min(200, valueBytes - 56)));
  const call = (method: string, req: unknown): Promise<void> =>
    new Promise<void>((resolve, reject) =>
      (client[method] as Unary).call(client, req, { deadline: Date.now() + 10_000 }, (e) => {
        if (!e) resolve();
        else if (redirect(e)) call(method, req).then(resolve, reject);
        else reject(e);
      }),
    );
  await call('AddBlock', { block: { id: 'bench', start: '2026-01-01', end: '2026-01-28' } });
  return {
    name: options.tls ? 'rosterd-tls' : options.unsigned ? 'rosterd-unsigned' : 'rosterd',
    write: (key) => call('AddPerson', { person: { id: key, name, role: 'RESIDENT', homeFacility: 'A' } }),
    read: () => call('GetSchedule', { block: 'bench' }),
    pids: () => [...c.nodes.values()].map((n) => n.proc?.pid ?? 0).filter((p) => p > 0),
    logs: () => [...c.nodes.values()].map((n) => n.log()),
    version: () => ROSTERD_VERSION,
    stop: async () => {
      client.close();
      await c.stop();
    },
  };
}
