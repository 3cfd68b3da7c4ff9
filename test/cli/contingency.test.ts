import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { startFakeNode, type FakeNode } from './fake-node.ts';
import { forbiddenTransport, runInProcess } from './run-cli.ts';

// `rosterctl contingency`: what it asks of the node and what it prints. The experiments
// themselves are the server's (test/schedule/contingency.test.ts, test/cluster/contingency.test.ts).

const started: FakeNode[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.stop()));
});

const REPORT = [
  'contingency of block b1, all facilities: N-1, losing 1 of 5 assigned people at a time (exhaustive: all 5 combinations)',
  'N-1 contingency failed: ICU at B drops to 4 of 5 reserved if icu3 is lost; no eligible cover',
  'summary: 5 experiments: 1 failed, 0 covered, 4 opened no gap',
].join('\n');

async function node(): Promise<FakeNode> {
  const n = await startFakeNode({
    Contingency: () => ({
      header: { appliedIndex: 12, msSinceLeaderContact: 40, servedBy: 'B' },
      block: 'b1',
      lose: 1,
      people: 5,
      method: 'EXHAUSTIVE',
      seed: 1,
      possible: 5,
      checked: 5,
      failed: 1,
      held: 4,
      findings: [{ lost: ['icu3'], outcome: 'FAILED', gaps: [], message: 'N-1 contingency failed: ICU at B drops to 4 of 5 reserved if icu3 is lost; no eligible cover' }],
      report: REPORT,
    }),
  });
  started.push(n);
  return n;
}

test('contingency prints the report as the server words it, and asks for one loss, seed 1, linearizable by default', async () => {
  const n = await node();
  const r = await runInProcess(['--endpoints', n.address, 'contingency', '--block', 'b1']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${REPORT}\n`);
  assert.equal(r.stderr, '');
  const sent = n.callsOf('Contingency')[0]?.request;
  assert.deepEqual(
    { block: sent?.['block'], facility: sent?.['facility'], lose: sent?.['lose'], blastRadius: sent?.['blastRadius'], seed: sent?.['seed'], read: sent?.['read'] },
    { block: 'b1', facility: '', lose: 0, blastRadius: 0, seed: 1, read: { stale: false } },
  );
});

test('contingency sends --facility, --lose or --blast-radius, --seed and --stale, and notes a stale answer', async () => {
  const n = await node();
  const r = await runInProcess(['--endpoints', n.address, 'contingency', '--block', 'b1', '--facility', 'B', '--lose', '3', '--seed', '42', '--stale']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /stale read from B at applied index 12/);
  const sent = n.callsOf('Contingency')[0]?.request;
  assert.deepEqual([sent?.['facility'], sent?.['lose'], sent?.['seed'], sent?.['read']], ['B', 3, 42, { stale: true }]);
  const radius = await runInProcess(['--endpoints', n.address, 'contingency', '--block', 'b1', '--blast-radius', '0.05']);
  assert.equal(radius.code, 0, radius.stderr);
  assert.deepEqual([n.callsOf('Contingency')[1]?.request['lose'], n.callsOf('Contingency')[1]?.request['blastRadius']], [0, 0.05]);
});

test('contingency --json prints the whole reply: findings, counts, method and the header', async () => {
  const n = await node();
  const r = await runInProcess(['--endpoints', n.address, '--json', 'contingency', '--block', 'b1']);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(doc['method'], 'EXHAUSTIVE');
  assert.equal(doc['failed'], 1);
  assert.deepEqual((doc['findings'] as { lost: string[] }[]).map((f) => f.lost), [['icu3']]);
  assert.deepEqual(doc['header'], { appliedIndex: 12, msSinceLeaderContact: 40, servedBy: 'B' });
});

for (const [argv, argument] of [
  [['contingency'], '--block'],
  [['contingency', '--block', 'b/1'], '--block'],
  [['contingency', '--block', 'b1', '--lose', '0'], '--lose'],
  [['contingency', '--block', 'b1', '--lose', '65'], '--lose'],
  [['contingency', '--block', 'b1', '--blast-radius', '1.5'], '--blast-radius'],
  [['contingency', '--block', 'b1', '--blast-radius', '0'], '--blast-radius'],
  [['contingency', '--block', 'b1', '--lose', '2', '--blast-radius', '0.1'], '--blast-radius'],
  [['contingency', '--block', 'b1', '--seed', '4294967296'], '--seed'],
] as const) {
  test(`${argv.join(' ')} is refused before any connection, naming ${argument}`, async () => {
    const net = forbiddenTransport();
    const r = await runInProcess(argv, { transport: net.transport });
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.startsWith('rosterctl: ') && r.stderr.includes(argument), r.stderr);
    assert.equal(net.used(), 0);
  });
}
