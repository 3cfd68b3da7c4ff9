/**
 * The Toxiproxy backend of NetworkFaults, for clusters whose facilities reach each other
 * through a Toxiproxy server with one proxy per direction, named FROM-TO (A-B is A's way
 * to B): deploy/docker/compose.yml's profile toxiproxy, with toxiproxy.json and
 * toxiproxy.env. It talks to the server's API through its own client,
 * toxiproxy-node-client, at TOXIPROXY_URL (e.g. http://127.0.0.1:8474).
 *
 * A cut is a `timeout` toxic with timeout 0 on both streams of both directions: data is
 * dropped and connections are held open, as an iptables DROP does. Isolation cuts every
 * link of a facility; heal removes the cut toxics. netem is a `latency` toxic (latency
 * and jitter) on the facility's outgoing proxies: loss and reordering are packet-level
 * and a TCP proxy cannot produce them, so this backend applies the delay and jitter of a
 * NetemSpec and leaves the rest out.
 */
import { Toxiproxy, type Proxy } from 'toxiproxy-node-client';
import type { NetemSpec, NetworkFaults } from './network-faults.ts';

/** Where the Toxiproxy API is, when a run should use it instead of iptables. */
export const TOXIPROXY_URL_ENV = 'TOXIPROXY_URL';

const CUT = 'rosterd-cut';
const NETEM = 'rosterd-netem';
const STREAMS = ['upstream', 'downstream'] as const;

/** The proxy carrying `from`'s traffic to `to`. */
export function proxyName(from: string, to: string): string {
  return `${from}-${to}`;
}

export function toxiproxyFaults(url: string, ids: readonly string[]): NetworkFaults {
  const server = new Toxiproxy(url);
  const others = (id: string): string[] => ids.filter((x) => x !== id);

  /**
   * Every proxy with the names of its toxics, as the API reports them (the client's Proxy
   * objects do not carry toxics, so this asks through the client's own HTTP client).
   */
  const listToxics = async (): Promise<Map<string, string[]>> => {
    const all = await server.getApi().get<Record<string, { toxics?: { name: string }[] }>>(`${url.replace(/\/$/, '')}/proxies`);
    return new Map(Object.entries(all.data).map(([name, p]) => [name, (p.toxics ?? []).map((t) => t.name)]));
  };

  /** Adds the toxic unless the proxy has it already (cuts and isolations overlap). */
  const addToxic = async (proxy: Proxy, body: Parameters<Proxy['addToxic']>[0]): Promise<void> => {
    if ((await listToxics()).get(proxy.name)?.includes(body.name)) return;
    await proxy.addToxic(body);
  };

  const cutOneWay = async (from: string, to: string): Promise<void> => {
    const proxy = await server.get(proxyName(from, to));
    for (const stream of STREAMS) {
      await addToxic(proxy, { name: `${CUT}-${stream}`, type: 'timeout', stream, toxicity: 1, attributes: { timeout: 0 } });
    }
  };

  /** Removes the toxics named with `prefix` from every proxy touching `of` (all proxies when empty). */
  const removeToxics = async (prefix: string, of: readonly string[]): Promise<void> => {
    for (const [name, toxics] of await listToxics()) {
      const [from, to] = name.split('-');
      if (of.length > 0 && !of.includes(from ?? '') && !of.includes(to ?? '')) continue;
      const doomed = toxics.filter((t) => t.startsWith(prefix));
      if (doomed.length === 0) continue;
      const proxy = await server.get(name);
      for (const toxic of doomed) await (await proxy.getToxic(toxic)).remove();
    }
  };

  return {
    name: 'toxiproxy',
    cut: async (a, b) => {
      await cutOneWay(a, b);
      await cutOneWay(b, a);
    },
    isolate: async (id) => {
      for (const other of others(id)) {
        await cutOneWay(id, other);
        await cutOneWay(other, id);
      }
    },
    heal: (...of) => removeToxics(CUT, of),
    netem: async (id: string, spec: NetemSpec) => {
      for (const other of others(id)) {
        const proxy = await server.get(proxyName(id, other));
        await addToxic(proxy, { name: NETEM, type: 'latency', stream: 'upstream', toxicity: 1, attributes: { latency: spec.delayMs, jitter: spec.jitterMs } });
      }
    },
    netemClear: (...of) => removeToxics(NETEM, of),
  };
}
