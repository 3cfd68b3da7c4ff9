/**
 * The simulation harness checks itself: determinism, the fault model of the network and
 * of crashes, and that the safety checker actually rejects what it claims to reject.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeededRandom } from '../../node/raft/rand.ts';
import { MemoryStorage } from '../../node/raft/storage.ts';
import type { Entry, Message } from '../../node/raft/types.ts';
import { Checker, SafetyViolation } from './sim/checker.ts';
import { Cluster } from './sim/cluster.ts';
import { Network, RELIABLE } from './sim/network.ts';
import { encodeCommand } from './sim/node.ts';
import { replayCommand, runSoak } from './sim/soak.ts';
import { others } from './helpers.ts';

test('a seed replays exactly: same seed, same run', () => {
  const fingerprint = (seed: number): string => {
    const { cluster } = runSoak({ seed, steps: 1500, nodes: 3 });
    return JSON.stringify([cluster.summary(), cluster.checker.commands, [...cluster.net.sent]]);
  };
  assert.equal(fingerprint(7), fingerprint(7));
  assert.notEqual(fingerprint(7), fingerprint(8));
});

function msg(from: string, to: string, term = 1): Message {
  return { type: 'heartbeat', from, to, term, commit: 0, context: '' };
}

function collect(net: Network, steps: number): Message[] {
  const out: Message[] = [];
  for (let t = 1; t <= steps; t++) net.deliverDue(t, (m) => out.push(m));
  return out;
}

test('the network drops, duplicates, delays and partitions as configured', () => {
  const lossy = new Network(new SeededRandom(1), { ...RELIABLE, dropRate: 1 });
  lossy.send(msg('a', 'b'), 0);
  assert.equal(collect(lossy, 5).length, 0);

  const dup = new Network(new SeededRandom(1), { ...RELIABLE, dupRate: 1 });
  dup.send(msg('a', 'b'), 0);
  assert.equal(collect(dup, 5).length, 2);

  const slow = new Network(new SeededRandom(1), { ...RELIABLE, minDelaySteps: 3, maxDelaySteps: 6 });
  for (let i = 0; i < 50; i++) slow.send(msg('a', 'b', i), 0);
  const early = collect(slow, 2);
  assert.equal(early.length, 0, 'nothing before the minimum delay');
  const got: Message[] = [];
  for (let t = 3; t <= 6; t++) slow.deliverDue(t, (m) => got.push(m));
  assert.equal(got.length, 50);
  assert.notDeepEqual(got.map((m) => m.term), [...Array(50).keys()], 'random delays reorder');

  const part = new Network(new SeededRandom(1));
  const all = ['a', 'b', 'c'];
  part.isolate('a', all);
  part.send(msg('a', 'b'), 0);
  part.send(msg('b', 'a'), 0);
  part.send(msg('b', 'c'), 0);
  assert.deepEqual(collect(part, 2).map((m) => `${m.from}>${m.to}`), ['b>c']);
  part.heal();
  part.split([['a', 'b'], ['c']], all);
  part.send(msg('a', 'b'), 2);
  part.send(msg('a', 'c'), 2);
  // A message in flight when the link is cut is lost as well.
  part.heal();
  part.send(msg('c', 'a'), 2);
  part.isolate('c', all);
  const rest: Message[] = [];
  part.deliverDue(3, (m) => rest.push(m));
  assert.deepEqual(rest.map((m) => `${m.from}>${m.to}`), ['a>b']);
});

test('a crash loses the unfinished disk write and the messages in flight; a restart resumes from the disk', () => {
  const c = new Cluster({ seed: 3, diskLatencySteps: [4, 4] });
  const l = c.waitLeader(500);
  c.proposeAndWait('durable', 500);
  c.run(10);
  const disk = l.storage.lastIndex();
  const p = c.propose('volatile', l.id);
  c.runUntil(() => p.status === 'pending', 10, 'proposal appended');
  c.step();
  assert.ok(l.busy, 'a write is in flight');
  assert.ok(c.net.inFlight(l.id) > 0, 'the leader replicates while it writes');
  c.crash(l.id);
  assert.equal(c.net.inFlight(l.id), 0);
  assert.equal(l.storage.lastIndex(), disk, 'the unfinished write never reached the disk');
  c.restart(l.id);
  assert.deepEqual(c.node(l.id).sm.commands, [], 'the state machine is rebuilt from the (empty) snapshot');
  c.converge();
  assert.ok(c.node(l.id).sm.commands.includes('durable'));
});

test('a violation names the invariant, the step, the seed and the replay command', () => {
  const replay = replayCommand({ seed: 42, steps: 3000, nodes: 3 });
  const checker = new Checker(42, () => 17, replay);
  const view = { termAt: () => undefined, firstIndex: () => 1 };
  checker.onLeader('n1', 3, view);
  checker.onLeader('n1', 3, view);
  assert.throws(
    () => checker.onLeader('n2', 3, view),
    (e: unknown) =>
      e instanceof SafetyViolation &&
      e.invariant.startsWith('election safety') &&
      e.step === 17 &&
      e.seed === 42 &&
      e.message.includes('npm run sim -- --seed 42 --steps 3000 --nodes 3'),
  );
});

function normal(index: number, term: number, cmd: string): Entry {
  return { type: 'normal', index, term, data: encodeCommand(cmd) };
}

test('the checker rejects logs that hold the same (index, term) after different prefixes (log matching)', () => {
  const checker = new Checker(1, () => 1, undefined);
  const a = new MemoryStorage();
  const b = new MemoryStorage();
  checker.registerDisk('a', a);
  checker.registerDisk('b', b);
  const ea = [normal(1, 1, 'x'), normal(2, 2, 'y')];
  checker.beforePersist('a', a, undefined, ea, undefined);
  a.append(ea);
  const eb = [normal(1, 1, 'DIFFERENT'), normal(2, 2, 'y')];
  assert.throws(() => checker.beforePersist('b', b, undefined, eb, undefined), /log matching/);
});

test('the checker rejects two different commands applied at one index, and out-of-order applies', () => {
  const checker = new Checker(1, () => 1, undefined);
  checker.onApply('a', normal(1, 1, 'x'), 'x', 0);
  checker.onApply('b', normal(1, 1, 'x'), 'x', 0);
  assert.throws(() => checker.onApply('c', normal(1, 2, 'z'), 'z', 0), /state machine safety/);
  assert.throws(() => checker.onApply('a', normal(3, 1, 'w'), 'w', 1), /applied in order/);
});

test('the checker rejects a vote changed within a term, and a promise sent before it is durable', () => {
  const checker = new Checker(1, () => 1, undefined);
  const s = new MemoryStorage();
  checker.registerDisk('a', s);
  s.setHardState({ term: 2, vote: 'b', commit: 0 });
  assert.throws(() => checker.beforePersist('a', s, undefined, [], { term: 2, vote: 'c', commit: 0 }), /one vote per term/);
  assert.throws(() => checker.checkPromise('a', s, { type: 'voteResp', to: 'c', term: 3, reject: false }), /durable before/);
  checker.checkPromise('a', s, { type: 'voteResp', to: 'b', term: 2, reject: false });
});

test('the checker catches a leader that lacks a committed entry (leader completeness)', () => {
  const c = new Cluster({ seed: 5 });
  const l = c.waitLeader();
  for (let i = 0; i < 3; i++) c.proposeAndWait(`e${i}`);
  const stale = others(c, l.id)[0]!;
  const lastApplied = c.checker.maxApplied;
  assert.throws(
    () => c.checker.onLeader(stale, 99, { termAt: (i) => (i >= lastApplied ? undefined : c.node(l.id).core!.termAt(i)), firstIndex: () => 1 }),
    /leader completeness/,
  );
});

test('the checker rejects an entry applied while durable on only a minority', () => {
  const checker = new Checker(1, () => 1, undefined);
  const disks = ['a', 'b', 'c'].map((id) => {
    const d = new MemoryStorage();
    checker.registerDisk(id, d);
    return d;
  });
  checker.setStaticVoters(['a', 'b', 'c']);
  const e1 = normal(1, 2, 'x');
  disks[0]!.append([e1]);
  disks[1]!.append([e1]);
  checker.onApply('a', e1, 'x', 0);
  const e2 = normal(2, 2, 'y');
  disks[0]!.append([e2]);
  assert.throws(() => checker.onApply('a', e2, 'y', 1), /durable on a majority/);
});
