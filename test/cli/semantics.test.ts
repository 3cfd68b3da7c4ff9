import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, test } from 'node:test';
import { ConflictError, NotLeaderError, UnavailableError } from '../../node/errors.ts';
import { committed, deadAddress, startFakeNode, Status, streamError, type FakeNode, type StreamHandler } from './fake-node.ts';
import { forbiddenTransport, runInProcess, runProcess } from './run-cli.ts';

// rosterctl's pools, lock, swap, move and watch commands against scripted fake nodes:
// what they send, what they print, and how watch resumes after a broken stream.

const started: FakeNode[] = [];
async function node(handlers: Parameters<typeof startFakeNode>[0] = {}, streams: Parameters<typeof startFakeNode>[1] = {}): Promise<FakeNode> {
  const n = await startFakeNode(handlers, streams);
  started.push(n);
  return n;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((n) => n.stop()));
});

const header = { appliedIndex: 9, msSinceLeaderContact: 0, servedBy: 'A' };
// Far in the future: `lock show` also marks a lease expired by the local clock.
const lock = { block: 'b1', facility: '', holder: 'alice', token: 17, grantedAtMs: 4_102_444_200_000, expiresAtMs: 4_102_444_800_000, expired: false };

describe('pools', () => {
  test('pools set sends the table as typed (NAME:CAPACITY:RESERVED:BORROW_LIMIT[:flex]) and prints the server detail', async () => {
    const n = await node({ SetPools: () => ({ index: 12, detail: 'set the pools of facility C: ICU 4/3/1, Flex 2/0/0 flex', retried: false }) });
    const r = await runInProcess(['--endpoints', n.address, 'pools', 'set', '--facility', 'C', '--pool', 'ICU:4:3:1', '--pool', 'Flex:2:0:0:flex']);
    assert.equal(r.code, 0, r.stderr);
    const req = n.callsOf('SetPools')[0]?.request as { facility: string; pools: unknown[]; header: { requestId: string } };
    assert.equal(req.facility, 'C');
    assert.deepEqual(req.pools, [
      { name: 'ICU', capacity: 4, reserved: 3, borrowLimit: 1, flex: false },
      { name: 'Flex', capacity: 2, reserved: 0, borrowLimit: 0, flex: true },
    ]);
    assert.match(r.stdout, /^set the pools of facility C: ICU 4\/3\/1, Flex 2\/0\/0 flex \(committed at index 12, request [0-9a-f-]{36}\)\n$/);
  });

  test('pools show --block prints each pool with what it holds and how many more fit', async () => {
    const usage = (name: string, capacity: number, reserved: number, borrowLimit: number, flex: boolean, assigned: number, borrowed: number, lent: number, left: number) => ({
      pool: { name, capacity, reserved, borrowLimit, flex },
      assigned,
      borrowed,
      lent,
      left,
    });
    const n = await node({
      GetPools: () => ({
        header,
        facility: 'B',
        custom: false,
        pools: [usage('ICU', 6, 5, 1, false, 6, 1, 0, 0), usage('Flex', 2, 0, 0, true, 0, 0, 1, 1)],
      }),
    });
    const r = await runInProcess(['--endpoints', n.address, 'pools', 'show', '--facility', 'B', '--block', 'b1']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'facility B pools (configured defaults), block b1',
      'POOL  CAPACITY  RESERVED  BORROW  FLEX  ASSIGNED  BORROWED  LENT  LEFT',
      'ICU   6         5         1             6         1         0     0',
      'Flex  2         0         0       yes   0         0         1     1',
    ]);
    assert.deepEqual(n.callsOf('GetPools')[0]?.request, { facility: 'B', block: 'b1', read: { stale: false } });
    const json = await runInProcess(['--json', '--endpoints', n.address, 'pools', 'show', '--facility', 'B', '--block', 'b1']);
    const doc = JSON.parse(json.stdout) as { pools: { name: string; left: number }[]; custom: boolean };
    assert.deepEqual(doc.pools.map((p) => [p.name, p.left]), [['ICU', 0], ['Flex', 1]]);
    assert.equal(doc.custom, false);
  });

  test('a full pool is a refusal (exit 1) whose message names the pool and what is left', async () => {
    const n = await node({
      Assign: () => {
        throw new ConflictError('pool ICU is full at facility B in block b1: 6 of its capacity 6 assigned (left at facility B in block b1: ICU 0, Clinic 8, Procedures 4, Flex 1)');
      },
    });
    const r = await runInProcess(['--endpoints', n.address, 'assign', 'p7', '--block', 'b1', '--facility', 'B', '--pool', 'ICU']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^rosterctl: pool ICU is full .*\(left at facility B in block b1: ICU 0, Clinic 8, Procedures 4, Flex 1\)\n$/);
    assert.equal(n.callsOf('Assign').length, 1, 'a refusal is final: no retry');
  });
});

describe('locks', () => {
  test('lock acquire --print-token prints only the token, so scripts can capture it', async () => {
    const n = await node({ AcquireLock: () => ({ index: 17, detail: 'locked block b1 for alice: token 17', retried: false, lock }) });
    const r = await runProcess(['--endpoints', n.address, 'lock', 'acquire', '--block', 'b1', '--holder', 'alice', '--ttl', '10m', '--print-token']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '17\n');
    assert.deepEqual((n.callsOf('AcquireLock')[0]?.request as { lock: unknown }).lock, { block: 'b1', facility: '', holder: 'alice', ttlMs: 600_000 });
  });

  test('lock acquire --json reports the token and lock; a redirect keeps the request id', async () => {
    const leader = await node({ AcquireLock: () => ({ index: 17, detail: 'locked', retried: false, lock }) });
    const follower = await node({
      AcquireLock: () => {
        throw new NotLeaderError('A', leader.address);
      },
    });
    const r = await runInProcess(['--json', '--endpoints', follower.address, 'lock', 'acquire', '--block', 'b1', '--facility', 'A', '--holder', 'alice']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { token: number; lock: { token: number }; requestId: string; retried: boolean };
    assert.equal(doc.token, 17);
    assert.equal(doc.lock.token, 17);
    assert.equal(doc.retried, false);
    const sent = (c: FakeNode) => (c.callsOf('AcquireLock')[0]?.request as { header: { requestId: string }; lock: { ttlMs: number; facility: string } });
    assert.equal(sent(leader).header.requestId, sent(follower).header.requestId);
    assert.equal(sent(leader).lock.ttlMs, 300_000, 'default lease: 5 minutes');
    assert.equal(sent(leader).lock.facility, 'A');
  });

  test('lock renew and release send the token; lock show prints each lock with its state', async () => {
    const n = await node({
      RenewLock: () => ({ index: 20, detail: 'renewed', retried: false, lock }),
      ReleaseLock: () => ({ index: 21, detail: 'released', retried: false, lock }),
      GetLocks: () => ({ header, logClockMs: lock.grantedAtMs, locks: [lock, { ...lock, facility: 'B', holder: 'bob', token: 3, expired: true }] }),
    });
    assert.equal((await runInProcess(['--endpoints', n.address, 'lock', 'renew', '--block', 'b1', '--token', '17', '--ttl', '90s'])).code, 0);
    assert.deepEqual((n.callsOf('RenewLock')[0]?.request as { lock: unknown }).lock, { block: 'b1', facility: '', token: 17, ttlMs: 90_000 });
    assert.equal((await runInProcess(['--endpoints', n.address, 'lock', 'release', '--block', 'b1', '--token', '17'])).code, 0);
    assert.deepEqual((n.callsOf('ReleaseLock')[0]?.request as { lock: unknown }).lock, { block: 'b1', facility: '', token: 17 });
    const show = await runInProcess(['--endpoints', n.address, 'lock', 'show', '--block', 'b1']);
    assert.equal(show.code, 0, show.stderr);
    assert.deepEqual(show.stdout.trimEnd().split('\n'), [
      'SCOPE        HOLDER  TOKEN  EXPIRES                   STATE',
      'whole block  alice   17     2100-01-01T00:00:00.000Z  held',
      'facility B   bob     3      2100-01-01T00:00:00.000Z  expired',
    ]);
  });

  test('edits carry every --lock-token given; a lock refusal is exit 1', async () => {
    const n = await node({
      Assign: () => committed(30),
      Unassign: () => {
        throw new ConflictError('block b1 is locked by alice (token 17, until ...); this edit presents no lock token');
      },
    });
    const r = await runInProcess(['--endpoints', n.address, 'assign', 'p1', '--block', 'b1', '--facility', 'A', '--pool', 'ICU', '--lock-token', '17', '--lock-token', '20']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(n.callsOf('Assign')[0]?.request['lockTokens'], [17, 20]);
    const u = await runInProcess(['--endpoints', n.address, 'unassign', 'p1', '--block', 'b1']);
    assert.equal(u.code, 1);
    assert.match(u.stderr, /locked by alice/);
    assert.deepEqual(n.callsOf('Unassign')[0]?.request['lockTokens'], []);
  });
});

describe('swap and move', () => {
  test('swap sends one exchange of two assignments (same block unless --other-block)', async () => {
    const n = await node({ Swap: () => ({ index: 40, detail: 'exchanged: p1 -> B/Clinic in block b1; p2 -> A/ICU in block b1', retried: false }) });
    const r = await runInProcess(['--endpoints', n.address, 'swap', 'p1', 'p2', '--block', 'b1', '--lock-token', '17']);
    assert.equal(r.code, 0, r.stderr);
    const req = n.callsOf('Swap')[0]?.request as { exchange: unknown; lockTokens: number[] };
    assert.deepEqual(req.exchange, { first: { person: 'p1', block: 'b1' }, second: { person: 'p2', block: 'b1' } });
    assert.deepEqual(req.lockTokens, [17]);
    assert.match(r.stdout, /^exchanged: p1 -> B\/Clinic in block b1; p2 -> A\/ICU in block b1 \(committed at index 40/);
    await runInProcess(['--endpoints', n.address, 'swap', 'p1', 'p2', '--block', 'b1', '--other-block', 'b2']);
    assert.deepEqual((n.callsOf('Swap')[1]?.request as { exchange: unknown }).exchange, { first: { person: 'p1', block: 'b1' }, second: { person: 'p2', block: 'b2' } });
  });

  test('move sends only what changes; empty fields keep the current value', async () => {
    const n = await node({ Move: () => committed(41, 'moved') });
    const r = await runInProcess(['--endpoints', n.address, 'move', 'p1', '--block', 'b1', '--to', 'p3', '--pool', 'Flex']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((n.callsOf('Move')[0]?.request as { move: unknown }).move, { person: 'p1', block: 'b1', toPerson: 'p3', toFacility: '', toPool: 'Flex' });
  });

  test('a retried request id is reported as already applied, with the first index', async () => {
    const n = await node({ Swap: () => ({ index: 40, detail: 'exchanged: ...', retried: true }) });
    const r = await runInProcess(['--endpoints', n.address, 'swap', 'p1', 'p2', '--block', 'b1', '--request-id', 'swap-1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /already applied at index 40: request swap-1 was a retry; nothing applied again/);
    const json = await runInProcess(['--json', '--endpoints', n.address, 'swap', 'p1', 'p2', '--block', 'b1', '--request-id', 'swap-1']);
    assert.equal((JSON.parse(json.stdout) as { retried: boolean }).retried, true);
  });
});

describe('bad input is refused locally (exit 2, nothing sent)', () => {
  const cases: ReadonlyArray<readonly [readonly string[], string]> = [
    [['pools', 'set', '--facility', 'A', '--pool', 'ICU:6:5'], '--pool'],
    [['pools', 'set', '--facility', 'A', '--pool', 'ICU:6:7:1'], '--pool'],
    [['pools', 'set', '--facility', 'A', '--pool', 'ICU:6:5:1001'], '--pool'],
    [['pools', 'set', '--facility', 'A', '--pool', 'Flex:2:0:1:flex'], '--pool'],
    [['pools', 'set', '--facility', 'A', '--pool', 'F1:2:0:0:flex', '--pool', 'F2:2:0:0:flex'], '--pool'],
    [['pools', 'set', '--facility', 'A', '--pool', 'ICU:1:1:0', '--pool', 'ICU:2:2:0'], '--pool'],
    [['pools', 'set', '--facility', 'A B', '--pool', 'ICU:1:1:0'], '--facility'],
    [['pools', 'show'], '--facility'],
    [['lock', 'acquire', '--block', 'b1', '--holder', 'alice', '--ttl', '500ms'], '--ttl'],
    [['lock', 'acquire', '--block', 'b1', '--holder', 'alice', '--ttl', '25h'], '--ttl'],
    [['lock', 'acquire', '--block', 'b1'], '--holder'],
    [['lock', 'renew', '--block', 'b1', '--token', '0'], '--token'],
    [['lock', 'release', '--block', 'b1', '--token', 'x'], '--token'],
    [['assign', 'p1', '--block', 'b1', '--facility', 'A', '--pool', 'ICU', '--lock-token', '-1'], '--lock-token'],
    [['unassign', 'p1', '--block', 'b1', '--lock-token', '1', '--lock-token', '2', '--lock-token', '3', '--lock-token', '4', '--lock-token', '5'], '--lock-token'],
    [['swap', 'p1', 'p1', '--block', 'b1'], 'PERSON_B'],
    [['swap', 'p1', 'p2'], '--block'],
    [['move', 'p1', '--block', 'b1'], '--to'],
    [['move', 'p1', '--block', 'b1', '--pool', 'I C U'], '--pool'],
    [['watch', '--from-index', '-3'], '--from-index'],
    [['watch', '--block', 'b/1'], '--block'],
    [['watch', '--duration', 'forever'], '--duration'],
  ];
  for (const [argv, argument] of cases) {
    test(`${argv.join(' ')} -> names ${argument}`, async () => {
      const net = forbiddenTransport();
      const r = await runInProcess(argv, { transport: net.transport });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^rosterctl: /);
      assert.ok(r.stderr.includes(argument), `message names ${argument}: ${r.stderr}`);
      assert.equal(net.used(), 0);
    });
  }
});

// ---------------------------------------------------------------- watch

function change(index: number, detail = `change ${index}`) {
  return {
    change: {
      index,
      timestampMs: 1_800_000_000_000 + index,
      requestId: `r${index}`,
      kind: 'assign',
      detail,
      added: [{ person: `p${index}`, facility: 'A', pool: 'ICU', block: 'b1' }],
      removed: [],
      lock: null,
      poolsFacility: '',
      pools: [],
      block: null,
    },
  };
}

/** A stream that sends `events`, then, once the last is handed to the transport, fails with `error` (or stays open). */
function script(events: readonly unknown[], error?: Status | UnavailableError): StreamHandler {
  return (_req, call) => {
    const fail = (): void => {
      if (error) call.emit('error', streamError(error));
    };
    if (events.length === 0) fail();
    events.forEach((e, i) => call.write(e, i === events.length - 1 ? fail : undefined));
  };
}

describe('watch', () => {
  test('prints each change on one line and stops after --max-events', async () => {
    const n = await node({}, { Watch: script([{ progress: { index: 4 } }, change(5), change(6), change(7)]) });
    const r = await runProcess(['--endpoints', n.address, 'watch', '--block', 'b1', '--max-events', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      `5  ${new Date(1_800_000_000_005).toISOString()}  assign  change 5`,
      `6  ${new Date(1_800_000_000_006).toISOString()}  assign  change 6`,
    ]);
    assert.deepEqual(n.callsOf('Watch')[0]?.request, { block: 'b1', facility: '', fromIndex: 0 });
    assert.match(r.stderr, new RegExp(`^watch: following at ${n.address} from index 5$`, 'm'), 'the stream is announced once it serves');
    assert.match(r.stderr, /resume with --from-index 7/);
  });

  test('--json prints one JSON object per change (NDJSON)', async () => {
    const n = await node({}, { Watch: script([change(5), change(6)]) });
    const r = await runInProcess(['--json', '--endpoints', n.address, 'watch', '--max-events', '2', '--from-index', '5']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { index: number; added: unknown[] });
    assert.deepEqual(lines.map((l) => l.index), [5, 6]);
    assert.deepEqual(lines[0]?.added, [{ person: 'p5', facility: 'A', pool: 'ICU', block: 'b1' }]);
    assert.equal(n.callsOf('Watch')[0]?.request['fromIndex'], 5);
  });

  test('after a broken stream it resumes at the next endpoint from the last index seen, without gaps or repeats', async () => {
    // a: changes 5, 6 then dies. b: asked from 7; it (wrongly) repeats 6, which is skipped, then 7, 8.
    const a = await node({}, { Watch: script([{ progress: { index: 4 } }, change(5), change(6)], new UnavailableError('the node is shutting down')) });
    const b = await node({}, { Watch: script([change(6), change(7), change(8)]) });
    const r = await runProcess(['--endpoints', `${a.address},${b.address}`, 'watch', '--max-events', '4']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => Number(l.split(' ')[0])), [5, 6, 7, 8]);
    assert.equal(b.callsOf('Watch')[0]?.request['fromIndex'], 7);
    assert.match(r.stderr, /watch: .*UNAVAILABLE the node is shutting down; resuming from index 7/);
  });

  test('progress moves the resume point past changes outside the filter', async () => {
    const a = await node({}, { Watch: script([{ progress: { index: 4 } }, change(5), { progress: { index: 30 } }], new UnavailableError('gone')) });
    const b = await node({}, { Watch: script([change(31)]) });
    const r = await runInProcess(['--endpoints', `${a.address},${b.address}`, 'watch', '--max-events', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(b.callsOf('Watch')[0]?.request['fromIndex'], 31);
  });

  test('a dead endpoint is skipped; the watch starts at the next one', async () => {
    const dead = await deadAddress();
    const n = await node({}, { Watch: script([change(9)]) });
    const r = await runInProcess(['--endpoints', `${dead},${n.address}`, 'watch', '--max-events', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^9  /);
  });

  test('a compacted from-index is a final error naming where it can resume (exit 2)', async () => {
    const n = await node({}, {
      Watch: (_req, call) =>
        call.emit('error', streamError(new Status(grpc.status.OUT_OF_RANGE, 'changes before index 120 are no longer retained here (log compaction); resume from index 120 or later', { 'x-roster-first-index': '120' }))),
    });
    const r = await runInProcess(['--endpoints', n.address, 'watch', '--from-index', '3']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^rosterctl: changes before index 120 are no longer retained here/);
    assert.equal(n.callsOf('Watch').length, 1, 'not retried');
  });

  test('--duration ends a quiet watch with exit 0', async () => {
    const n = await node({}, { Watch: script([{ progress: { index: 4 } }]) });
    const r = await runInProcess(['--endpoints', n.address, 'watch', '--duration', '300ms']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /0 change\(s\); resume with --from-index 5/);
  });

  test('when no endpoint can serve it for --timeout, it gives up with exit 3 and says where to resume', async () => {
    const dead = await deadAddress();
    const r = await runInProcess(['--timeout', '300', '--endpoints', dead, 'watch', '--block', 'b1']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /no node served the watch for 300 ms/);
  });
});
