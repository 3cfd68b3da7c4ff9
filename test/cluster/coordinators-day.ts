/**
 * The README's "A coordinator's day", run through rosterctl against a cluster: pools at C,
 * block b2026-08, nine faculty of B, a lock, six ICU assignments at B, one in Clinic, a
 * swap, a move and an unassign. Ends with ICU at B holding icu1-icu5 and cl1 (5 reserved
 * + 1 borrowed), Clinic empty, and icu6, icu7, cl2 holding nothing. Shared by the tests
 * and scripts that need a realistic schedule (the contingency test, the web page's
 * screenshot).
 */
import { runInProcess } from '../cli/run-cli.ts';

/** The block the day staffs. */
export const DAY_BLOCK = 'b2026-08';

/** Runs the day against `endpoints` (host:port,...); throws naming the first step that failed. */
export async function coordinatorsDay(endpoints: string): Promise<void> {
  const run = async (...args: string[]): Promise<string> => {
    const r = await runInProcess(['--endpoints', endpoints, '--timeout', '20000', ...args]);
    if (r.code !== 0) throw new Error(`rosterctl ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
    return r.stdout.trim();
  };
  await run('pools', 'set', '--facility', 'C', '--pool', 'ICU:4:3:1', '--pool', 'Clinic:6:5:1', '--pool', 'Flex:2:0:0:flex');
  await run('block', 'add', DAY_BLOCK, '--start', '2026-07-29', '--end', '2026-08-25');
  for (const p of ['icu1', 'icu2', 'icu3', 'icu4', 'icu5', 'icu6', 'icu7', 'cl1', 'cl2']) {
    await run('person', 'add', p, '--name', `Dr ${p}`, '--role', 'faculty', '--home', 'B');
  }
  const token = await run('lock', 'acquire', '--block', DAY_BLOCK, '--holder', 'alice', '--ttl', '10m', '--print-token');
  for (const p of ['icu1', 'icu2', 'icu3', 'icu4', 'icu5', 'icu6']) {
    await run('assign', p, '--block', DAY_BLOCK, '--facility', 'B', '--pool', 'ICU', '--lock-token', token);
  }
  await run('assign', 'cl1', '--block', DAY_BLOCK, '--facility', 'B', '--pool', 'Clinic', '--lock-token', token);
  await run('swap', 'icu6', 'cl1', '--block', DAY_BLOCK, '--lock-token', token);
  await run('move', 'icu6', '--block', DAY_BLOCK, '--to', 'cl2', '--lock-token', token);
  await run('unassign', 'cl2', '--block', DAY_BLOCK, '--lock-token', token, '--request-id', 'undo-cl2');
  await run('lock', 'release', '--block', DAY_BLOCK, '--token', token);
}
