/**
 * The randomized partition soak: a seed picks a profile (network faults, fault rates,
 * three or five facilities), then clients send final approvals and emergency coverage
 * to random facilities while partitions (one cut off, a 2|1 or 3|2 split, everyone
 * alone, a bridge node that sees both sides) come and go and journaling nodes crash.
 * At the end everything heals and restarts, the cluster converges, and the checks run:
 *
 * - every acknowledged emergency write is in the log on every node (standing, confirmed,
 *   withdrawn or in conflict): none lost;
 * - every acknowledged final approval is in the log at the index it was acknowledged at;
 * - every node holds the same schedule bytes;
 * - replaying the committed log with the journals' submissions permuted gives the same
 *   schedule and statuses;
 * - every final approval sent to a node in a minority was refused at once, naming the
 *   partition.
 */
import { NotLeaderError, PartitionError } from '../../../node/errors.ts';
import { SeededRandom } from '../../../node/raft/rand.ts';
import { decodeCommand, MAX_WRITES_PER_RECONCILE, ScheduleMachine, type CoverageOp, type CoverageWrite, type Op } from '../../../node/schedule/index.ts';
import type { ScheduleService } from '../../../node/service/schedule-service.ts';
import { RELIABLE, type NetworkFaults } from '../../raft/sim/network.ts';
import { ModesCluster, settled } from './cluster.ts';

export interface ModesSoakOptions {
  readonly seed: number;
  readonly steps: number;
}

export const DEFAULT_MODES_STEPS = 800;

export function modesReplay(o: ModesSoakOptions): string {
  return `npm run sim:modes -- --seed ${o.seed} --steps ${o.steps}`;
}

const PEOPLE = Array.from({ length: 16 }, (_, i) => `p${i + 1}`);
const BLOCKS = ['b1', 'b2', 'b3'];
const POOLS = ['ICU', 'Clinic', 'Flex'];

const LOSSY: NetworkFaults = { dropRate: 0.03, dupRate: 0.02, minDelaySteps: 1, maxDelaySteps: 3, longDelayRate: 0.01, longDelaySteps: 15 };

/** A failed check: names it, the seed and the replay command. */
export class ModesViolation extends Error {
  override readonly name = 'ModesViolation';
}

export interface ModesSoakResult {
  readonly cluster: ModesCluster;
  readonly counts: Record<string, number>;
}

export async function runModesSoak(o: ModesSoakOptions): Promise<ModesSoakResult> {
  const profile = new SeededRandom((o.seed ^ 0x0ddba11) >>> 0);
  const nodes = profile.next() < 0.25 ? 5 : 3;
  const faults = profile.next() < 0.5 ? RELIABLE : LOSSY;
  const crashRate = [0, 0.002, 0.005][profile.intn(3)]!;
  const c = new ModesCluster({ seed: o.seed, nodes, faults });
  const rng = c.rng;
  const pick = <T>(xs: readonly T[]): T => xs[rng.intn(xs.length)]!;
  const fail = (what: string): never => {
    throw new ModesViolation(`${what} (seed ${o.seed}, step ${c.now})\n  replay: ${modesReplay(o)}`);
  };
  // A check failing inside a client's callback is raised at the end of the step.
  const violations: string[] = [];
  const note = (what: string): void => {
    violations.push(what);
  };
  const counts: Record<string, number> = { cpAcked: 0, cpRefusedMinority: 0, apCommitted: 0, apJournaled: 0, apRefused: 0, partitions: 0, crashes: 0 };

  // Setup: people and blocks, through the leader.
  await c.runUntil(() => c.leader() !== undefined, 1000, 'first leader');
  for (const p of PEOPLE) await settled(c, c.leader()!.service!.write({ kind: 'addPerson', person: { id: p, name: `Dr ${p}`, role: 'faculty', homeFacility: pick(c.ids()) } }, {}), 2000);
  for (const b of BLOCKS) await settled(c, c.leader()!.service!.write({ kind: 'addBlock', block: { id: b, start: '2026-07-01', end: '2026-07-28' } }, {}), 2000);

  const cpAcked: { requestId: string; index: number }[] = [];
  const apAcked = new Set<string>();
  /** (person, block) of acknowledged covers: what withdrawals name. */
  const coveredSlots = new Set<{ person: string; block: string }>();
  /** Requests not answered yet: id -> the node asked, and what, where, when. */
  const waiting = new Map<string, { node: string; what: string }>();
  /** A crash takes the node's open requests with it: their clients never hear (as a broken connection). */
  const crash = (id: string): void => {
    c.crash(id);
    for (const [req, w] of waiting) if (w.node === id) waiting.delete(req);
  };
  let seq = 0;

  const finalOp = (): Op => {
    const roll = rng.next();
    const person = pick(PEOPLE);
    const block = pick(BLOCKS);
    if (roll < 0.45) return { kind: 'assign', assignment: { person, facility: pick(c.ids()), pool: pick(POOLS), block } };
    if (roll < 0.8) return { kind: 'unassign', person, block };
    return { kind: 'move', person, block, toPerson: '', toFacility: pick(c.ids()), toPool: pick(POOLS) };
  };

  const sendFinal = (via: string, op: Op, requestId: string, retry: boolean): void => {
    const node = c.node(via);
    const service = node.service;
    if (!service) return;
    const minority = node.replica!.partition().state === 'minority';
    const sentAt = c.now;
    waiting.set(requestId, { node: via, what: `final ${op.kind} at ${via} sent at step ${sentAt}` });
    service.write(op, { requestId }).then(
      (r) => {
        if (!waiting.delete(requestId)) return;
        counts.cpAcked!++;
        cpAcked.push({ requestId, index: r.result.appliedAt ?? r.index });
      },
      (e: unknown) => {
        if (!waiting.delete(requestId)) return;
        if (e instanceof PartitionError) {
          counts.cpRefusedMinority!++;
          if (c.now - sentAt > 0) note(`a final approval at ${via} was refused for the partition only after ${c.now - sentAt} steps`);
        } else if (minority) {
          // Sent to a node that knew it was in a minority: it must have been refused at once for that.
          note(`a final approval sent to ${via} in a minority was answered ${String(e)} instead of a partition refusal`);
        }
        if (e instanceof NotLeaderError && retry && e.leaderId && c.node(e.leaderId).alive) sendFinal(e.leaderId, op, requestId, false);
      },
    );
  };

  const sendCover = (via: string, service: ScheduleService, op: CoverageOp, id: string): void => {
    waiting.set(id, { node: via, what: `emergency ${op.kind} at ${via} sent at step ${c.now}` });
    service.cover(op, { requestId: id, reason: 'sim' }).then(
      (r) => {
        if (!waiting.delete(id)) return;
        if (r.kind === 'committed') counts.apCommitted!++;
        else if (r.kind === 'journaled') counts.apJournaled!++;
        if (r.kind !== 'unchanged') apAcked.add(id);
        if (op.kind === 'cover' && r.kind !== 'unchanged') coveredSlots.add({ person: op.assignment.person, block: op.assignment.block });
      },
      () => {
        if (!waiting.delete(id)) return;
        counts.apRefused!++;
      },
    );
  };

  for (let i = 0; i < o.steps; i++) {
    const live = c.live();
    if (live.length > 0 && rng.next() < 0.12) sendFinal(pick(live).id, finalOp(), `cp-${o.seed}-${++seq}`, true);
    if (live.length > 0 && rng.next() < 0.12) {
      const n = pick(live);
      // Withdrawals mostly name a cover that was acknowledged, so they have something to withdraw.
      const covered = [...coveredSlots];
      const withdraw = covered.length > 0 && rng.next() < 0.25 ? pick(covered) : undefined;
      const op: CoverageOp = withdraw
        ? { kind: 'uncover', person: withdraw.person, block: withdraw.block }
        : { kind: 'cover', assignment: { person: pick(PEOPLE), facility: pick(c.ids()), pool: pick(POOLS), block: pick(BLOCKS) } };
      sendCover(n.id, n.service!, op, `ap-${o.seed}-${++seq}`);
    }
    // Faults, then a calm stretch every 200 steps so the cluster heals between storms.
    if (i % 200 < 150) {
      if (rng.next() < 0.01) {
        counts.partitions!++;
        const ids = c.ids();
        const kind = rng.intn(4);
        if (kind === 0) c.isolate(pick(ids));
        else if (kind === 1) {
          const shuffled = [...ids].sort(() => rng.next() - 0.5);
          const cut = 1 + rng.intn(ids.length - 1);
          c.split(shuffled.slice(0, cut), shuffled.slice(cut));
        } else if (kind === 2) c.split(...ids.map((id) => [id]));
        else c.bridge(pick(ids));
      }
      if (rng.next() < 0.008) c.heal();
      if (rng.next() < crashRate) {
        // Journaling nodes first: they hold acknowledged writes only on their disk.
        const journaling = c.live().filter((n) => n.journalDisk.size > 0);
        const victim = journaling.length > 0 ? pick(journaling) : pick(c.live());
        if (victim && c.live().length > 1) {
          crash(victim.id);
          counts.crashes!++;
        }
      }
    } else if (i % 200 === 150) {
      c.heal();
    }
    for (const n of c.nodes.values()) if (!n.alive && rng.next() < 0.03) c.restart(n.id);
    // Requests answered at once (a refusal) are answered within the step they were sent in.
    await c.settle();
    if (violations.length > 0) fail(violations[0]!);
    await c.step();
  }

  c.heal();
  for (const n of c.nodes.values()) if (!n.alive) c.restart(n.id);
  try {
    await c.runUntil(() => c.converged() && waiting.size === 0, 6000, 'convergence after the final heal');
  } catch (e) {
    fail(`${(e as Error).message}; ${c.describe()}; unanswered: ${[...waiting.values()].slice(0, 3).map((w) => w.what).join(', ') || 'none'}`);
  }
  await c.run(20);
  if (violations.length > 0) fail(violations[0]!);
  check(c, cpAcked, apAcked, fail);
  return { cluster: c, counts };
}

function check(c: ModesCluster, cpAcked: readonly { requestId: string; index: number }[], apAcked: ReadonlySet<string>, fail: (what: string) => never): void {
  const machines = c.live().map((n) => ({ id: n.id, s: n.replica!.appliedState().state.schedule }));
  // No acknowledged emergency write lost.
  for (const id of apAcked) {
    for (const { id: node, s } of machines) if (!s.coverageRecord(id)) fail(`emergency write ${id} was acknowledged but ${node} has no record of it`);
  }
  // No acknowledged final approval lost.
  for (const a of cpAcked) {
    const h = c.history.get(a.index);
    if (h?.requestId !== a.requestId) fail(`final approval ${a.requestId} was acknowledged at index ${a.index}, where the log holds ${h?.requestId ?? 'nothing'}`);
  }
  // The same schedule everywhere.
  const bytes = machines.map((m) => Buffer.from(m.s.snapshot()).toString('base64'));
  if (new Set(bytes).size !== 1) fail(`nodes hold different schedules: ${machines.map((m) => m.id).join(', ')}`);
  // The outcome depends only on the final approvals and the set of emergency writes:
  // replay the final approvals in log order, then every emergency write that entered the
  // log, grouped by facility in several orders; the schedule and every write's status
  // must be what the cluster reached incrementally.
  const indexes = [...c.history.keys()].sort((a, b) => a - b);
  const commands = indexes.map((i) => decodeCommand(c.history.get(i)!.bytes));
  const finals = commands.map((cmd, k) => ({ cmd, index: indexes[k]! })).filter(({ cmd }) => cmd.op.kind !== 'coverage' && cmd.op.kind !== 'reconcile');
  const book = machines[0]!.s.coverage();
  const describe = (m: ScheduleMachine): string =>
    JSON.stringify({ schedule: m.listBlocks().map((b) => m.getSchedule(b.id)), coverage: m.coverage().map((r) => ({ id: r.write.id, status: r.status })) });
  const actual = describe(machines[0]!.s);
  const byFacility = new Map<string, CoverageWrite[]>();
  for (const r of book) byFacility.set(r.write.facility, [...(byFacility.get(r.write.facility) ?? []), r.write]);
  const groups = [...byFacility.entries()];
  for (const order of [groups, [...groups].reverse()]) {
    const m = new ScheduleMachine(c.facilities);
    for (const { cmd, index } of finals) m.apply(cmd, index);
    let index = (indexes.at(-1) ?? 0) + 1;
    for (const [facility, writes] of order) {
      for (let i = 0; i < writes.length; i += MAX_WRITES_PER_RECONCILE) {
        m.apply({ requestId: `replay-${facility}-${i}`, issuer: facility, timestampMs: 0, op: { kind: 'reconcile', facility, writes: writes.slice(i, i + MAX_WRITES_PER_RECONCILE) } }, index++);
      }
    }
    if (describe(m) !== actual) fail('the final approvals with the emergency writes laid down afresh, in another order, give another outcome than the cluster reached');
  }
}
