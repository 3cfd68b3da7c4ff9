/**
 * The TypeScript side of deploy/netns/cluster.sh: prerequisites, and one function per
 * script command. Every network fault of the partition suite (and of the docker test,
 * on the containers' namespaces) goes through the script, so what a test does can be
 * repeated by hand (`deploy/netns/cluster.sh cut A B`).
 */
import { execFile, execFileSync } from 'node:child_process';
import type { NetemSpec, NetworkFaults } from './network-faults.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLUSTER_SH = path.join(ROOT, 'deploy/netns/cluster.sh');

/** The subnet's first three octets (cluster.sh's ROSTERD_NETNS_SUBNET). */
export const SUBNET = process.env['ROSTERD_NETNS_SUBNET'] ?? '10.213.77';

/**
 * Which cluster.sh cluster a call is about: its name prefix (ROSTERD_NETNS_PREFIX) and
 * subnet. The partition suite's namespaces and the docker test's attached containers
 * are two scopes side by side.
 */
export interface NetnsScope {
  readonly prefix: string;
  readonly subnet: string;
}

/** The partition suite's own namespaces. */
export const SUITE_SCOPE: NetnsScope = Object.freeze({ prefix: process.env['ROSTERD_NETNS_PREFIX'] ?? 'rosterd-', subnet: SUBNET });

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

function scopeEnv(scope: NetnsScope): NodeJS.ProcessEnv {
  return { ...process.env, ROSTERD_NETNS_PREFIX: scope.prefix, ROSTERD_NETNS_SUBNET: scope.subnet };
}

/** Runs cluster.sh with `args` in `scope`; resolves with stdout, rejects with the script's stderr. */
export function scopedScript(scope: NetnsScope, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', [CLUSTER_SH, ...args], { timeout: SCRIPT_TIMEOUT_MS, env: scopeEnv(scope) }, (err, stdout, stderr) => {
      if (err) reject(new Error(`cluster.sh ${args.join(' ')} failed: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

/** Runs cluster.sh with `args` for the partition suite's namespaces. */
export function script(...args: string[]): Promise<string> {
  return scopedScript(SUITE_SCOPE, ...args);
}

/** `cluster.sh down` in `scope`, synchronously (for exit handlers); never throws. */
export function downSync(scope: NetnsScope = SUITE_SCOPE): void {
  try {
    execFileSync('bash', [CLUSTER_SH, 'down'], { stdio: 'ignore', timeout: SCRIPT_TIMEOUT_MS, env: scopeEnv(scope) });
  } catch {
    // Best effort: the next run's `down` retries.
  }
}

/**
 * The iptables backend of the nemeses' NetworkFaults (nemesis.ts), through cluster.sh in
 * `scope`: partitions are DROP rules inside each facility's namespace, latency is tc
 * netem (or the NFQUEUE delayer). It works on namespaces the script made (`up`) and on
 * attached ones (a container's, `attach`).
 */
export function iptablesFaults(scope: NetnsScope) {
  const run = (...args: string[]) => scopedScript(scope, ...args).then(() => undefined);
  return {
    name: 'iptables',
    up: (n: number) => run('up', String(n)),
    /** Names `pid`'s network namespace as facility `id`'s and adds the fault chains (a container). */
    attach: (id: string, pid: number) => run('attach', id, String(pid)),
    down: () => run('down'),
    cut: (a: string, b: string) => run('cut', a, b),
    isolate: (id: string) => run('isolate', id),
    /** Flushes every partition rule (of `ids`, or of all facilities). */
    heal: (...ids: string[]) => run('heal', ...ids),
    netem: (id: string, o: NetemSpec) =>
      run('netem', id, 'delay', String(o.delayMs), String(o.jitterMs), 'loss', String(o.lossPct), 'reorder', String(o.reorderPct)),
    netemClear: (...ids: string[]) => run('netem-clear', ...ids),
    /** `netem` (tc netem) or `nfqueue` (the user-space delayer, when the kernel lacks sch_netem). */
    backend: async () => (await scopedScript(scope, 'netem-backend')).trim(),
  } satisfies NetworkFaults & Record<string, unknown>;
}

/** The partition suite's network: its own namespaces, faults by iptables. */
export const net = iptablesFaults(SUITE_SCOPE);
