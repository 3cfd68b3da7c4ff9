import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, NodeHandle, ROOT, waitFor } from './harness.ts';

/** Runs rosterd with args until it exits (or kills it after timeoutMs); returns exit code and stderr. */
function runDaemon(args: string[], env: Record<string, string> = {}, timeoutMs = 15_000): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'node/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.stdout.resume();
    const t = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, stderr });
    });
  });
}

test('a bad flag value is refused at start with exit code 2 and a message naming it', async () => {
  const r = await runDaemon(['--id', 'A', '--tick-ms', 'fast']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /tickMs \(flag --tick-ms\)/);
});

test('a bad ROSTER_* environment value is refused with exit code 2 naming the variable', async () => {
  const r = await runDaemon(['--id', 'A'], { ROSTER_PEERS: 'A=nohost' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /environment ROSTER_PEERS/);
});

test('a missing id is refused with exit code 2', async () => {
  const r = await runDaemon([]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /id .*required/);
});

test('an unknown setting in the config file is refused with exit code 2', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-cfg-'));
  try {
    const file = path.join(dir, 'c.json');
    (await import('node:fs')).writeFileSync(file, JSON.stringify({ id: 'A', electionTimeout: 5 }));
    const r = await runDaemon(['--config', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown setting\(s\) electionTimeout/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second daemon on the same data directory is refused with a clear message and the first keeps running', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-dup-'));
  const port1 = await freePort();
  const port2 = await freePort();
  const first = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'node/main.ts'), '--id', 'A', '--peers', `A=127.0.0.1:${port1}`, '--data-dir', dir, '--metrics-listen', 'off', '--http-listen', 'off'], { cwd: ROOT, stdio: 'ignore' });
  const probe = new NodeHandle('A', `127.0.0.1:${port1}`, dir, '');
  try {
    // A daemon opens its data directory before it serves gRPC: once it answers, it holds the directory.
    await waitFor(async () => {
      if (first.exitCode !== null) throw new Error(`the first daemon exited with code ${first.exitCode}`);
      return (await probe.call('admin', 'Status', {}, 500)).ok;
    }, 'the first daemon to answer Status', 20_000);
    const r = await runDaemon(['--id', 'A', '--peers', `A=127.0.0.1:${port2}`, '--data-dir', dir, '--metrics-listen', 'off', '--http-listen', 'off']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /in use by another rosterd process/);
    assert.equal(first.exitCode, null, 'the first daemon must still be running');
  } finally {
    probe.closeClients();
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
});
