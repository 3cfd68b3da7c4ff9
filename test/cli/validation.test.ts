import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkDate, checkDateRange, checkId, checkRole, checkTimeoutMs } from '../../cli/validate.ts';
import { parseEndpoint, resolveEndpoints, DEFAULT_ENDPOINTS } from '../../cli/endpoints.ts';
import { CliError } from '../../cli/errors.ts';
import { startFakeNode, type FakeNode } from './fake-node.ts';
import { forbiddenTransport, runInProcess, runProcess } from './run-cli.ts';

// Bad input is refused locally: exit code 2, one message naming the argument, and no
// connection attempted. Each case is [argv, the argument its message must name].
const CASES: ReadonlyArray<readonly [readonly string[], string]> = [
  // person add
  [['person', 'add', 'bad id', '--name', 'Ann', '--role', 'resident', '--home', 'A'], 'ID'],
  [['person', 'add', '-x', '--name', 'Ann', '--role', 'resident', '--home', 'A'], '-x'],
  [['person', 'add', '--name', 'Ann', '--role', 'resident', '--home', 'A'], 'ID'],
  [['person', 'add', 'P1', '--role', 'resident', '--home', 'A'], '--name'],
  [['person', 'add', 'P1', '--name', '   ', '--role', 'resident', '--home', 'A'], '--name'],
  [['person', 'add', 'P1', '--name', 'Ann', '--role', 'chief', '--home', 'A'], '--role'],
  [['person', 'add', 'P1', '--name', 'Ann', '--role', 'resident'], '--home'],
  [['person', 'add', 'P1', '--name', 'Ann', '--role', 'resident', '--home', 'A/B'], '--home'],
  [['person', 'add', 'P1', '--name', 'Ann', '--role', 'faculty', '--home', 'A', '--request-id', 'no spaces'], '--request-id'],
  // block add
  [['block', 'add', '.B1', '--start', '2025-07-01', '--end', '2025-07-31'], 'ID'],
  [['block', 'add', 'B1', '--start', '2025-13-01', '--end', '2025-12-31'], '--start'],
  [['block', 'add', 'B1', '--start', '2025-02-01', '--end', '2025-02-29'], '--end'],
  [['block', 'add', 'B1', '--start', '2025-7-1', '--end', '2025-07-31'], '--start'],
  [['block', 'add', 'B1', '--start', '2025-08-01', '--end', '2025-07-31'], '--end'],
  [['block', 'add', 'B1', '--start', '2025-07-01'], '--end'],
  // assign / unassign
  [['assign', 'P 1', '--block', 'B1', '--facility', 'A', '--pool', 'ICU'], 'PERSON'],
  [['assign', 'P1', '--block', 'B#1', '--facility', 'A', '--pool', 'ICU'], '--block'],
  [['assign', 'P1', '--block', 'B1', '--facility', '', '--pool', 'ICU'], '--facility'],
  [['assign', 'P1', '--block', 'B1', '--facility', 'A', '--pool', 'I'.repeat(65)], '--pool'],
  [['assign', 'P1', '--block', 'B1', '--facility', 'A'], '--pool'],
  [['unassign', 'P1'], '--block'],
  [['unassign', 'P@1', '--block', 'B1'], 'PERSON'],
  // schedule show, people list, blocks list
  [['schedule', 'show'], '--block'],
  [['schedule', 'show', '--block', 'B1', '--facility', 'A B'], '--facility'],
  [['people', 'list', '--endpoints', 'localhost'], '--endpoints'],
  [['blocks', 'list', '--timeout', '0'], '--timeout'],
  // members, member add/promote/remove, leader transfer, snapshot, status
  [['members', '--endpoints', '127.0.0.1:7101,127.0.0.1:99999'], '--endpoints'],
  [['member', 'add', 'D', 'localhost'], 'ADDRESS'],
  [['member', 'add', 'D', 'host:0'], 'ADDRESS'],
  [['member', 'add', 'D d', '127.0.0.1:7104'], 'ID'],
  [['member', 'add', 'D:1', '127.0.0.1:7104'], 'ID'], // a schedule id, but not a node id
  [['member', 'add', 'D'], 'ADDRESS'],
  [['member', 'promote', 'D!'], 'ID'],
  [['member', 'remove'], 'ID'],
  [['leader', 'transfer', '--to', 'B B'], '--to'],
  [['leader', 'transfer', '--to', 'B:2'], '--to'],
  [['snapshot', '--endpoints', ''], '--endpoints'],
  [['status', '--timeout', 'soon'], '--timeout'],
  [['status', '--endpoints', 'http://127.0.0.1:7101'], '--endpoints'],
];

describe('argument validation', () => {
  for (const [argv, argument] of CASES) {
    test(`rosterctl ${argv.join(' ')} exits 2 naming ${argument}, without a network call`, async () => {
      const net = forbiddenTransport();
      const r = await runInProcess(argv, { transport: net.transport });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^rosterctl: /);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
      assert.ok(r.stderr.includes(argument), `message names ${argument}: ${r.stderr}`);
      assert.equal(net.used(), 0, 'no network call');
    });
  }

  test('a bad ROSTER_ENDPOINTS is named in the message', async () => {
    const net = forbiddenTransport();
    const r = await runInProcess(['status'], { env: { ROSTER_ENDPOINTS: 'nowhere' }, transport: net.transport });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /ROSTER_ENDPOINTS/);
    assert.equal(net.used(), 0);
  });

  test('with --json a usage error is a JSON error document on stdout', async () => {
    const net = forbiddenTransport();
    for (const argv of [
      ['--json', 'block', 'add', 'B1', '--start', '2025-02-30', '--end', '2025-03-01'],
      ['--json', 'assign', 'P1', '--block', 'B1'],
    ]) {
      const r = await runInProcess(argv, { transport: net.transport });
      assert.equal(r.code, 2);
      assert.equal(r.stderr, '');
      const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
      assert.deepEqual(Object.keys(doc), ['error']);
      assert.equal(doc.error.code, 'INVALID_ARGUMENT');
      assert.match(doc.error.message, /--start|--facility/);
    }
    assert.equal(net.used(), 0);
  });

  test('an unknown command or option is a usage error (exit 2)', async () => {
    assert.equal((await runInProcess(['frobnicate'])).code, 2);
    assert.equal((await runInProcess(['status', '--frob'])).code, 2);
    assert.equal((await runInProcess(['member'])).code, 2, 'a group without a subcommand');
    assert.equal((await runInProcess([])).code, 2, 'no command at all');
  });

  test('--help exits 0 and documents the exit codes', async () => {
    const r = await runInProcess(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Exit codes:/);
    for (const code of ['0  success', '1  refused', '2  bad input', '3  unavailable']) assert.ok(r.stdout.includes(code), code);
  });
});

describe('argument rules', () => {
  test('ids: a letter or digit first, then up to 63 of letters, digits and . _ : -', () => {
    for (const ok of ['A', 'icu-2', 'P1.a_b:c', '9', 'x'.repeat(64)]) assert.equal(checkId('ID', ok), ok);
    for (const bad of ['', '-a', '_a', 'a b', 'a/b', 'é', 'x'.repeat(65)]) assert.throws(() => checkId('ID', bad), CliError);
  });

  test('dates: real calendar dates in YYYY-MM-DD only; start must not be after end', () => {
    for (const ok of ['2024-02-29', '2025-12-31', '0001-01-01']) assert.equal(checkDate('--start', ok), ok);
    for (const bad of ['2025-02-29', '2025-04-31', '2025-00-10', '2025-1-01', '25-01-01', '2025-01-01T00:00', '0000-01-01']) {
      assert.throws(() => checkDate('--start', bad), CliError, bad);
    }
    checkDateRange('2025-07-01', '2025-07-01');
    assert.throws(() => checkDateRange('2025-07-02', '2025-07-01'), /--end/);
  });

  test('roles: resident or faculty, in any case, sent as the proto enum name', () => {
    assert.equal(checkRole('--role', 'resident'), 'RESIDENT');
    assert.equal(checkRole('--role', 'Faculty'), 'FACULTY');
    assert.throws(() => checkRole('--role', 'attending'), /--role/);
  });

  test('endpoints: host:port with a port from 1 to 65535, IPv6 in brackets; default A, B, C on loopback', () => {
    for (const ok of ['127.0.0.1:7101', 'node-a.example:1', '[::1]:65535']) assert.equal(parseEndpoint(ok), ok);
    for (const bad of ['127.0.0.1', ':7101', 'h:0', 'h:65536', 'h:-1', 'dns:///h:1', '::1:7101', 'h :1']) assert.equal(parseEndpoint(bad), null, bad);
    assert.deepEqual(resolveEndpoints(undefined, {}), DEFAULT_ENDPOINTS);
    assert.deepEqual(DEFAULT_ENDPOINTS, ['127.0.0.1:7101', '127.0.0.1:7102', '127.0.0.1:7103']);
    assert.deepEqual(resolveEndpoints(undefined, { ROSTER_ENDPOINTS: 'h:1, h:2,h:1' }), ['h:1', 'h:2']);
    assert.deepEqual(resolveEndpoints('x:9', { ROSTER_ENDPOINTS: 'h:1' }), ['x:9'], 'the flag wins over the environment');
  });

  test('timeouts: whole milliseconds from 1 to an hour', () => {
    assert.equal(checkTimeoutMs('--timeout', '250'), 250);
    for (const bad of ['0', '-5', '1.5', '1e3', '', '3600001']) assert.throws(() => checkTimeoutMs('--timeout', bad), /--timeout/);
  });
});

describe('validation in a real process', () => {
  let node: FakeNode;
  before(async () => {
    node = await startFakeNode({ AddPerson: () => ({ index: 1, detail: '' }) });
  });
  after(() => node.stop());

  test('rosterctl exits 2 on a bad role and the node receives no call', async () => {
    const r = await runProcess(['--endpoints', node.address, 'person', 'add', 'P1', '--name', 'Ann', '--role', 'nurse', '--home', 'A']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^rosterctl: --role: "nurse" is not a role/);
    assert.equal(node.calls.length, 0);
  });

  test('rosterctl exits 2 on a missing required option and the node receives no call', async () => {
    const r = await runProcess(['--endpoints', node.address, 'block', 'add', 'B1', '--end', '2025-01-31']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^rosterctl: .*--start/);
    assert.equal(node.calls.length, 0);
  });
});
