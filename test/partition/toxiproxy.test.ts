import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { proxyName, toxiproxyFaults } from './toxiproxy.ts';

// The Toxiproxy backend of the nemeses, against a stand-in for Toxiproxy's HTTP API (no
// Toxiproxy server can be installed here; CI runs the iptables backend). It pins what the
// backend asks of the API: which proxies get which toxics for a cut, an isolation, a
// heal and netem. The stand-in keeps proxies and their toxics as the API reports them.

interface Toxic {
  name: string;
  type: string;
  stream: string;
  toxicity: number;
  attributes: Record<string, number>;
}
const IDS = ['A', 'B', 'C'];
const proxies = new Map<string, { name: string; listen: string; upstream: string; enabled: boolean; toxics: Toxic[] }>();
for (const from of IDS) for (const to of IDS) if (from !== to) proxies.set(proxyName(from, to), { name: proxyName(from, to), listen: '0.0.0.0:0', upstream: `${to}:7100`, enabled: true, toxics: [] });

function body(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => resolve(data === '' ? undefined : JSON.parse(data)));
  });
}

async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, value?: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(value === undefined ? '' : JSON.stringify(value));
  };
  const parts = (req.url ?? '').split('/').filter(Boolean);
  if (parts[0] !== 'proxies') return send(404, { error: 'not found' });
  if (parts.length === 1 && req.method === 'GET') return send(200, Object.fromEntries(proxies));
  const proxy = proxies.get(parts[1] ?? '');
  if (!proxy) return send(404, { error: 'proxy not found' });
  if (parts.length === 2 && req.method === 'GET') return send(200, proxy);
  if (parts[2] === 'toxics' && parts.length === 3 && req.method === 'POST') {
    const toxic = (await body(req)) as Toxic;
    if (proxy.toxics.some((t) => t.name === toxic.name)) return send(409, { error: 'toxic already exists' });
    proxy.toxics.push(toxic);
    return send(200, toxic);
  }
  const toxic = proxy.toxics.find((t) => t.name === parts[3]);
  if (!toxic) return send(404, { error: 'toxic not found' });
  if (req.method === 'GET') return send(200, toxic);
  if (req.method === 'DELETE') {
    proxy.toxics = proxy.toxics.filter((t) => t !== toxic);
    return send(204);
  }
  send(405, { error: 'method not allowed' });
}

const server = createServer((req, res) => void api(req, res));
let url = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

/** Each proxy's toxics, as `name:type:stream`. */
function toxics(): Record<string, string[]> {
  return Object.fromEntries([...proxies].map(([name, p]) => [name, p.toxics.map((t) => `${t.name}:${t.type}:${t.stream}`).sort()]));
}
const CUT = ['rosterd-cut-downstream:timeout:downstream', 'rosterd-cut-upstream:timeout:upstream'];

test('isolating a facility puts a zero timeout (data dropped, connections kept) on both streams of its links both ways, and healing removes them', async () => {
  const net = toxiproxyFaults(url, IDS);
  await net.isolate('A');
  assert.deepEqual(toxics(), { 'A-B': CUT, 'A-C': CUT, 'B-A': CUT, 'B-C': [], 'C-A': CUT, 'C-B': [] });
  assert.equal(proxies.get('A-B')!.toxics[0]!.attributes['timeout'], 0);
  // Overlapping faults do not fail on toxics that exist already.
  await net.cut('A', 'B');
  await net.heal();
  assert.deepEqual(Object.values(toxics()).flat(), []);
});

test('a cut touches only the two directions between its pair; heal of one facility leaves the others', async () => {
  const net = toxiproxyFaults(url, IDS);
  await net.cut('B', 'C');
  await net.cut('A', 'B');
  assert.deepEqual(toxics(), { 'A-B': CUT, 'A-C': [], 'B-A': CUT, 'B-C': CUT, 'C-A': [], 'C-B': CUT });
  await net.heal('A');
  assert.deepEqual(toxics(), { 'A-B': [], 'A-C': [], 'B-A': [], 'B-C': CUT, 'C-A': [], 'C-B': CUT });
  await net.heal();
});

test('netem is latency with jitter on the facility\'s outgoing proxies, cleared apart from cuts', async () => {
  const net = toxiproxyFaults(url, IDS);
  await net.cut('B', 'C');
  await net.netem('A', { delayMs: 80, jitterMs: 20, lossPct: 5, reorderPct: 25 });
  assert.deepEqual(proxies.get('A-B')!.toxics.map((t) => [t.type, t.attributes]), [['latency', { latency: 80, jitter: 20 }]]);
  assert.deepEqual(proxies.get('B-A')!.toxics, []);
  await net.netemClear();
  assert.deepEqual(toxics(), { 'A-B': [], 'A-C': [], 'B-A': [], 'B-C': CUT, 'C-A': [], 'C-B': CUT });
  await net.heal();
});
