import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { Cluster, ROOT, freePort } from './harness.ts';

// The `pools` setting (--pools, ROSTER_POOLS or "pools" in the config file): default pool
// tables by facility ('*' for the rest), validated at start-up.

const table = [
  { name: 'ICU', capacity: 2, reserved: 1, borrowLimit: 1 },
  { name: 'Float', capacity: 1, reserved: 0, borrowLimit: 0, flex: true },
];

test('--pools sets the default tables; the rules apply them', async () => {
  const c = await Cluster.start({ ids: ['A'], flags: ['--pools', JSON.stringify({ '*': table })] });
  try {
    const pools = await c.node('A').call('roster', 'GetPools', { facility: 'A' });
    assert.ok(pools.ok, JSON.stringify(pools));
    assert.equal(pools.value.custom, false, 'a configured default, not set by SetPools');
    assert.deepEqual(
      pools.value.pools.map((u: { pool: { name: string; capacity: number; reserved: number; borrowLimit: number; flex: boolean } }) => u.pool),
      [
        { name: 'ICU', capacity: 2, reserved: 1, borrowLimit: 1, flex: false },
        { name: 'Float', capacity: 1, reserved: 0, borrowLimit: 0, flex: true },
      ],
    );
    assert.ok((await c.leaderCall('roster', 'AddBlock', { block: { id: 'b1', start: '2026-07-01', end: '2026-07-28' } })).ok);
    for (const p of ['p1', 'p2', 'p3']) assert.ok((await c.leaderCall('roster', 'AddPerson', { person: { id: p, name: p, role: 'RESIDENT', homeFacility: 'A' } })).ok);
    assert.ok((await c.leaderCall('roster', 'Assign', { assignment: { person: 'p1', facility: 'A', pool: 'ICU', block: 'b1' } })).ok);
    assert.ok((await c.leaderCall('roster', 'Assign', { assignment: { person: 'p2', facility: 'A', pool: 'ICU', block: 'b1' } })).ok, 'borrows the Float seat');
    const third = await c.leaderCall('roster', 'Assign', { assignment: { person: 'p3', facility: 'A', pool: 'ICU', block: 'b1' } });
    assert.equal(third.ok, false);
    assert.match(!third.ok ? third.error.details : '', /pool ICU is full at facility A in block b1/);
  } finally {
    await c.stop();
  }
});

test('an invalid pools setting stops the node at start with exit code 2, naming the setting and the rule', async () => {
  const port = await freePort();
  const run = (pools: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'node/main.ts'), '--id', 'A', '--peers', `A=127.0.0.1:${port}`, '--data-dir', '/nonexistent/never-used', ...(pools ? ['--pools', pools] : [])], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
  const cases: [string, RegExp][] = [
    [JSON.stringify({ A: [{ name: 'ICU', capacity: 2, reserved: 3, borrowLimit: 0 }] }), /pools \(flag --pools\): .*reserved: must not exceed capacity/],
    [JSON.stringify({ Z: table }), /pools .*facility Z is not one of --peers/],
    ['not json', /pools \(flag --pools\): must be a JSON object/],
  ];
  for (const [pools, pattern] of cases) {
    const r = run(pools);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, pattern);
  }
  const fromEnv = run('', { ROSTER_POOLS: JSON.stringify({ '*': [{ name: 'ICU', capacity: 1, reserved: 1, borrowLimit: 0, flex: true }, { name: 'X', capacity: 1, reserved: 1, borrowLimit: 0, flex: true }] }) });
  assert.equal(fromEnv.status, 2, fromEnv.stderr);
  assert.match(fromEnv.stderr, /pools \(environment ROSTER_POOLS\): .*at most one/);
});
