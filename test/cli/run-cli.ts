import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Transport } from '../../cli/client.ts';
import { run } from '../../cli/program.ts';

/** Helpers to run rosterctl in-process (fast, injectable) or as a child process (the real thing). */

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock milliseconds the run took. */
  readonly ms: number;
}

/** Runs rosterctl in this process with a clean environment (no ROSTER_ENDPOINTS unless given). */
export function runInProcess(
  argv: readonly string[],
  options: { env?: Record<string, string>; transport?: () => Transport } = {},
): Promise<CliResult> {
  return startInProcess(argv, options).result;
}

/** A rosterctl run in this process that is still going: its output so far, and its result. */
export interface RunningCli {
  stdout(): string;
  stderr(): string;
  /** True once the run has ended (then `result` is settled). */
  ended(): boolean;
  readonly result: Promise<CliResult>;
}

/**
 * Starts rosterctl in this process like runInProcess, without waiting for it: for
 * long-running commands (watch) whose output a test waits on while it goes on.
 */
export function startInProcess(
  argv: readonly string[],
  options: { env?: Record<string, string>; transport?: () => Transport } = {},
): RunningCli {
  let stdout = '';
  let stderr = '';
  let ended = false;
  const started = Date.now();
  const result = run(argv, {
    sink: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
    env: options.env ?? {},
    ...(options.transport ? { transport: options.transport } : {}),
  }).then((code) => {
    ended = true;
    return { code, stdout, stderr, ms: Date.now() - started };
  });
  return { stdout: () => stdout, stderr: () => stderr, ended: () => ended, result };
}

const ENTRY = fileURLToPath(new URL('../../cli/rosterctl.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `node --import tsx cli/rosterctl.ts ...argv` as a child process. Asynchronous on
 * purpose: a fake node serving the child lives in this process's event loop.
 */
export function runProcess(argv: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', ENTRY, ...argv],
      { cwd: ROOT, env: { ...process.env, ROSTER_ENDPOINTS: '', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
        resolve({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** A transport that records any use: for checking that bad input never reaches the network. */
export function forbiddenTransport(): { transport: () => Transport; used: () => number } {
  let uses = 0;
  const transport: Transport = {
    unary: async () => {
      uses++;
      throw new Error('network used');
    },
    close: () => {},
  };
  return {
    transport: () => {
      uses++;
      return transport;
    },
    used: () => uses,
  };
}
