/**
 * The TypeScript side of deploy/netns/cluster.sh: prerequisites, and one function per
 * script command. Every network fault of the partition suite goes through the script, so
 * what a test does can be repeated by hand (`deploy/netns/cluster.sh cut A B`).
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLUSTER_SH = path.join(ROOT, 'deploy/netns/cluster.sh');

/** The subnet's first three octets (cluster.sh's ROSTERD_NETNS_SUBNET). */
export const SUBNET = process.env['ROSTERD_NETNS_SUBNET'] ?? '10.213.77';

/** Milliseconds one cluster.sh command may take before it is reported as hung. */
const SCRIPT_TIMEOUT_MS = 20_000;

/** The address of facility `id` (A -> .11, B -> .12, ...), as cluster.sh assigns it. */
export function addressOf(id: string): string {
  const i = id.toUpperCase().charCodeAt(0) - 64;
  if (i < 1 || i > 9) throw new RangeError(`facility id ${id} is outside A..I`);
  return `${SUBNET}.${10 + i}`;
}

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * What this machine lacks for the partition suite, one human-readable item each; empty
 * when everything is there. (CI runs as root, and .ci/run installs iptables and iproute2.)
 */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (process.platform !== 'linux') missing.push(`Linux (this is ${process.platform})`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    missing.push('root: network namespaces, iptables and tc need it (run the suite as root, as CI does)');
  }
  for (const [tool, pkg] of [
    ['ip', 'iproute2'],
    ['iptables', 'iptables'],
    ['tc', 'iproute2'],
  ] as const) {
    if (!onPath(tool)) missing.push(`${tool} (install the Debian package ${pkg})`);
  }
  return missing;
}

/** Throws one clear error naming everything missing. */
export function assertPrerequisites(): void {
  const missing = missingPrerequisites();
  if (missing.length > 0) {
    throw new Error(`the partition suite cannot run here; missing:\n  - ${missing.join('\n  - ')}`);
  }
}

/** Runs cluster.sh with `args`; resolves with stdout, rejects with the script's stderr. */
export function script(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [CLUSTER_SH, ...args], { timeout: SCRIPT_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cluster.sh ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** `cluster.sh down`, synchronously (for exit handlers); never throws. */
export function downSync(): void {
  try {
    execFileSync('bash', [CLUSTER_SH, 'down'], { stdio: 'ignore', timeout: SCRIPT_TIMEOUT_MS });
  } catch {
    // Best effort: the next run's `down` retries.
  }
}

/** The netns cluster's network, as the nemeses use it. */
export const net = {
  up: (n: number) => script('up', String(n)),
  down: () => script('down'),
  cut: (a: string, b: string) => script('cut', a, b),
  isolate: (id: string) => script('isolate', id),
  /** Flushes every partition rule (of `ids`, or of all facilities). */
  heal: (...ids: string[]) => script('heal', ...ids),
  netem: (id: string, o: { delayMs: number; jitterMs: number; lossPct: number; reorderPct: number }) =>
    script('netem', id, 'delay', String(o.delayMs), String(o.jitterMs), 'loss', String(o.lossPct), 'reorder', String(o.reorderPct)),
  netemClear: (...ids: string[]) => script('netem-clear', ...ids),
  /** `netem` (tc netem) or `nfqueue` (the user-space delayer, when the kernel lacks sch_netem). */
  backend: async () => (await script('netem-backend')).trim(),
};
