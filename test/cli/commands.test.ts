import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { NotLeaderError } from '../../node/errors.ts';
import { STATUS_PROBE_TIMEOUT_MS } from '../../cli/commands/status.ts';
import { PAGE_SIZE } from '../../cli/commands/read.ts';
import type { Member, NodeStatus } from '../../node/wire/generated/rosterd/admin/v1/index.ts';
import { blackholedAddress, deadAddress, startFakeNode, type FakeNode } from './fake-node.ts';
import { runInProcess, runProcess } from './run-cli.ts';

// What each read and admin command asks of which node, and what it prints.

const started: FakeNode[] = [];
async function node(handlers: Parameters<typeof startFakeNode>[0] = {}): Promise<FakeNode> {
  const n = await startFakeNode(handlers);
  started.push(n);
  return n;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.stop()));
});

function nodeStatus(id: string, address: string, role: string, term: number, commitIndex: number, appliedIndex: number): NodeStatus {
  return {
    id,
    address,
    role,
    term,
    leader: 'A',
    commitIndex,
    appliedIndex,
    firstIndex: 1,
    lastIndex: commitIndex,
    cluster: 'test',
    partitionState: 'connected',
    version: '0.1.0',
    // A and B reach each other; C is down.
    links: ['A', 'B', 'C']
      .filter((p) => p !== id)
      .map((peer) => ({ peer, address: '', inbound: peer !== 'C', outbound: peer !== 'C', lastHeardMsAgo: 10, connected: peer !== 'C', breaker: peer === 'C' ? 'open' : 'closed' })),
  };
}

/** Nodes A (leader) and B (follower) up, C's address dead; all of them list the three members. */
async function threeMembers(): Promise<{ a: FakeNode; b: FakeNode; cAddress: string }> {
  const a = await node();
  const b = await node();
  const cAddress = await deadAddress();
  const members: Member[] = [
    { id: 'A', address: a.address, voter: true, matchIndex: 12, reachable: true },
    { id: 'B', address: b.address, voter: true, matchIndex: 12, reachable: true },
    { id: 'C', address: cAddress, voter: true, matchIndex: 7, reachable: false },
  ];
  for (const n of [a, b]) n.handlers.set('Members', () => ({ leader: 'A', members }));
  a.handlers.set('Status', () => nodeStatus('A', a.address, 'leader', 3, 12, 12));
  b.handlers.set('Status', () => nodeStatus('B', b.address, 'follower', 3, 12, 11));
  return { a, b, cAddress };
}

describe('status', () => {
  test('status --json lists exactly the documented fields per member and marks an unreachable member reachable=false', async () => {
    const { a, b, cAddress } = await threeMembers();
    const dead = await deadAddress();
    // The first endpoint is down: the member list comes from the next one.
    const r = await runProcess(['status', '--json', '--endpoints', `${dead},${b.address}`]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { members: Record<string, unknown>[]; leader: string };
    assert.deepEqual(Object.keys(doc).sort(), ['leader', 'members']);
    assert.equal(doc.leader, 'A');
    for (const m of doc.members) {
      assert.deepEqual(Object.keys(m).sort(), [
        'address',
        'appliedIndex',
        'commitIndex',
        'divergentBlocks',
        'evidence',
        'id',
        'isolated',
        'journalWrites',
        'keyFingerprint',
        'keyProblem',
        'ledgerHead',
        'links',
        'openConflicts',
        'partitionState',
        'reachable',
        'reaches',
        'role',
        'splitViews',
        'term',
        'unreachable',
      ]);
    }
    const core = doc.members.map(({ id, address, role, term, commitIndex, appliedIndex, reachable, partitionState }) => ({ id, address, role, term, commitIndex, appliedIndex, reachable, partitionState }));
    assert.deepEqual(core, [
      { id: 'A', address: a.address, role: 'leader', term: 3, commitIndex: 12, appliedIndex: 12, reachable: true, partitionState: 'connected' },
      { id: 'B', address: b.address, role: 'follower', term: 3, commitIndex: 12, appliedIndex: 11, reachable: true, partitionState: 'connected' },
      { id: 'C', address: cAddress, role: null, term: null, commitIndex: null, appliedIndex: null, reachable: false, partitionState: null },
    ]);
    assert.equal(b.callsOf('Members').length, 1);
    assert.equal(a.callsOf('Status').length, 1, 'each member is asked about itself');
    assert.equal(b.callsOf('Status').length, 1);
  });

  test('status prints a table with a row per member', async () => {
    const { a } = await threeMembers();
    const r = await runInProcess(['status', '--endpoints', a.address]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^ID\s+ADDRESS\s+ROLE\s+TERM\s+COMMIT\s+APPLIED\s+REACHABLE\s+PARTITION\s+JOURNAL\s+CONFLICTS\s+LEDGER$/);
    assert.match(lines[1] ?? '', /^A\s+127\.0\.0\.1:\d+\s+leader\s+3\s+12\s+12\s+yes\s+connected\s+0\s+0\s+0$/);
    assert.match(lines[3] ?? '', /^C\s+127\.0\.0\.1:\d+\s+-\s+-\s+-\s+-\s+no\s+-\s+-\s+-\s+-$/);
    assert.equal(lines[4], 'leader: A');
    // The links matrix: a row per member, '-' where the member did not answer.
    assert.equal(lines[6], 'links (row reaches column):');
    assert.match(lines[8] ?? '', /^A\s+\.\s+yes\s+no \(breaker open\)$/);
    assert.match(lines[10] ?? '', /^C\s+-\s+-\s+\.$/);
  });

  test('a member slow to answer Status is unreachable in the table, not a failure', async () => {
    const { a, b } = await threeMembers();
    // B answers only once the command has finished: it can only end by cutting B off.
    let answerB = (): void => {};
    const bMayAnswer = new Promise<void>((resolve) => (answerB = resolve));
    b.handlers.set('Status', async () => {
      await bMayAnswer;
      return nodeStatus('B', b.address, 'follower', 3, 1, 1);
    });
    const timeoutMs = 30_000;
    try {
      const r = await runInProcess(['status', '--json', '--timeout', String(timeoutMs), '--endpoints', a.address]);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { members: { id: string; reachable: boolean }[] };
      assert.deepEqual(doc.members.map((m) => [m.id, m.reachable]), [['A', true], ['B', false], ['C', false]]);
      assert.equal(b.callsOf('Status').length, 1, 'B was asked');
      // Cut off after its own probe timeout, long before the command's deadline.
      assert.ok(r.ms < STATUS_PROBE_TIMEOUT_MS + 5000, `took ${r.ms} ms: the slow member was not cut off`);
    } finally {
      answerB();
    }
  });

  test('the process exits as soon as status has printed, even with a member address blackholed (no connect left pending)', async () => {
    const { a, b } = await threeMembers();
    const blackhole = await blackholedAddress();
    try {
      const members: Member[] = [
        { id: 'A', address: a.address, voter: true, matchIndex: 12, reachable: true },
        { id: 'B', address: b.address, voter: true, matchIndex: 12, reachable: true },
        { id: 'C', address: blackhole.address, voter: true, matchIndex: 7, reachable: false },
      ];
      a.handlers.set('Members', () => ({ leader: 'A', members }));
      const r = await runProcess(['status', '--json', '--endpoints', a.address]);
      assert.equal(r.code, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as { members: { id: string; reachable: boolean }[] };
      assert.deepEqual(doc.members.map((m) => [m.id, m.reachable]), [['A', true], ['B', true], ['C', false]]);
      // The kernel retries the SYN for about two minutes; the answer is ready after the
      // 1 s probe timeout. The bound leaves room for tsx start-up on a loaded machine.
      assert.ok(r.ms < STATUS_PROBE_TIMEOUT_MS + 15_000, `the process took ${r.ms} ms to exit after its answer`);
    } finally {
      blackhole.close();
    }
  });
});

describe('membership and leadership', () => {
  test('members --json lists the members and the leader', async () => {
    const { a } = await threeMembers();
    const r = await runInProcess(['members', '--json', '--endpoints', a.address]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { leader: string; members: { id: string; voter: boolean; reachable: boolean }[] };
    assert.equal(doc.leader, 'A');
    assert.deepEqual(doc.members.map((m) => m.id), ['A', 'B', 'C']);
  });

  test('member add is redirected to the leader and prints the new membership', async () => {
    const { a, b } = await threeMembers();
    b.handlers.set('AddMember', () => new NotLeaderError('A', a.address));
    a.handlers.set('AddMember', (req) => ({
      leader: 'A',
      members: [{ id: String(req['id']), address: String(req['address']), voter: false, matchIndex: 0, reachable: true }],
    }));
    const r = await runInProcess(['member', 'add', 'D', '127.0.0.1:7104', '--endpoints', b.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(a.callsOf('AddMember')[0]?.request, { id: 'D', address: '127.0.0.1:7104', key: '' });
    assert.match(r.stdout, /^D\s+127\.0\.0\.1:7104\s+learner\s+0\s+yes$/m);
  });

  test('member promote and member remove send the id', async () => {
    const { a } = await threeMembers();
    a.handlers.set('PromoteMember', () => ({ leader: 'A', members: [] }));
    a.handlers.set('RemoveMember', () => ({ leader: 'A', members: [] }));
    assert.equal((await runInProcess(['member', 'promote', 'D', '--endpoints', a.address])).code, 0);
    assert.equal((await runInProcess(['member', 'remove', 'C', '--endpoints', a.address])).code, 0);
    assert.deepEqual(a.callsOf('PromoteMember')[0]?.request, { id: 'D' });
    assert.deepEqual(a.callsOf('RemoveMember')[0]?.request, { id: 'C' });
  });

  test('leader transfer is sent to the leader, found through Members', async () => {
    const { a, b } = await threeMembers();
    a.handlers.set('TransferLeader', (req) => ({ leader: String(req['to']) }));
    const r = await runInProcess(['leader', 'transfer', '--to', 'B', '--json', '--endpoints', b.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { from: 'A', leader: 'B' });
    assert.equal(b.callsOf('TransferLeader').length, 0, 'not sent to a follower');
    assert.deepEqual(a.callsOf('TransferLeader')[0]?.request, { to: 'B' });
  });

  test('snapshot goes to the first endpoint only, even when it is down', async () => {
    const a = await node({ Snapshot: () => ({ index: 120, bytes: 4096 }) });
    const b = await node({ Snapshot: () => ({ index: 1, bytes: 1 }) });
    const ok = await runInProcess(['snapshot', '--json', '--endpoints', `${a.address},${b.address}`]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { endpoint: a.address, index: 120, bytes: 4096 });
    const down = await runInProcess(['snapshot', '--timeout', '300', '--endpoints', `${await deadAddress()},${b.address}`]);
    assert.equal(down.code, 3);
    assert.equal(b.calls.length, 0);
  });
});

describe('reads', () => {
  const assignments = [
    { person: 'R2', facility: 'B', pool: 'Clinic', block: 'B1' },
    { person: 'R1', facility: 'A', pool: 'ICU', block: 'B1' },
    { person: 'R3', facility: 'A', pool: 'Flex', block: 'B1' },
  ];
  const header = { appliedIndex: 40, msSinceLeaderContact: 120, servedBy: 'B' };

  test('schedule show prints facility, pool and person sorted, for the block asked', async () => {
    const n = await node({ GetSchedule: () => ({ header, block: { id: 'B1', start: '2025-07-01', end: '2025-07-28' }, assignments }) });
    const r = await runInProcess(['schedule', 'show', '--block', 'B1', '--endpoints', n.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'block B1 (2025-07-01 to 2025-07-28)',
      'FACILITY  POOL    PERSON',
      'A         Flex    R3',
      'A         ICU     R1',
      'B         Clinic  R2',
    ]);
    assert.deepEqual(n.calls[0]?.request, { block: 'B1', facility: '', read: { stale: false } });
  });

  test('schedule show --stale --facility --json asks for a stale read and reports its header', async () => {
    const n = await node({ GetSchedule: () => ({ header, block: { id: 'B1', start: '2025-07-01', end: '2025-07-28' }, assignments: [] }) });
    const r = await runInProcess(['schedule', 'show', '--block', 'B1', '--facility', 'A', '--stale', '--json', '--endpoints', n.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(n.calls[0]?.request, { block: 'B1', facility: 'A', read: { stale: true } });
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(doc['header'], header);
    assert.deepEqual(doc['assignments'], []);
    const human = await runInProcess(['schedule', 'show', '--block', 'B1', '--stale', '--endpoints', n.address]);
    assert.match(human.stderr, /stale read from B at applied index 40; it last heard from a leader 120 ms ago/);
  });

  test('people list and blocks list print tables', async () => {
    const n = await node({
      ListPeople: () => ({ header, people: [{ id: 'F1', name: 'Dr Ortiz', role: 'FACULTY', homeFacility: 'B' }] }),
      ListBlocks: () => ({ header, blocks: [{ id: 'B2', start: '2025-08-01', end: '2025-08-28' }, { id: 'B1', start: '2025-07-01', end: '2025-07-28' }] }),
    });
    const people = await runInProcess(['people', 'list', '--endpoints', n.address]);
    assert.deepEqual(people.stdout.trimEnd().split('\n'), ['ID  NAME      ROLE     HOME', 'F1  Dr Ortiz  faculty  B']);
    const blocks = await runInProcess(['blocks', 'list', '--json', '--endpoints', n.address]);
    const doc = JSON.parse(blocks.stdout) as { blocks: { id: string }[] };
    assert.deepEqual(doc.blocks.map((b) => b.id), ['B1', 'B2'], 'in date order');
  });

  test('list commands ask for pages of PAGE_SIZE and follow next_page_token to the last page', async () => {
    const person = (id: string) => ({ id, name: `Dr ${id}`, role: 'RESIDENT', homeFacility: 'A' });
    const pages: Record<string, { people: ReturnType<typeof person>[]; next: string }> = {
      '': { people: [person('a1'), person('a2')], next: 'tok-1' },
      'tok-1': { people: [person('b1')], next: 'tok-2' },
      'tok-2': { people: [person('c1')], next: '' },
    };
    const n = await node({
      ListPeople: (req) => {
        const page = pages[String(req['pageToken'])]!;
        return { header, people: page.people, nextPageToken: page.next };
      },
      ListCoverage: (req) => ({ header, entries: [], nextPageToken: req['pageToken'] === '' ? 'more' : '' }),
    });
    const r = await runInProcess(['people', 'list', '--json', '--endpoints', n.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { people: { id: string }[] }).people.map((p) => p.id), ['a1', 'a2', 'b1', 'c1']);
    assert.deepEqual(n.callsOf('ListPeople').map((c) => [c.request['limit'], c.request['pageToken']]), [[PAGE_SIZE, ''], [PAGE_SIZE, 'tok-1'], [PAGE_SIZE, 'tok-2']]);
    const coverage = await runInProcess(['coverage', 'list', '--endpoints', n.address]);
    assert.equal(coverage.code, 0, coverage.stderr);
    assert.equal(n.callsOf('ListCoverage').length, 2);
  });

  test('a server that repeats a page token ends the list with an error instead of looping', async () => {
    const n = await node({ ListBlocks: () => ({ header, blocks: [], nextPageToken: 'same' }) });
    const r = await runInProcess(['blocks', 'list', '--endpoints', n.address]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /sent the same page token twice/);
    assert.equal(n.callsOf('ListBlocks').length, 2);
  });

  test('a linearizable read on a follower follows the redirect to the leader', async () => {
    const leader = await node({ ListPeople: () => ({ header, people: [] }) });
    const follower = await node({ ListPeople: () => new NotLeaderError('A', leader.address) });
    const r = await runInProcess(['people', 'list', '--endpoints', follower.address]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(leader.callsOf('ListPeople').length, 1);
  });
});
