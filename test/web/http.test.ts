/**
 * The page server of a real node (node/web): what it answers, what it refuses, and the
 * settings that place it. The browser test (browser.test.ts) drives the page itself.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../node/config.ts';
import { dialable } from '../../node/web/index.ts';
import { Cluster } from '../cluster/harness.ts';

let c: Cluster | undefined;
before(async () => {
  c = await Cluster.start({ ids: ['A'], web: true });
  assert.ok((await c.leaderCall('roster', 'AddBlock', { block: { id: 'b1', start: '2026-07-01', end: '2026-07-28' } })).ok);
});
after(async () => {
  await c?.stop();
});

function url(path: string): string {
  assert.ok(c);
  return new URL(path, c.node('A').webUrl).href;
}

/** The first `count` events of /events?query, as [name, parsed data]. */
async function firstEvents(query: string, count: number): Promise<[string, any][]> {
  const ctl = new AbortController();
  const res = await fetch(url(`/events${query}`), { signal: ctl.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events: [string, any][] = [];
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        const frame = text.slice(0, end);
        text = text.slice(end + 2);
        const name = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (name !== undefined && data !== undefined) events.push([name, JSON.parse(data)]);
      }
    }
  } finally {
    ctl.abort();
  }
  return events;
}

test('the page and its files are served with a policy that allows only the node itself', async () => {
  const page = await fetch(url('/'));
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'self'/);
  assert.match(await page.text(), /<script type="module" src="\/app\/main.js">/);
  const script = await fetch(url('/app/main.js'));
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
  const css = await fetch(url('/app.css'));
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
});

test('nothing but GET of the page, its files and its stream is answered: no writes, no other paths', async () => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const r = await fetch(url('/events'), { method });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.get('allow'), 'GET, HEAD');
  }
  for (const path of ['/nope', '/../package.json', '/app/../../config.ts', '/metrics', '/static/index.html']) {
    assert.equal((await fetch(url(path))).status, 404, path);
  }
  const bad = await fetch(url('/events?block=b%2F1'));
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /bad block/);
});

test('the stream sends the board and the cluster at once, as the read API has them', async () => {
  const events = await firstEvents('?block=b1', 2);
  const byName = new Map(events);
  const board = byName.get('board');
  const cluster = byName.get('cluster');
  assert.ok(board && cluster, `got ${events.map(([n]) => n).join(', ')}`);
  assert.equal(board.servedBy, 'A');
  assert.deepEqual(board.block, { id: 'b1', start: '2026-07-01', end: '2026-07-28' });
  assert.deepEqual(board.facilities.map((f: { facility: string }) => f.facility), ['A']);
  assert.deepEqual(board.facilities[0].pools.map((p: { name: string }) => p.name), ['ICU', 'Clinic', 'Procedures', 'Flex']);
  assert.equal(board.contingency.heading, 'contingency of block b1, all facilities: nobody holds a seat, so there is nobody to lose');
  assert.equal(cluster.servedBy, 'A');
  assert.deepEqual(cluster.members.map((m: { id: string; role: string }) => [m.id, m.role]), [['A', 'leader']]);
  assert.equal(cluster.self.partitionState, 'connected');
  const newest = new Map(await firstEvents('', 2)).get('board');
  assert.equal(newest.block.id, 'b1', 'without ?block= the newest block is shown');
  const missing = new Map(await firstEvents('?block=nope', 2)).get('board');
  assert.deepEqual([missing.block, missing.asked, missing.problem], [null, 'nope', '']);
});

test('--http-listen defaults to the gRPC host at port + 1000 and can be turned off; a wildcard host is dialled on loopback', () => {
  assert.equal(loadConfig({ id: 'A' }, {}).httpListen, '127.0.0.1:8101');
  assert.equal(loadConfig({ id: 'A', listen: '10.1.2.3:65000' }, {}).httpListen, '10.1.2.3:64000');
  assert.equal(loadConfig({ id: 'A', httpListen: 'off' }, {}).httpListen, undefined);
  assert.equal(loadConfig({ id: 'A' }, { ROSTER_HTTP_LISTEN: '127.0.0.1:9999' }).httpListen, '127.0.0.1:9999');
  assert.throws(() => loadConfig({ id: 'A', httpListen: 'nowhere' }, {}), /httpListen \(flag --http-listen\): must be host:port/);
  assert.equal(dialable('0.0.0.0:8101', 8101), '127.0.0.1:8101');
  assert.equal(dialable('[::]:8101', 8101), '[::1]:8101');
  assert.equal(dialable('10.1.2.3:8101', 8101), '10.1.2.3:8101');
});
