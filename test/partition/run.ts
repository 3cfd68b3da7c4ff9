/**
 * One partition run: a fresh namespace cluster of three facilities, a workload of
 * concurrent clients, one nemesis, then the checks. Everything random comes from the seed.
 *
 * Timeline:
 *   up -> start A, B, C -> leader -> workload setup -> clients start
 *   -> warm-up -> nemesis for `faultMs` -> heal all (the last fault heals at `healedAt`)
 *   -> probe: a write must commit within `recoveryBoundMs` of `healedAt`
 *   -> cool-down (clients on a healthy cluster) -> clients stop
 *   -> kill -9 of every node, restart of all -> final linearizable reads
 *   -> checks: linearizable (per schedule cell, or per block's lock for the lock workload;
 *      final reads included), no acknowledged write missing, every node on the same
 *      schedule and the same applied index, and the workload's own checks (finalChecks:
 *      the coverage workload's emergency writes, partition refusals and journals).
 * Each run ends with one verdict line naming its seed. Data and logs are removed when
 * the run passes and kept (path printed) when it fails.
 */
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync, existsSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { check } from '../lin/check.ts';
import { formatCounterexample } from '../lin/format.ts';
import { assertPrerequisites, downSync, net } from './netns.ts';
import { healAll, type Nemesis } from './nemesis.ts';
import { NetnsCluster, sleep } from './nodes.ts';
import { SeededRandom } from './rng.ts';
import type { WorkloadContext } from './workload.ts';
import { DEFAULT_WORKLOAD, workloadByName, type WorkloadSpec } from './workloads.ts';

export interface RunOptions {
  readonly nemesis: Nemesis;
  readonly seed: number;
  /** How long the nemesis injects faults (ms). */
  readonly faultMs: number;
  /** Concurrent logical clients. */
  readonly clients?: number;
  /** Healthy workload before the first fault and after the last heal (ms). */
  readonly warmupMs?: number;
  readonly cooldownMs?: number;
  /** A write must commit within this long after the last fault heals (ms). */
  readonly recoveryBoundMs?: number;
  /** Keep data, logs and history even when the run passes. */
  readonly keep?: boolean;
  /** Lines of progress and the verdict go here (default: stdout). */
  readonly print?: (line: string) => void;
  /** The workload (default: the schedule workload; workloads.ts names them all). */
  readonly workload?: WorkloadSpec;
}

export interface RunReport {
  readonly seed: number;
  readonly nemesis: string;
  readonly passed: boolean;
  /** `partition nemesis=... seed=...: PASS|FAIL ...`, one line. */
  readonly verdict: string;
  /** One entry per failed check, with details (counterexample, lost writes, ...). */
  readonly failures: string[];
  readonly operations: number;
  /** Operations the linearizability checker judged (ok + unknown, final reads included). */
  readonly checkedOperations: number;
  readonly faultMinutes: number;
  /** Where data, logs and the history are, when kept. */
  readonly keptDir?: string;
  /** The workload's counts of what the run exercised (Workload.tallies), if it keeps any. */
  readonly tallies?: Readonly<Record<string, number>>;
}

const DEFAULTS = { clients: 6, warmupMs: 1500, cooldownMs: 2000, recoveryBoundMs: 10_000 };
/** Wait for the first leader of a fresh cluster (tsx start-up is slow on 2 cores). */
const START_TIMEOUT_MS = 45_000;
/** Bound on nodes agreeing on schedule and applied index after the restart. */
const CONVERGE_TIMEOUT_MS = 30_000;
/** Bound on the linearizability check. */
const CHECK_TIMEOUT_MS = 120_000;
const LOCK_FILE = '/run/rosterd-partition.lock';
const LOCK_WAIT_MS = 10 * 60_000;
/** A lock file without a pid older than this was left by a process that died taking it. */
const LOCK_WRITE_GRACE_MS = 5000;

/** The replay command for a run. */
export function replayCommand(nemesis: string, seed: number, faultMs: number, workload: string = DEFAULT_WORKLOAD): string {
  const w = workload === DEFAULT_WORKLOAD ? '' : ` --workload ${workload}`;
  return `npm run test:partition --${w} --nemesis ${nemesis} --seed ${seed} --fault-seconds ${Math.round(faultMs / 1000)}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes the machine's partition lock if no live process holds it: a release function,
 * or the pid of the live holder (0: a process is taking it this moment).
 */
function tryLock(): { release: () => void } | { holder: number } {
  for (let i = 0; i < 100; i++) {
    try {
      const fd = openSync(LOCK_FILE, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        release: () => {
          try {
            if (readFileSync(LOCK_FILE, 'utf8') === String(process.pid)) unlinkSync(LOCK_FILE);
          } catch {
            // gone already
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder = NaN;
      let ageMs = 0;
      try {
        holder = Number(readFileSync(LOCK_FILE, 'utf8').trim() || NaN);
        ageMs = Date.now() - statSync(LOCK_FILE).mtimeMs;
      } catch {
        continue; // released between the calls
      }
      if (Number.isInteger(holder) && holder > 0 && pidAlive(holder)) return { holder };
      // No pid yet: its taker is between creating the file and writing to it.
      if (!Number.isInteger(holder) && ageMs < LOCK_WRITE_GRACE_MS) return { holder: 0 };
      try {
        unlinkSync(LOCK_FILE); // left by a run that died
      } catch {
        // another process removed it first
      }
    }
  }
  throw new Error(`could not take or read ${LOCK_FILE}`);
}

/** One partition run at a time on a machine: the namespaces and subnet are shared. */
async function acquireLock(): Promise<() => void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const r = tryLock();
    if ('release' in r) return r.release;
    if (Date.now() > deadline) throw new Error(`another partition run (pid ${r.holder}) holds ${LOCK_FILE}`);
    await sleep(500);
  }
}

/**
 * Removes what a run that died left behind (`cluster.sh down`), holding the lock while
 * it does; when another process's run holds the lock, its namespaces and nodes are in
 * use (a second suite on the same machine) and nothing is touched.
 */
export function downUnlessInUse(): void {
  const r = tryLock();
  if (!('release' in r)) return;
  try {
    downSync();
  } finally {
    r.release();
  }
}

export async function runOnce(o: RunOptions): Promise<RunReport> {
  assertPrerequisites();
  const print = o.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clients = o.clients ?? DEFAULTS.clients;
  const warmupMs = o.warmupMs ?? DEFAULTS.warmupMs;
  const cooldownMs = o.cooldownMs ?? DEFAULTS.cooldownMs;
  const recoveryBoundMs = o.recoveryBoundMs ?? DEFAULTS.recoveryBoundMs;
  const spec = o.workload ?? workloadByName(DEFAULT_WORKLOAD);
  // Verdicts of the default workload keep their original form.
  const tag = `${spec.name === DEFAULT_WORKLOAD ? '' : `workload=${spec.name} `}nemesis=${o.nemesis.name} seed=${o.seed}`;
  const release = await acquireLock();
  const dir = mkdtempSync(path.join(os.tmpdir(), `rosterd-partition-${spec.name === DEFAULT_WORKLOAD ? '' : `${spec.name}-`}${o.nemesis.name}-`));
  const rng = new SeededRandom(o.seed);
  const cluster = new NetnsCluster(dir, ['A', 'B', 'C']);
  const ctx: WorkloadContext = { cluster, rng: rng.fork('workload'), runId: `r${o.seed}` };
  const workload = spec.create(ctx);
  const events: string[] = [];
  const log = (event: string): void => {
    events.push(`${workload.history.now().toFixed(0).padStart(7)} ms  ${event}`);
  };
  const onExit = (): void => {
    cluster.killAllSync();
    downSync();
  };
  // Ctrl-C or a kill of the runner: no node, namespace or rule outlives it.
  const onSignal = (signal: NodeJS.Signals): void => {
    onExit();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const failures: string[] = [];
  let checkedOperations = 0;
  let faultMs = 0;
  let stats = '';
  print(`partition ${tag}: starting (${o.nemesis.description}, ${(o.faultMs / 1000).toFixed(0)} s of faults, ${clients} clients; data in ${dir})`);
  try {
    await net.up(3);
    log(`netem backend: ${await net.backend()}`);
    for (const id of cluster.ids) cluster.start(id);
    log(`leader ${await cluster.waitForLeader(START_TIMEOUT_MS)}`);
    await workload.setup();
    log('setup done');

    let stopped = false;
    const running = Array.from({ length: clients }, (_, i) => workload.runClient(i, () => stopped));
    if (workload.watch) running.push(workload.watch(() => stopped));
    try {
      await sleep(warmupMs);
      const faultStart = workload.history.now();
      await o.nemesis.run({ cluster, net, rng: rng.fork('nemesis'), now: () => workload.history.now(), log }, faultStart + o.faultMs);
      await healAll(cluster, net, log);
      const healedAt = workload.history.now();
      faultMs = healedAt - faultStart;

      // Recovery: a write commits within the bound after the last fault healed.
      const probe = await cluster.leaderCall('AddPerson', { header: { requestId: `r${o.seed}-probe` }, person: { id: 'probe', name: 'Recovery probe', role: 'FACULTY', homeFacility: 'B' } }, recoveryBoundMs + 5000);
      const recoveredMs = workload.history.now() - healedAt;
      log(probe.ok ? `probe write committed ${recoveredMs.toFixed(0)} ms after heal` : `probe write failed: ${probe.error.details}`);
      if (!probe.ok || recoveredMs > recoveryBoundMs) {
        failures.push(`recovery: no write committed within ${recoveryBoundMs} ms after the last fault healed (${probe.ok ? `took ${recoveredMs.toFixed(0)} ms` : probe.error.details})`);
      }
      stats = `recovered in ${recoveredMs.toFixed(0)} ms`;
      await sleep(cooldownMs);
    } finally {
      stopped = true;
      await Promise.all(running);
    }
    log('clients stopped');

    // Full restart: every node killed at once, then all started on their data.
    for (const id of cluster.ids) await cluster.kill(id);
    log('kill -9 all');
    for (const id of cluster.ids) cluster.start(id);
    log(`restart all; leader ${await cluster.waitForLeader(START_TIMEOUT_MS)}`);
    await workload.recordFinalReads();
    log('final reads done');

    // Convergence: same applied index and the same schedule on every node.
    const converged = await waitForConvergence(cluster.ids, (id) => workload.localState(id), CONVERGE_TIMEOUT_MS);
    if (converged.ok) log(`converged at applied index ${converged.applied}`);
    else failures.push(`convergence: ${converged.why}`);

    if (workload.finalChecks) {
      const own = await workload.finalChecks();
      failures.push(...own);
      log(`${workload.name} checks: ${own.length === 0 ? 'all hold' : `${own.length} failed`}`);
    }

    const lost = workload.lostWrites();
    if (lost.length > 0) failures.push(`lost acknowledged writes (${lost.length}):\n    ${lost.slice(0, 10).join('\n    ')}`);
    if (workload.unexpected.length > 0) {
      failures.push(`errors outside rosterd's contract (${workload.unexpected.length}):\n    ${workload.unexpected.slice(0, 10).join('\n    ')}`);
    }

    const h = workload.history.forChecker();
    checkedOperations = h.length;
    const checkStarted = performance.now();
    const verdict = check(workload.model, h, { timeoutMs: CHECK_TIMEOUT_MS });
    log(`linearizability check (${workload.model.name}) of ${h.length} operations took ${(performance.now() - checkStarted).toFixed(0)} ms`);
    if (verdict.linearizable === false) {
      failures.push(`not linearizable (${workload.partitionKind ?? 'cell'} ${verdict.counterexample.partition}):\n${formatCounterexample(workload.model, verdict.counterexample, '    ')}`);
    } else if (verdict.linearizable === 'unknown') {
      failures.push(`linearizability undecided: ${verdict.reason}`);
    }
    const c = workload.history.counts();
    stats = `${workload.history.ops.length} ops (ok ${c.ok}, fail ${c.fail}, unknown ${c.unknown}) on ${workload.scope()}, ${stats}${converged.ok ? `, converged at index ${converged.applied}` : ''}`;
  } catch (e) {
    failures.push(`run aborted: ${(e as Error).stack ?? String(e)}`);
  } finally {
    process.removeListener('exit', onExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cluster.stopAll().catch(() => undefined);
    await net.down().catch(() => downSync());
    release();
  }

  const passed = failures.length === 0;
  const faultText = `${(faultMs / 1000).toFixed(1)} s of faults`;
  const verdict = passed
    ? `partition ${tag}: PASS ${stats}; ${faultText}`
    : `partition ${tag}: FAIL ${failures.map((f) => f.split('\n')[0]!.replace(/:$/, '')).join('; ')}; ${faultText}; replay: ${replayCommand(o.nemesis.name, o.seed, o.faultMs, spec.name)}`;
  let keptDir: string | undefined;
  if (!passed || o.keep) {
    writeFileSync(path.join(dir, 'events.log'), `${events.join('\n')}\n`);
    writeFileSync(path.join(dir, 'history.json'), JSON.stringify(workload.history.ops, (_k, v) => (v === Infinity ? 'pending' : v), 1));
    for (const [file, value] of Object.entries(workload.artifacts?.() ?? {})) writeFileSync(path.join(dir, file), JSON.stringify(value, null, 1));
    writeFileSync(path.join(dir, 'verdict.txt'), `${verdict}\n\n${failures.join('\n\n')}\n`);
    keptDir = dir;
  } else if (existsSync(dir)) {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!passed) {
    print(`partition ${tag}: events:\n  ${events.join('\n  ')}`);
    for (const f of failures) print(`partition ${tag}: ${f}`);
    print(`partition ${tag}: data, node logs, history and events kept in ${keptDir}`);
  }
  print(verdict);
  return {
    seed: o.seed,
    nemesis: o.nemesis.name,
    passed,
    verdict,
    failures,
    operations: workload.history.ops.length,
    checkedOperations,
    faultMinutes: faultMs / 60_000,
    ...(keptDir ? { keptDir } : {}),
    ...(workload.tallies ? { tallies: workload.tallies() } : {}),
  };
}

type Convergence = { ok: true; applied: number } | { ok: false; why: string };

/** Polls every node's local state until all report the same applied index and the same state. */
async function waitForConvergence(
  ids: readonly string[],
  localState: (id: string) => Promise<{ applied: number; state: string } | undefined>,
  timeoutMs: number,
): Promise<Convergence> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const views = await Promise.all(ids.map((id) => localState(id)));
    if (views.every((v) => v !== undefined)) {
      const applied = new Set(views.map((v) => v!.applied));
      const states = new Set(views.map((v) => v!.state));
      if (applied.size === 1 && states.size === 1) return { ok: true, applied: views[0]!.applied };
      last = `applied indexes ${ids.map((id, i) => `${id}=${views[i]!.applied}`).join(' ')}; ${states.size} distinct schedules`;
      if (applied.size === 1 && states.size > 1) {
        return { ok: false, why: `same applied index ${views[0]!.applied} but different schedules: ${diffStates(ids, views.map((v) => v!.state))}` };
      }
    } else {
      last = `unreadable: ${ids.filter((_, i) => views[i] === undefined).join(',')}`;
    }
    await sleep(250);
  }
  return { ok: false, why: `nodes did not converge within ${timeoutMs} ms (${last})` };
}

function diffStates(ids: readonly string[], states: string[]): string {
  const split = states.map((s) => s.split(' '));
  const first = split[0]!;
  for (let b = 0; b < first.length; b++) {
    const row = split.map((s) => s[b]);
    if (new Set(row).size > 1) return ids.map((id, i) => `${id}: ${row[i]}`).join(' | ');
  }
  return 'block lists differ';
}
