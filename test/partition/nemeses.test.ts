/**
 * The partition suite: real rosterd processes in network namespaces, concurrent clients,
 * one nemesis per test, and after each run the checks of run.ts (linearizable history
 * per schedule cell, no acknowledged write lost across healing and a full restart, all
 * nodes on one schedule and applied index, a write committed soon after the last heal).
 *
 * Needs root, ip, iptables and tc (CI has them). Seeds: ROSTERD_PARTITION_SEED fixes the
 * suite's seed (each test derives its own); every run prints its seed and verdict, and a
 * failing run prints its replay command. ROSTERD_PARTITION_FAULT_SECONDS sets the faults
 * per run (default 14).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bridge, flapping, isolateLeader, killRestart, netem, pauseLeader, splitTwoOne, type Nemesis } from './nemesis.ts';
import { downSync, missingPrerequisites } from './netns.ts';
import { freshSeed, SeededRandom } from './rng.ts';
import { runOnce } from './run.ts';

const SUITE_SEED = process.env['ROSTERD_PARTITION_SEED'] !== undefined ? Number(process.env['ROSTERD_PARTITION_SEED']) : freshSeed();
const FAULT_MS = Number(process.env['ROSTERD_PARTITION_FAULT_SECONDS'] ?? 14) * 1000;
/** Per test: start-up, faults, restart and checks take well under this. */
const TEST_TIMEOUT_MS = 240_000;
const seeds = new SeededRandom(SUITE_SEED);

function prerequisitesOrFail(): void {
  const missing = missingPrerequisites();
  assert.deepEqual(missing, [], `the partition suite needs root, ip, iptables and tc; missing:\n  - ${missing.join('\n  - ')}`);
}

before(() => {
  process.stdout.write(`partition suite seed=${SUITE_SEED} (ROSTERD_PARTITION_SEED=${SUITE_SEED} replays it)\n`);
  // A previous run that died may have left namespaces, rules or nodes behind.
  if (missingPrerequisites().length === 0) downSync();
});

after(() => {
  if (missingPrerequisites().length === 0) downSync();
});

async function runChecked(nemesis: Nemesis): Promise<void> {
  prerequisitesOrFail();
  const seed = seeds.fork(nemesis.name).int(2 ** 31);
  const report = await runOnce({ nemesis, seed, faultMs: FAULT_MS });
  assert.ok(report.passed, `${report.verdict}\n\n${report.failures.join('\n\n')}`);
  assert.ok(report.checkedOperations > 100, `only ${report.checkedOperations} operations were checked: ${report.verdict}`);
}

test('the machine has what the partition suite needs (root, ip, iptables, tc)', () => {
  prerequisitesOrFail();
});

test('isolating the leader loses no acknowledged write and stays linearizable', { timeout: TEST_TIMEOUT_MS }, () =>
  runChecked(isolateLeader),
);

test('a 2|1 split loses no acknowledged write and stays linearizable', { timeout: TEST_TIMEOUT_MS }, () =>
  runChecked(splitTwoOne),
);

test('a bridge node seeing both sides of a partition loses no acknowledged write and stays linearizable', { timeout: TEST_TIMEOUT_MS }, () =>
  runChecked(bridge),
);

test('partitions flapping every few seconds lose no acknowledged write and stay linearizable', { timeout: TEST_TIMEOUT_MS }, () =>
  runChecked(flapping),
);

test('latency, packet loss and reordering lose no acknowledged write and stay linearizable', { timeout: TEST_TIMEOUT_MS }, () =>
  runChecked(netem),
);

test('kill -9 and restart of random nodes loses no acknowledged write and stays linearizable', { timeout: TEST_TIMEOUT_MS }, () =>
  runChecked(killRestart),
);

test('a paused leader serves no stale read when it resumes (SIGSTOP/SIGCONT)', { timeout: TEST_TIMEOUT_MS }, () =>
  runChecked(pauseLeader),
);
