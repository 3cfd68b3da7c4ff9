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
export async function runInProcess(
  argv: readonly string[],
  options: { env?: Record<string, string>; transport?: () => Transport } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  const code = await run(argv, {
    sink: { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) },
    env: options.env ?? {},
    ...(options.transport ? { transport: options.transport } : {}),
  });
  return { code, stdout, stderr, ms: Date.now() - started };
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
