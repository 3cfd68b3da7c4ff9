/**
 * bench/failover — time from kill -9 of the leader to the first write committed by
 * the new leader, over several runs on a real three-node cluster (default settings:
 * 25 ms ticks, election timeout 20-40 ticks). Prints each run and the median.
 *
 * `--election-ticks N` runs the cluster with another election timeout (N to 2N ticks), to
 * compare settings.
 *
 * Usage: npm run bench:failover -- [--runs N] [--election-ticks N]
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import { Cluster, sleep } from '../test/cluster/harness.ts';
import { buildDaemon } from './systems/built-daemon.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' }, 'election-ticks': { type: 'string' } } });
const RUNS = Number(values.runs);

buildDaemon();
const electionFlags = values['election-ticks'] ? ['--election-ticks', values['election-ticks']] : [];
const c = await Cluster.start({ tickMs: 25, daemon: 'built', flags: electionFlags });
const times: number[] = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const leader = await c.waitForLeader(20_000);
    const warm = await c.leaderCall('roster', 'AddBlock', { block: { id: `warm${run}`, start: '2026-01-01', end: '2026-01-02' } });
    if (!warm.ok) throw new Error(`warm-up write failed: ${JSON.stringify(warm)}`);
    const t0 = performance.now();
    await c.kill(leader, 'SIGKILL');
    for (let i = 0; ; i++) {
      const r = await c.leaderCall('roster', 'AddBlock', { block: { id: `after${run}-${i}`, start: '2026-01-01', end: '2026-01-02' } }, 500);
      if (r.ok) break;
    }
    const ms = performance.now() - t0;
    times.push(ms);
    console.log(`run ${run}: killed leader ${leader}; first committed write after ${ms.toFixed(0)} ms`);
    c.spawn(leader);
    await sleep(1500);
  }
} finally {
  await c.stop();
}
times.sort((a, b) => a - b);
console.log(`failover: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)}, max ${times[times.length - 1]!.toFixed(0)} over ${RUNS} runs (${os.cpus().length} cores; election timeout ${values['election-ticks'] ?? 'default'} ticks of 25 ms)`);
