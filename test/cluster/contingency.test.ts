/**
 * Roster.Contingency on real daemons, through rosterctl: the README's coordinator's-day
 * schedule; the same answer from every node; refused at once in a minority unless
 * --stale, like every linearizable read.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runInProcess } from '../cli/run-cli.ts';
import { coordinatorsDay, DAY_BLOCK } from './coordinators-day.ts';
import { Cluster, waitFor } from './harness.ts';

let c: Cluster;
before(async () => {
  c = await Cluster.start({ flags: ['--fault-injection'] });
  await coordinatorsDay(all());
});
after(async () => {
  await c?.stop();
});

const all = (): string => [...c.nodes.values()].map((n) => n.address).join(',');
const rosterctl = (endpoints: string, ...args: string[]) => runInProcess(['--timeout', '15000', '--endpoints', endpoints, ...args]);

test("the coordinator's day holds at N-1 (ICU at B borrows one seat) and is covered at N-2 by the faculty of B who hold nothing", async () => {
  const n1 = await rosterctl(all(), 'contingency', '--block', DAY_BLOCK, '--facility', 'B');
  assert.equal(n1.code, 0, n1.stderr);
  assert.equal(
    n1.stdout,
    [
      `contingency of block ${DAY_BLOCK}, facility B: N-1, losing 1 of 6 assigned people at a time (exhaustive: all 6 combinations)`,
      'before any loss, below their reserved floor: at B Clinic 0 of 7, Procedures 0 of 3',
      'summary: 6 experiments: 0 failed, 0 covered, 6 opened no gap',
      '',
    ].join('\n'),
  );
  const n2 = await rosterctl(all(), 'contingency', '--block', DAY_BLOCK, '--facility', 'B', '--lose', '2');
  assert.equal(n2.code, 0, n2.stderr);
  const lines = n2.stdout.trim().split('\n');
  assert.equal(lines[0], `contingency of block ${DAY_BLOCK}, facility B: N-2, losing 2 of 6 assigned people at a time (exhaustive: all 15 combinations)`);
  assert.equal(lines[2], 'N-2 contingency covered: ICU at B drops to 4 of 5 reserved if cl1 and icu1 are lost; cover: cl2 (unassigned faculty)');
  assert.equal(lines.at(-1), 'summary: 15 experiments: 0 failed, 15 covered, 0 opened no gap');
});

test('every node gives the same report; a node in a minority refuses the linearizable read at once and answers --stale', async () => {
  const reports = await Promise.all([...c.nodes.values()].map((n) => rosterctl(n.address, 'contingency', '--block', DAY_BLOCK, '--lose', '3')));
  for (const r of reports) assert.equal(r.code, 0, r.stderr);
  assert.equal(new Set(reports.map((r) => r.stdout)).size, 1, 'one answer');

  const leader = await c.waitForLeader();
  const cut = [...c.nodes.keys()].find((id) => id !== leader)!;
  assert.equal((await rosterctl(all(), 'fault', 'isolate', cut)).code, 0);
  try {
    await waitFor(async () => {
      const st = await c.node(cut).call('admin', 'Status', {}, 2000);
      return st.ok && st.value.partitionState === 'minority';
    }, `${cut} in a minority`);
    const refused = await rosterctl(c.node(cut).address, 'contingency', '--block', DAY_BLOCK);
    assert.equal(refused.code, 3, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /Cannot run a contingency experiment: network partition detected\. .*Partition state: minority\./);
    assert.ok(refused.ms < 5000, `refused in ${refused.ms} ms`);
    const stale = await rosterctl(c.node(cut).address, 'contingency', '--block', DAY_BLOCK, '--lose', '3', '--stale');
    assert.equal(stale.code, 0, stale.stderr);
    assert.equal(stale.stdout, reports[0]!.stdout);
    assert.match(stale.stderr, new RegExp(`stale read from ${cut}`));
  } finally {
    await rosterctl(all(), 'fault', 'heal', cut);
  }
});

test('an unknown block is NOT_FOUND (exit 1)', async () => {
  const r = await rosterctl(all(), 'contingency', '--block', 'no-such-block');
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /block no-such-block does not exist/);
});
