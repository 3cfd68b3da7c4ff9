/**
 * The production driver (node/replica) in one process, over in-memory twins of disk,
 * network and time, with the schedule as its state machine. The simulation
 * (test/raft/sim) drives the same class under random faults; these pin down the
 * client-facing behaviour in a few readable scenarios, each in milliseconds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotLeaderError, OutcomeUnknownError } from '../../node/errors.ts';
import { IDS, InProcessCluster } from './in-process-cluster.ts';

const person = (id: string) => ({ kind: 'addPerson' as const, person: { id, name: `Dr ${id}`, role: 'resident' as const, homeFacility: 'A' } });

test('a write on the leader is committed, answered with its index and result, and applied on every replica', async () => {
  const c = new InProcessCluster(1);
  const leader = await c.waitLeader();
  const committed = await Promise.race([leader.propose(c.command(person('p1'))), c.run(1000).then(() => assert.fail('no answer'))]);
  assert.ok(committed.index > 0);
  assert.equal(committed.result?.ok, true);
  await c.until(() => c.live().every((r) => r.appliedState().applied >= committed.index), 'every replica applying the write');
  for (const r of c.live()) assert.ok(r.appliedState().state.schedule.listPeople().some((p) => p.id === 'p1'), 'every replica holds p1');
});

test('a follower answers a write with NotLeader naming the leader, and proposes nothing', async () => {
  const c = new InProcessCluster(2);
  const leader = await c.waitLeader();
  await c.until(() => c.live().every((r) => r.leaderId() === leader.status().id), 'followers knowing the leader');
  const follower = c.live().find((r) => r !== leader)!;
  const lastIndex = follower.status().lastIndex;
  const refused = assert.rejects(follower.propose(c.command(person('p2'))), (e: unknown) => e instanceof NotLeaderError && e.leaderId === leader.status().id && e.leaderAddress === `memory:${leader.status().id}`);
  await c.run(5);
  await refused;
  assert.equal(follower.status().lastIndex, lastIndex);
});

test('a write a follower forwards is applied there without waiting for a heartbeat: the leader tells it of the commit at once', async () => {
  const c = new InProcessCluster(3);
  const leader = await c.waitLeader();
  await c.until(() => c.live().every((r) => r.leaderId() === leader.status().id), 'followers knowing the leader');
  const follower = c.live().find((r) => r !== leader)!;
  let forwardedTo = '';
  follower.forward(c.command(person('p3')), {
    committed: () => assert.fail('a follower is not answered by the leader'),
    failed: (e) => assert.fail(`refused: ${e.message}`),
    forwarded: (to) => {
      forwardedTo = to;
    },
  });
  // The clock stands still from here: only deliveries and disk completions run.
  await c.settleFrozen();
  assert.equal(forwardedTo, leader.status().id);
  assert.ok(
    follower.appliedState().state.schedule.listPeople().some((p) => p.id === 'p3'),
    `the forwarder has applied its write (commit ${follower.status().commit}, leader's ${leader.status().commit})`,
  );
});

test('a linearizable read on a follower sees every write acknowledged before it began (read barrier, Raft thesis §6.4)', async () => {
  const c = new InProcessCluster(3);
  const leader = await c.waitLeader();
  const follower = c.live().find((r) => r !== leader)!;
  const pending = leader.propose(c.command(person('p3')));
  let acked = false;
  void pending.then(() => (acked = true));
  await c.until(() => acked, 'the write acknowledged');
  // The follower may not have applied it yet; the barrier waits until it has.
  let seen: boolean | undefined;
  void follower.read((s) => s.schedule.listPeople().some((p) => p.id === 'p3'), false).then((r) => (seen = r.value));
  await c.until(() => seen !== undefined, 'the read served');
  assert.equal(seen, true);
});

test('a follower whose ReadIndex request is lost asks again, and the read is served well within a client deadline', async () => {
  const c = new InProcessCluster(3);
  const leader = await c.waitLeader();
  const follower = c.live().find((r) => r !== leader)!;
  let lost = 0;
  const stop = c.net.loseWhere((m) => m.type === 'readIndex' && lost++ === 0);
  const began = c.clock.elapsedMs;
  let seen: number | undefined;
  void follower.read(() => true, false).then(() => (seen = c.clock.elapsedMs));
  await c.until(() => seen !== undefined, 'the read served');
  stop();
  assert.equal(lost >= 1, true, 'the first request was lost');
  // One retry interval (16 ticks of 1 ms here) and a round trip, not a deadline.
  assert.ok(seen! - began < 100, `served after ${seen! - began} ms of the manual clock`);
});

test('a leader cut off from the others fails its waiting writes at once (outcome unknown); a new leader takes writes; the old one catches up after the heal', async () => {
  const c = new InProcessCluster(4);
  const old = await c.waitLeader();
  const oldId = old.status().id;
  c.net.isolate(oldId, IDS);
  const stuck = old.propose(c.command(person('stuck'), 'stuck-1'));
  let failure: unknown;
  stuck.catch((e: unknown) => (failure = e));
  // Check-quorum deposes it within an election timeout or two (10-20 ticks here).
  await c.until(() => failure !== undefined, 'the stuck write answered', 100);
  assert.ok(failure instanceof OutcomeUnknownError, `got ${String(failure)}`);
  await c.until(() => c.leader() !== undefined && c.leader() !== old, 'a new leader among the others');
  const next = c.leader()!;
  const done = await Promise.race([next.propose(c.command(person('after'))), c.run(1000).then(() => assert.fail('no answer'))]);
  c.net.heal();
  await c.until(() => old.appliedState().applied >= done.index, 'the old leader catching up');
  // The retry of the unknown write with its request id decides it once and for all.
  const retry = await Promise.race([c.leader()!.propose(c.command(person('stuck'), 'stuck-1')), c.run(1000).then(() => assert.fail('no answer'))]);
  assert.equal(retry.result?.ok, true);
  await c.until(() => c.live().every((r) => r.appliedState().applied >= retry.index), 'the retry applied everywhere');
  for (const r of c.live()) assert.equal(r.appliedState().state.schedule.listPeople().filter((p) => p.id === 'stuck').length, 1);
});

test('a replica crashed with kill -9 restarts from its in-memory disk with every committed write, and rejoins', async () => {
  const c = new InProcessCluster(5);
  const leader = await c.waitLeader();
  let last = 0;
  for (let i = 0; i < 20; i++) {
    const r = await Promise.race([leader.propose(c.command(person(`q${i}`))), c.run(1000).then(() => assert.fail('no answer'))]);
    last = r.index;
  }
  const victim = c.live().find((r) => r !== leader)!.status().id;
  await c.until(() => c.replica(victim).appliedState().applied >= last, 'the victim applying everything');
  c.crash(victim);
  const more = await Promise.race([leader.propose(c.command(person('while-down'))), c.run(1000).then(() => assert.fail('no answer'))]);
  const back = c.start(victim);
  assert.ok(back.appliedState().applied <= c.disk(victim).lastIndex());
  await c.until(() => back.appliedState().applied >= more.index, 'the restarted replica catching up');
  const people = back.appliedState().state.schedule.listPeople().map((p) => p.id);
  for (let i = 0; i < 20; i++) assert.ok(people.includes(`q${i}`), `q${i} survived the crash`);
  assert.ok(people.includes('while-down'));
});
