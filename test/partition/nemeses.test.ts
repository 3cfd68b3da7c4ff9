/**
 * The partition suite: real rosterd processes in network namespaces, concurrent clients,
 * one nemesis per test, and after each run the checks of run.ts (linearizable history
 * per schedule cell, no acknowledged write lost across healing and a full restart, all
 * nodes on one schedule and applied index, a write committed soon after the last heal).
 *
 * The lock workload (lock-workload.ts) runs under the leader's isolation and its pauses:
 * locks stay exclusive, fencing tokens refuse stale holders, and the lock state survives
 * healing and a full restart.
 *
 * The coverage workload (coverage-workload.ts) runs while the leader is isolated: the
 * isolated node journals emergency coverage and refuses final approvals at once naming
 * the partition; after the heal and a full restart every acknowledged emergency write is
 * in the log on every node, every journal is empty, and every node holds the same
 * schedule and coverage statuses.
 *
 * Needs root, ip, iptables and tc (CI has them). Seeds: ROSTERD_PARTITION_SEED fixes the
 * suite's seed (each test derives its own); every run prints its seed and verdict, and a
 * failing run prints its replay command. ROSTERD_PARTITION_FAULT_SECONDS sets the faults
 * per run (default 14). ROSTERD_PARTITION_WORKLOAD=schedule|locks|coverage runs only that
 * workload's tests (`npm run test:partition -- --workload locks` sets it).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bridge, flapping, isolateLeader, killRestart, netem, pauseLeader, splitTwoOne, type Nemesis } from './nemesis.ts';
import { missingPrerequisites } from './netns.ts';
import { freshSeed, SeededRandom } from './rng.ts';
import { downUnlessInUse, runOnce } from './run.ts';
import { DEFAULT_WORKLOAD, workloadByName } from './workloads.ts';

const SUITE_SEED = process.env['ROSTERD_PARTITION_SEED'] !== undefined ? Number(process.env['ROSTERD_PARTITION_SEED']) : freshSeed();
const FAULT_MS = Number(process.env['ROSTERD_PARTITION_FAULT_SECONDS'] ?? 14) * 1000;
/** Per test: start-up, faults, restart and checks take well under this. */
const TEST_TIMEOUT_MS = 240_000;
const seeds = new SeededRandom(SUITE_SEED);
const ONLY_WORKLOAD = process.env['ROSTERD_PARTITION_WORKLOAD'];
if (ONLY_WORKLOAD !== undefined) workloadByName(ONLY_WORKLOAD); // an unknown name fails loudly

/** Options of a test that runs `workload`: skipped when another workload was selected. */
function testOptions(workload: string): { timeout: number; skip?: string } {
  const skip = ONLY_WORKLOAD !== undefined && ONLY_WORKLOAD !== workload;
  return { timeout: TEST_TIMEOUT_MS, ...(skip ? { skip: `ROSTERD_PARTITION_WORKLOAD=${ONLY_WORKLOAD}` } : {}) };
}

function prerequisitesOrFail(): void {
  const missing = missingPrerequisites();
  assert.deepEqual(missing, [], `the partition suite needs root, ip, iptables and tc; missing:\n  - ${missing.join('\n  - ')}`);
}

before(() => {
  process.stdout.write(`partition suite seed=${SUITE_SEED} (ROSTERD_PARTITION_SEED=${SUITE_SEED} replays it)\n`);
  // A previous run that died may have left namespaces, rules or nodes behind.
  if (missingPrerequisites().length === 0) downUnlessInUse();
});

after(() => {
  if (missingPrerequisites().length === 0) downUnlessInUse();
});

/**
 * One run of `workload` under `nemesis`, which must pass and check more than 100
 * operations; `exercised` names what else the run must have done (from its tallies).
 */
async function runChecked(nemesis: Nemesis, workload = DEFAULT_WORKLOAD, exercised: readonly string[] = []): Promise<void> {
  prerequisitesOrFail();
  // The schedule workload's seed is forked from the nemesis name alone and every other
  // workload's from a prefixed name: adding a workload leaves the seeds of the runs that
  // exist, and so their replays, unchanged.
  const seed = seeds.fork(workload === DEFAULT_WORKLOAD ? nemesis.name : `${workload}-${nemesis.name}`).int(2 ** 31);
  const report = await runOnce({ nemesis, seed, faultMs: FAULT_MS, workload: workloadByName(workload) });
  assert.ok(report.passed, `${report.verdict}\n\n${report.failures.join('\n\n')}`);
  assert.ok(report.checkedOperations > 100, `only ${report.checkedOperations} operations were checked: ${report.verdict}`);
  for (const name of exercised) assert.ok((report.tallies?.[name] ?? 0) > 0, `the run never exercised ${name}: ${report.verdict}`);
}

test('the machine has what the partition suite needs (root, ip, iptables, tc)', () => {
  prerequisitesOrFail();
});

test('isolating the leader loses no acknowledged write and stays linearizable', testOptions('schedule'), () =>
  runChecked(isolateLeader),
);

test('a 2|1 split loses no acknowledged write and stays linearizable', testOptions('schedule'), () =>
  runChecked(splitTwoOne),
);

test('a bridge node seeing both sides of a partition loses no acknowledged write and stays linearizable', testOptions('schedule'), () =>
  runChecked(bridge),
);

test('partitions flapping every few seconds lose no acknowledged write and stay linearizable', testOptions('schedule'), () =>
  runChecked(flapping),
);

test('latency, packet loss and reordering lose no acknowledged write and stay linearizable', testOptions('schedule'), () =>
  runChecked(netem),
);

test('kill -9 and restart of random nodes loses no acknowledged write and stays linearizable', testOptions('schedule'), () =>
  runChecked(killRestart),
);

test('a paused leader serves no stale read when it resumes (SIGSTOP/SIGCONT)', testOptions('schedule'), () =>
  runChecked(pauseLeader),
);

test('locks stay exclusive and fencing tokens refuse stale holders while the leader is isolated', testOptions('locks'), () =>
  runChecked(isolateLeader, 'locks'),
);

test('a paused leader grants no lock and accepts no stale-token edit when it resumes (SIGSTOP/SIGCONT)', testOptions('locks'), () =>
  runChecked(pauseLeader, 'locks'),
);

test('an isolated leader journals emergency coverage and refuses final approvals at once naming the partition; after the heal every node holds every acknowledged emergency write and the same schedule', testOptions('coverage'), () =>
  // The run must have journaled emergency writes, seen refusals for the partition and
  // sent final approvals to a node in a minority, or its checks proved nothing.
  runChecked(isolateLeader, 'coverage', ['provisional', 'partitionRefusals', 'sentToMinority']),
);
