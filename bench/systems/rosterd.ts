import { Cluster } from '../../test/cluster/harness.ts';
import * as grpc from '@grpc/grpc-js';
import { clientPackageDefinition } from '../../node/server/protos.ts';
import { ROSTERD_VERSION } from '../../node/server/admin-service.ts';
import type { BenchSystem } from './system.ts';

type Unary = (req: unknown, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: unknown) => void) => void;

/** rosterd with default settings (real fsync), driven through its public Roster API at the leader. */
export async function startRosterd(valueBytes: number): Promise<BenchSystem> {
  const c = await Cluster.start({ tickMs: 25 });
  const leader = await c.waitForLeader();
  const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as any;
  const client = new pkg.rosterd.v1.Roster(c.node(leader).address, grpc.credentials.createInsecure());
  const addPerson = client.AddPerson.bind(client) as Unary;
  const getSchedule = client.GetSchedule.bind(client) as Unary;
  // A final-approval write of about valueBytes on the wire: the name carries the bulk.
  const name = 'x'.repeat(Math.max(1, Math.min(200, valueBytes - 56)));
  const call = (f: Unary, req: unknown) =>
    new Promise<void>((resolve, reject) => f(req, { deadline: Date.now() + 10_000 }, (e) => (e ? reject(e) : resolve())));
  await call(client.AddBlock.bind(client), { block: { id: 'bench', start: '2026-01-01', end: '2026-01-28' } });
  return {
    name: 'rosterd',
    write: (key) => call(addPerson, { person: { id: key, name, role: 'RESIDENT', homeFacility: 'A' } }),
    read: () => call(getSchedule, { block: 'bench' }),
    pids: () => [...c.nodes.values()].map((n) => n.proc?.pid ?? 0).filter((p) => p > 0),
    version: () => ROSTERD_VERSION,
    stop: async () => {
      client.close();
      await c.stop();
    },
  };
}
