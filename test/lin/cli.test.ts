import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const DATA = path.resolve(PROJECT_ROOT, '../shared/data/porcupine-etcd');
const LINEARIZABLE = path.join(DATA, 'etcd_002.log');
const NOT_LINEARIZABLE = path.join(DATA, 'etcd_000.log');

const scratch = mkdtempSync(path.join(tmpdir(), 'lin-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function lin(...args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/lin/cli.ts', ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, lines: run.stdout.split('\n').filter((l) => l !== ''), stderr: run.stderr };
}

test('the CLI prints one verdict per file and exits 1 when any is not linearizable', () => {
  const run = lin('check', '--format', 'jepsen', '--model', 'register', LINEARIZABLE, NOT_LINEARIZABLE);
  assert.deepEqual(run.lines, [`${LINEARIZABLE} linearizable`, `${NOT_LINEARIZABLE} not-linearizable`], run.stderr);
  assert.equal(run.status, 1);
});

test('the CLI exits 0 when every file is linearizable', () => {
  const run = lin('check', '--format', 'jepsen', '--model', 'register', LINEARIZABLE);
  assert.deepEqual(run.lines, [`${LINEARIZABLE} linearizable`]);
  assert.equal(run.status, 0);
});

test('the CLI shows the counterexample on request, one operation per line', () => {
  const run = lin('check', '--show-counterexample', NOT_LINEARIZABLE);
  assert.equal(run.lines[0], `${NOT_LINEARIZABLE} not-linearizable`);
  assert.match(run.lines[1]!, /shortest failing sub-history found: \d+ of \d+ operations/);
  const ops = run.lines.filter((l) => /^\s+client \d+\s+\[\d+, (\d+|∞)\]\s+\S/.test(l));
  assert.ok(ops.length >= 2, run.lines.join('\n'));
  assert.equal(run.status, 1);
});

test('the CLI reports a malformed or missing file as an error with its line and exits 2', () => {
  const broken = path.join(scratch, 'broken.log');
  writeFileSync(broken, 'INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:write\t1\n');
  const missing = path.join(scratch, 'missing.log');
  const run = lin('check', '--format', 'jepsen', '--model', 'register', broken, missing, NOT_LINEARIZABLE);
  assert.equal(run.lines.length, 3, run.lines.join('\n'));
  assert.match(run.lines[0]!, new RegExp(`^${escape(broken)} error: line 2: `));
  assert.match(run.lines[1]!, new RegExp(`^${escape(missing)} error: `));
  assert.equal(run.lines[2], `${NOT_LINEARIZABLE} not-linearizable`);
  assert.equal(run.status, 2);
});

test('the CLI rejects bad usage with exit status 2', () => {
  assert.equal(lin('check', '--model', 'queue', LINEARIZABLE).status, 2);
  assert.equal(lin('check').status, 2);
  assert.equal(lin('verify', LINEARIZABLE).status, 2);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
