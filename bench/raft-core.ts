/**
 * bench/raft-core — how many entries per second three in-memory Raft cores commit,
 * with batching: a client keeps `inflight` proposals outstanding; everything proposed
 * between two Ready cycles travels in one AppendEntries. Messages are delivered in
 * process (no serialization), storage is MemoryStorage: this measures the core alone.
 *
 * Usage: npm run bench:raft -- [--entries N] [--bytes B] [--inflight K] [--runs R]
 */
import { RaftCore } from '../node/raft/core.ts';
import { MemoryStorage } from '../node/raft/storage.ts';
import { SeededRandom } from '../node/raft/rand.ts';
import type { Message } from '../node/raft/types.ts';
import { parseArgs } from 'node:util';
import os from 'node:os';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '200000' },
    bytes: { type: 'string', default: '256' },
    inflight: { type: 'string', default: '1024' },
    runs: { type: 'string', default: '5' },
  },
});
const ENTRIES = Number(values.entries);
const BYTES = Number(values.bytes);
const INFLIGHT = Number(values.inflight);
const RUNS = Number(values.runs);

function runOnce(seed: number): { seconds: number; messages: number } {
  const ids = ['A', 'B', 'C'];
  const random = new SeededRandom(seed);
  const stores = new Map(ids.map((id) => [id, new MemoryStorage({ voters: ids, learners: [] })]));
  const cores = new Map(ids.map((id) => [id, new RaftCore({ id, storage: stores.get(id)!, random })]));
  let queue: Message[] = [];
  let messages = 0;
  let committed = 0;
  const payload = new Uint8Array(BYTES).fill(7);

  const cycle = (): boolean => {
    let progress = false;
    for (const [id, core] of cores) {
      if (!core.hasReady()) continue;
      progress = true;
      const rd = core.ready();
      const st = stores.get(id)!;
      st.append(rd.entries);
      if (rd.hardState) st.setHardState(rd.hardState);
      for (const m of rd.messages) queue.push(m);
      for (const m of rd.persistedMessages) queue.push(m);
      if (id === leaderId) committed += rd.committedEntries.length;
      core.advance(rd);
    }
    const batch = queue;
    queue = [];
    for (const m of batch) cores.get(m.to)!.step(m);
    messages += batch.length;
    return progress || batch.length > 0;
  };

  let leaderId = 'A';
  while (cycle()) {} // apply the bootstrap membership first
  cores.get('A')!.campaign();
  while (cycle()) {}
  const leader = cores.get(leaderId)!;
  if (leader.status().role !== 'leader') throw new Error('no leader');
  const base = committed;
  let proposed = 0;
  const start = process.hrtime.bigint();
  while (committed - base < ENTRIES) {
    while (proposed - (committed - base) < INFLIGHT && proposed < ENTRIES) {
      const r = leader.propose(payload);
      if (!r.ok) throw new Error(`proposal refused: ${r.reason}`);
      proposed++;
    }
    cycle();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, messages };
}

const rates: number[] = [];
runOnce(99); // warm-up: JIT
for (let r = 0; r < RUNS; r++) {
  const { seconds, messages } = runOnce(r + 1);
  rates.push(ENTRIES / seconds);
  console.log(`run ${r + 1}: ${ENTRIES} entries in ${seconds.toFixed(3)} s = ${Math.round(ENTRIES / seconds)} entries/s (${messages} messages)`);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;
console.log(
  `raft-core: median ${Math.round(median)} committed entries/s over ${RUNS} runs ` +
    `(3 in-memory cores, ${BYTES}-byte entries, ${INFLIGHT} in flight; ${os.cpus().length} cores, node ${process.version})`,
);
