import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInProcess, startInProcess } from '../cli/run-cli.ts';
import { Cluster, waitFor } from './harness.ts';

// The README's "coordinator's day" walk-through, command for command (loops unrolled), on
// a real three-node cluster: pools, lock, assign, swap, move, retry, watch. If a command
// or its outcome changes, this test fails and the README must change with it.

const BLOCK = 'b2026-08';

interface Step {
  /** The words after `npx rosterctl`, with $TOKEN standing for the lock token. */
  readonly argv: readonly string[];
  readonly code: number;
  readonly out?: RegExp;
}

const steps = (token: string): Step[] => {
  const t = (argv: string[]): string[] => argv.map((a) => (a === '$TOKEN' ? token : a));
  return [
    { argv: ['assign', 'icu1', '--block', BLOCK, '--facility', 'B', '--pool', 'ICU'], code: 1, out: /block b2026-08 is locked by alice .*this edit presents no lock token/ },
    ...['icu1', 'icu2', 'icu3', 'icu4', 'icu5', 'icu6'].map((p) => ({ argv: t(['assign', p, '--block', BLOCK, '--facility', 'B', '--pool', 'ICU', '--lock-token', '$TOKEN']), code: 0, out: new RegExp(`assigned ${p} -> B/ICU`) })),
    {
      argv: t(['assign', 'icu7', '--block', BLOCK, '--facility', 'B', '--pool', 'ICU', '--lock-token', '$TOKEN']),
      code: 1,
      out: /pool ICU is full at facility B in block b2026-08: 6 of its capacity 6 assigned \(left at facility B in block b2026-08: ICU 0, Clinic 8, Procedures 4, Flex 1\)/,
    },
    { argv: t(['assign', 'cl1', '--block', BLOCK, '--facility', 'B', '--pool', 'Clinic', '--lock-token', '$TOKEN']), code: 0 },
    { argv: ['pools', 'show', '--facility', 'B', '--block', BLOCK], code: 0, out: /ICU +6 +5 +1 +6 +1 +0 +0\n.*Clinic +8 +7 +1 +1 +0 +0 +7/ },
    { argv: t(['swap', 'icu6', 'cl1', '--block', BLOCK, '--lock-token', '$TOKEN']), code: 0, out: /exchanged: icu6 -> B\/Clinic in block b2026-08; cl1 -> B\/ICU in block b2026-08/ },
    { argv: t(['move', 'icu6', '--block', BLOCK, '--to', 'cl2', '--lock-token', '$TOKEN']), code: 0, out: /moved icu6 -> B\/Clinic in block b2026-08 to cl2 -> B\/Clinic/ },
    { argv: ['schedule', 'show', '--block', BLOCK], code: 0, out: /B +Clinic +cl2\n.*B +ICU +cl1\n/ },
    { argv: t(['unassign', 'cl2', '--block', BLOCK, '--lock-token', '$TOKEN', '--request-id', 'undo-cl2']), code: 0, out: /unassigned cl2 .*\(committed at index \d+, request undo-cl2\)/ },
    { argv: t(['unassign', 'cl2', '--block', BLOCK, '--lock-token', '$TOKEN', '--request-id', 'undo-cl2']), code: 0, out: /already applied at index \d+: request undo-cl2 was a retry; nothing applied again/ },
    { argv: ['lock', 'show', '--block', BLOCK], code: 0, out: new RegExp(`whole block +alice +${token} +\\S+ +held`) },
    { argv: t(['lock', 'release', '--block', BLOCK, '--token', '$TOKEN']), code: 0, out: /released the lock on block b2026-08/ },
  ];
};

test("the README's coordinator's day works as written", async () => {
  const c = await Cluster.start();
  try {
    const env = { ROSTER_ENDPOINTS: [...c.nodes.values()].map((n) => n.address).join(',') };
    const cli = (argv: readonly string[]) => runInProcess(argv, { env });
    const expect = async (argv: readonly string[], code: number, out?: RegExp): Promise<string> => {
      const r = await cli(argv);
      const text = r.stdout + r.stderr;
      assert.equal(r.code, code, `rosterctl ${argv.join(' ')}\n${text}`);
      if (out) assert.match(text, out, `rosterctl ${argv.join(' ')}`);
      return r.stdout;
    };

    // Pools.
    await expect(['pools', 'show', '--facility', 'B'], 0, /ICU +6 +5 +1\n.*Clinic +8 +7 +1\n.*Procedures +4 +3 +1\n.*Flex +2 +0 +0 +yes/);
    await expect(['pools', 'set', '--facility', 'C', '--pool', 'ICU:4:3:1', '--pool', 'Clinic:6:5:1', '--pool', 'Flex:2:0:0:flex'], 0, /set the pools of facility C: ICU 4\/3\/1, Clinic 6\/5\/1, Flex 2\/0\/0 flex/);
    // A block and its people.
    await expect(['block', 'add', BLOCK, '--start', '2026-07-29', '--end', '2026-08-25'], 0);
    for (const p of ['icu1', 'icu2', 'icu3', 'icu4', 'icu5', 'icu6', 'icu7', 'cl1', 'cl2']) {
      await expect(['person', 'add', p, '--name', `Dr ${p}`, '--role', 'faculty', '--home', 'B'], 0);
    }
    // The watch of the second terminal, followed before the first change it must see.
    const watching = startInProcess(['watch', '--block', BLOCK, '--duration', '60s', '--max-events', '12'], { env });
    await waitFor(() => {
      if (watching.ended()) throw new Error(`the watch ended early: ${watching.stderr()}`);
      return /^watch: following at /m.test(watching.stderr());
    }, 'the watch to follow the block');
    // The lock, captured the way the README does: TOKEN=$(... --print-token).
    const token = (await expect(['lock', 'acquire', '--block', BLOCK, '--holder', 'alice', '--ttl', '10m', '--print-token'], 0)).trim();
    assert.match(token, /^\d+$/);
    for (const step of steps(token)) await expect(step.argv, step.code, step.out);

    const w = await watching.result;
    assert.equal(w.code, 0, w.stderr);
    const kinds = w.stdout.trim().split('\n').map((l) => l.split(/ +/)[2]);
    assert.deepEqual(kinds, ['acquireLock', 'assign', 'assign', 'assign', 'assign', 'assign', 'assign', 'assign', 'exchange', 'move', 'unassign', 'releaseLock']);
  } finally {
    await c.stop();
  }
});
