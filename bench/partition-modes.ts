/**
 * bench/partition-modes — rosterd's CP/AP behaviour through a partition, measured on a
 * three-node cluster of its own started with --fault-injection (docs/ARCHITECTURE.md,
 * CP and AP). etcd has no such mode, so these rows are rosterd's alone.
 *
 * One run, on one fresh cluster:
 * - warm-up: node X (a follower) is cut off (Admin.SetIsolation), journals a few hundred
 *   covers and refuses a few final approvals, is healed and reconciled; unmeasured, so
 *   V8 has compiled the journal and healing paths before anything is timed;
 * - cover at a follower: the cluster whole, `writes` sequential Cover calls to X, each
 *   forwarded to the leader and answered COMMITTED once X has applied it (the common
 *   case: a coordinator at a facility whose node does not lead);
 * - cover-1 / refused-1: X cut off again; once its Status says minority, `writes`
 *   sequential Cover calls to X (each journaled, fsynced, standing), then `refusals`
 *   sequential Assign calls to X (each answered UNAVAILABLE, key partitioned); then X
 *   is healed: the time until its journal is in the log is the one-side heal;
 * - cover-16: the same covers on an empty journal with 16 in flight, healed again;
 * - heal, two sides: X and Y (the two followers) are cut off together (each alone, so
 *   no node has a quorum), each journals `writes` covers, both are healed at once; the
 *   time from the heal to reconciled is until both journals are empty and all three
 *   nodes have applied the same index. A tenth of Y's covers name the person X covers
 *   in the same block, so those pairs meet in reconciliation: the earlier stamp stands,
 *   the other ends in conflict.
 *
 * Every measured cover goes to a distinct seat that stands (people of the node's own
 * facility in the reserved seats of the default pools, a fresh set of blocks per
 * round), so each one is a real journaled write, not a refusal.
 */
import { DEFAULT_POOL_TABLE } from '../node/schedule/index.ts';
import { ERROR_KEY } from '../node/errors.ts';
import { Cluster, sleep, waitFor } from '../test/cluster/harness.ts';
import { buildDaemon } from './systems/built-daemon.ts';

/** What one run does. */
export interface PartitionModesOptions {
  /** Covers per measured round (and per side in the two-sided heal). */
  readonly writes: number;
  /** Final approvals sent to the cut-off node. */
  readonly refusals: number;
  /** Requests in flight in the concurrent round. */
  readonly concurrency: number;
  /** Progress lines (stderr in the bench). */
  readonly progress: (line: string) => void;
}

/** Latencies of one round of calls; `errors` counts answers other than the expected one. */
export interface LatencySample {
  readonly count: number;
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly errors: number;
}

/** One heal: from Admin.SetIsolation({isolated:false}) to the journals reconciled everywhere. */
export interface HealSample {
  /** Nodes that held a journal. */
  readonly sides: number;
  readonly writesPerSide: number;
  /** Heal to both journals empty and every node at the same applied index. */
  readonly reconciledMs: number;
  /** Heal to all three nodes naming the same leader (the election, when one was needed). */
  readonly leaderMs: number;
  /** The healers' own figure on each journaled node: quorum seen to journal empty (log line "journal reconciled"). */
  readonly healerMs: number[];
  /** The round's emergency writes by status in the log after reconciliation. */
  readonly standing: number;
  readonly conflict: number;
  readonly other: number;
}

/** One run's results. */
export interface PartitionModesSample {
  /** Covers at a follower of a whole cluster (through Raft, answered from the log). */
  readonly coverFollower: LatencySample;
  readonly cover1: LatencySample;
  readonly cover16: LatencySample;
  readonly refused: LatencySample;
  readonly healOneSide: HealSample;
  readonly healTwoSides: HealSample;
}

/** How often the heal is polled: the resolution of the heal times. */
const HEAL_POLL_MS = 20;
/** Covers in the unmeasured warm-up round. */
const WARMUP_WRITES = 300;
/** Of Y's covers in the two-sided heal, every OVERLAP_EVERY-th names X's person. */
const OVERLAP_EVERY = 10;

/** The reserved seats of one facility's default pools, one entry per seat: covers there never borrow, so each stands. */
const SEATS: readonly string[] = DEFAULT_POOL_TABLE.filter((p) => !p.flex).flatMap((p) => Array.from({ length: p.reserved }, () => p.name));

/** The person covering seat `i` of a block at `facility`. */
const person = (facility: string, i: number): string => `${facility}-r${i % SEATS.length}`;

/** A cluster for these rows: defaults as in the comparison (25 ms ticks), fault injection on. */
export function startPartitionCluster(): Promise<Cluster> {
  buildDaemon();
  return Cluster.start({ tickMs: 25, daemon: 'built', flags: ['--fault-injection'] });
}

/** Runs every round once on `c` (fresh, from startPartitionCluster). */
export async function measurePartitionModes(c: Cluster, o: PartitionModesOptions): Promise<PartitionModesSample> {
  const ids = [...c.nodes.keys()].sort();
  const blocksPerRound = Math.ceil(Math.max(o.writes, WARMUP_WRITES) / SEATS.length);
  const rounds = ['warm', 'fol', 'seq', 'c16', 'two'] as const;
  await setUp(c, ids, rounds, blocksPerRound);
  const blockOf = (round: string, i: number): string => `${round}-${Math.floor(i / SEATS.length)}`;
  const cover = (round: string, at: string, i: number, who = person(at, i)) =>
    coverCall(c, at, `${round}-${at}-${i}`, { person: who, facility: at, pool: SEATS[i % SEATS.length]!, block: blockOf(round, i) });
  const refuse = (at: string, i: number) => refusal(c, at, { person: person(at, i), facility: at, pool: SEATS[i % SEATS.length]!, block: blockOf('seq', i) });

  const first = await c.waitForLeader();
  const x = ids.find((id) => id !== first)!;
  o.progress(`partition modes: leader ${first}, cutting off ${x}`);

  await isolate(c, [x]);
  await closedLoop(WARMUP_WRITES, o.concurrency, (i) => cover('warm', x, i));
  await closedLoop(Math.min(o.refusals, 200), 1, (i) => refuse(x, i));
  await heal(c, ids, [x], 0, 'warm');

  const coverFollower = await closedLoop(o.writes, 1, (i) => committedCover(c, x, `fol-${x}-${i}`, { person: person(x, i), facility: x, pool: SEATS[i % SEATS.length]!, block: blockOf('fol', i) }));
  o.progress(`partition modes: cover at a follower of a whole cluster: p50 ${coverFollower.p50Ms.toFixed(2)} ms p99 ${coverFollower.p99Ms.toFixed(2)} ms errors ${coverFollower.errors}`);

  await isolate(c, [x]);
  const cover1 = await closedLoop(o.writes, 1, (i) => cover('seq', x, i));
  o.progress(`partition modes: cover, 1 in flight: p50 ${cover1.p50Ms.toFixed(2)} ms p99 ${cover1.p99Ms.toFixed(2)} ms errors ${cover1.errors}`);
  const refused = await closedLoop(o.refusals, 1, (i) => refuse(x, i));
  o.progress(`partition modes: final approval refused: p50 ${refused.p50Ms.toFixed(2)} ms p99 ${refused.p99Ms.toFixed(2)} ms errors ${refused.errors}`);
  const healOneSide = await heal(c, ids, [x], o.writes, 'seq');
  o.progress(`partition modes: heal, one side of ${o.writes}: ${healOneSide.reconciledMs.toFixed(0)} ms`);

  await isolate(c, [x]);
  const cover16 = await closedLoop(o.writes, o.concurrency, (i) => cover('c16', x, i));
  o.progress(`partition modes: cover, ${o.concurrency} in flight: p50 ${cover16.p50Ms.toFixed(2)} ms p99 ${cover16.p99Ms.toFixed(2)} ms errors ${cover16.errors}`);
  await heal(c, ids, [x], o.writes, 'c16');

  // Leadership may have moved since: the two cut off are whichever two follow now.
  const leader = await c.waitForLeader();
  const [a, b] = ids.filter((id) => id !== leader) as [string, string];
  await isolate(c, [a, b]);
  await Promise.all([
    closedLoop(o.writes, o.concurrency, (i) => cover('two', a, i)),
    // Every OVERLAP_EVERY-th cover on b names a's person of the same seat and block: one of the pair must lose.
    closedLoop(o.writes, o.concurrency, (i) => cover('two', b, i, i % OVERLAP_EVERY === 0 ? person(a, i) : person(b, i))),
  ]);
  const healTwoSides = await heal(c, ids, [a, b], o.writes, 'two');
  o.progress(`partition modes: heal, two sides of ${o.writes}: ${healTwoSides.reconciledMs.toFixed(0)} ms (leader after ${healTwoSides.leaderMs.toFixed(0)} ms), ${healTwoSides.standing} standing, ${healTwoSides.conflict} in conflict`);
  return { coverFollower, cover1, cover16, refused, healOneSide, healTwoSides };
}

/** People of every facility (one per seat) and the blocks of every round, through the leader. */
async function setUp(c: Cluster, facilities: readonly string[], rounds: readonly string[], blocksPerRound: number): Promise<void> {
  const writes: [string, unknown][] = [];
  for (const f of facilities) {
    for (let i = 0; i < SEATS.length; i++) writes.push(['AddPerson', { person: { id: person(f, i), name: `Dr ${f} ${i}`, role: 'RESIDENT', homeFacility: f } }]);
  }
  for (const r of rounds) for (let k = 0; k < blocksPerRound; k++) writes.push(['AddBlock', { block: { id: `${r}-${k}`, start: '2027-01-04', end: '2027-01-31' } }]);
  for (const [method, req] of writes) {
    const r = await c.leaderCall('roster', method, req);
    if (!r.ok) throw new Error(`set-up ${method} failed: ${r.error.details}`);
  }
}

/** A Cover at `at`; true when it was journaled there and stands on that node's view. */
async function coverCall(c: Cluster, at: string, requestId: string, assignment: Record<string, string>): Promise<boolean> {
  const r = await c.node(at).call('roster', 'Cover', { header: { requestId }, assignment, reason: 'bench' }, 10_000);
  return r.ok && r.value.outcome === 'PROVISIONAL' && r.value.entry?.status?.kind === 'STANDING';
}

/** A Cover at `at` on a whole cluster; true when it was answered from the log (COMMITTED). */
async function committedCover(c: Cluster, at: string, requestId: string, assignment: Record<string, string>): Promise<boolean> {
  const r = await c.node(at).call('roster', 'Cover', { header: { requestId }, assignment, reason: 'bench' }, 10_000);
  return r.ok && r.value.outcome === 'COMMITTED';
}

/** A final approval at `at`; true when it was refused for the partition (UNAVAILABLE, key partitioned). */
async function refusal(c: Cluster, at: string, assignment: Record<string, string>): Promise<boolean> {
  const r = await c.node(at).call('roster', 'Assign', { assignment }, 10_000);
  return !r.ok && r.error.metadata[ERROR_KEY] === 'partitioned';
}

/** `count` calls with `concurrency` in flight; the latency of every call, expected answer or not. */
async function closedLoop(count: number, concurrency: number, one: (i: number) => Promise<boolean>): Promise<LatencySample> {
  const lat: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      const ok = await one(i);
      lat.push(performance.now() - t);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const elapsed = (performance.now() - start) / 1000;
  lat.sort((p, q) => p - q);
  const at = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { count, opsPerSec: lat.length / elapsed, p50Ms: at(0.5), p90Ms: at(0.9), p99Ms: at(0.99), maxMs: lat[lat.length - 1] ?? NaN, errors };
}

async function status(c: Cluster, id: string): Promise<Record<string, any> | undefined> {
  const r = await c.node(id).call('admin', 'Status', {}, 2000);
  return r.ok ? r.value : undefined;
}

/**
 * Cuts `nodes` off at once and waits until each says it is in a minority. First waits
 * until every node has applied the same index, so a cut-off node has the people and
 * blocks its covers name.
 */
async function isolate(c: Cluster, nodes: readonly string[]): Promise<void> {
  await waitFor(async () => {
    const st = await Promise.all([...c.nodes.keys()].map((id) => status(c, id)));
    return st.every((s) => s !== undefined && Number(s.appliedIndex) === Number(st[0]!.appliedIndex));
  }, 'every node at the same applied index');
  await Promise.all(nodes.map(async (id) => {
    const r = await c.node(id).call('admin', 'SetIsolation', { isolated: true });
    if (!r.ok) throw new Error(`SetIsolation on ${id}: ${r.error.details}`);
  }));
  for (const id of nodes) await waitFor(async () => (await status(c, id))?.partitionState === 'minority', `${id} in a minority`);
}

/**
 * Heals `nodes` at once and times it: until their journals are empty and every node has
 * applied the same index, polling every HEAL_POLL_MS. Then counts how the round's writes
 * stand in the log, as the first node in `ids` not healed now sees them.
 */
async function heal(c: Cluster, ids: readonly string[], nodes: readonly string[], writesPerSide: number, round: string): Promise<HealSample> {
  const wall0 = Date.now();
  const t0 = performance.now();
  await Promise.all(nodes.map(async (id) => {
    const r = await c.node(id).call('admin', 'SetIsolation', { isolated: false });
    if (!r.ok) throw new Error(`SetIsolation on ${id}: ${r.error.details}`);
  }));
  let leaderMs = NaN;
  let reconciledMs = NaN;
  const deadline = t0 + 60_000;
  while (Number.isNaN(reconciledMs)) {
    if (performance.now() > deadline) throw new Error(`the journals of ${nodes.join(', ')} were not reconciled within 60 s of the heal`);
    const st = await Promise.all(ids.map((id) => status(c, id)));
    const now = performance.now();
    if (st.every((s) => s !== undefined)) {
      const leaders = st.map((s) => s!.leader as string);
      if (Number.isNaN(leaderMs) && leaders[0] && leaders.every((l) => l === leaders[0])) leaderMs = now - t0;
      const applied = st.map((s) => Number(s!.appliedIndex));
      const journals = st.filter((s) => nodes.includes(s!.id as string)).map((s) => Number(s!.journalWrites));
      if (journals.every((j) => j === 0) && applied.every((a) => a === applied[0])) reconciledMs = now - t0;
    }
    if (Number.isNaN(reconciledMs)) await sleep(HEAL_POLL_MS);
  }
  const healerMs = nodes.map((id) => healerFigure(c, id, wall0));
  const observer = ids.find((id) => !nodes.includes(id)) ?? ids[0]!;
  const listed = await c.node(observer).call('roster', 'ListCoverage', { read: { stale: true } }, 10_000);
  if (!listed.ok) throw new Error(`ListCoverage on ${observer}: ${listed.error.details}`);
  const mine = (listed.value.entries as { id: string; status: { kind: string } }[]).filter((e) => e.id.startsWith(`${round}-`));
  const count = (kind: string) => mine.filter((e) => e.status.kind === kind).length;
  return {
    sides: nodes.length,
    writesPerSide,
    reconciledMs,
    leaderMs,
    healerMs,
    standing: count('STANDING'),
    conflict: count('CONFLICT'),
    other: mine.length - count('STANDING') - count('CONFLICT'),
  };
}

/** The healer's "journal reconciled after the partition healed" seconds on `id`, logged after `sinceWallMs`, in ms. */
function healerFigure(c: Cluster, id: string, sinceWallMs: number): number {
  let ms = NaN;
  for (const line of c.node(id).log().split('\n')) {
    if (!line.includes('journal reconciled after the partition healed')) continue;
    try {
      const rec = JSON.parse(line) as { time?: number; seconds?: number };
      if ((rec.time ?? 0) >= sinceWallMs && typeof rec.seconds === 'number') ms = rec.seconds * 1000;
    } catch {
      // a line cut short by a crash: not this run's figure
    }
  }
  return ms;
}
