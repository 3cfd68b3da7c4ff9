/**
 * The docker test's hold on the machine: the tools it needs, a Docker engine of its own
 * when none runs, and putting the host back as it was afterwards.
 *
 * The engine this starts runs with --iptables=false and --ip-forward=false: it then
 * changes nothing in the host's firewall or forwarding (a default dockerd enables
 * forwarding and sets the FORWARD policy to DROP, which drops the netns partition
 * suite's bridged traffic, on this machine or a CI run after this one). The test needs
 * neither: its containers talk over their own bridge, the host reaches them there, and
 * the published ports go through docker-proxy. Whatever engine runs, stop() restores the
 * FORWARD policy and net.ipv4.ip_forward if they changed while the test ran, and
 * removes the docker0 bridge if the engine made it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Debian packages the test installs when their commands are missing (as root). */
const PACKAGES: readonly (readonly [command: string, pkg: string])[] = [
  ['dockerd', 'docker.io'],
  ['docker', 'docker.io'],
  ['debootstrap', 'debootstrap'],
  ['iptables', 'iptables'],
  ['ip', 'iproute2'],
];
/** How long a fresh engine may take to answer. */
const ENGINE_START_MS = 60_000;
/** How long the engine gets to stop on SIGTERM before SIGKILL. */
const ENGINE_STOP_MS = 20_000;

export function run(command: string, args: readonly string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  return execFileSync(command, args, {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    env: options.env ?? process.env,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}

function succeeds(command: string, args: readonly string[]): boolean {
  try {
    run(command, args, { timeoutMs: 15_000 });
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  return succeeds('sh', ['-c', `command -v ${command}`]);
}

/** What the test cannot do here, one item each; empty when it can run. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (process.platform !== 'linux') missing.push(`Linux (this is ${process.platform})`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) missing.push('root: the test starts dockerd and sets iptables rules in containers');
  return missing;
}

/**
 * Installs the Debian packages whose commands are missing, plus a compose (the v2
 * plugin if the docker CLI has it, else Debian's docker-compose 1.29).
 */
export function installTools(): void {
  const needed = new Set(PACKAGES.filter(([command]) => !onPath(command)).map(([, pkg]) => pkg));
  if (composeCommand() === undefined) needed.add('docker-compose');
  if (needed.size === 0) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { timeoutMs: 300_000, env });
  run('apt-get', ['install', '-y', '-qq', ...needed], { timeoutMs: 600_000, env });
}

/** The compose command: `docker compose` (v2) where the CLI has it, else `docker-compose` (1.29); undefined if neither. */
export function composeCommand(): readonly string[] | undefined {
  if (succeeds('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (succeeds('docker-compose', ['version'])) return ['docker-compose'];
  return undefined;
}

interface HostNetworkState {
  readonly forwardPolicy: string;
  readonly ipForward: string;
  readonly docker0: boolean;
}

function hostNetworkState(): HostNetworkState {
  const policy = /^-P FORWARD (\S+)$/m.exec(run('iptables', ['-S', 'FORWARD']))?.[1] ?? 'ACCEPT';
  return {
    forwardPolicy: policy,
    ipForward: readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim(),
    docker0: succeeds('ip', ['link', 'show', 'docker0']),
  };
}

export class DockerHost {
  private engine: ChildProcess | undefined;
  private before: HostNetworkState | undefined;
  private logPath = '';

  /** Whether this test started the engine (and so stops it). */
  get ownsEngine(): boolean {
    return this.engine !== undefined;
  }

  /** Uses the running engine, or starts one of its own (see the top of this file). */
  async start(): Promise<void> {
    this.before = hostNetworkState();
    if (succeeds('docker', ['version'])) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-dockerd-'));
    this.logPath = path.join(dir, 'dockerd.log');
    const out = openSync(this.logPath, 'a');
    this.engine = spawn('dockerd', ['--iptables=false', '--ip-forward=false', '--pidfile', path.join(dir, 'dockerd.pid')], { stdio: ['ignore', out, out] });
    closeSync(out);
    const deadline = Date.now() + ENGINE_START_MS;
    while (!succeeds('docker', ['version'])) {
      if (this.engine.exitCode !== null || Date.now() > deadline) {
        throw new Error(`dockerd did not start (log ${this.logPath}):\n${readFileSync(this.logPath, 'utf8').slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * Stops the engine if this test started it (by its pid), then puts back the FORWARD
   * policy, net.ipv4.ip_forward and the absence of docker0 as they were before start().
   * Synchronous, so exit handlers can run it; never throws.
   */
  stopSync(): void {
    const engine = this.engine;
    if (engine?.pid !== undefined && engine.exitCode === null && engine.signalCode === null) {
      try {
        process.kill(engine.pid, 'SIGTERM');
        const deadline = Date.now() + ENGINE_STOP_MS;
        while (Date.now() < deadline && isAlive(engine.pid)) execFileSync('sleep', ['0.2']);
        if (isAlive(engine.pid)) process.kill(engine.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    this.engine = undefined;
    const before = this.before;
    if (before === undefined) return;
    try {
      const now = hostNetworkState();
      if (now.forwardPolicy !== before.forwardPolicy) run('iptables', ['-P', 'FORWARD', before.forwardPolicy]);
      if (now.ipForward !== before.ipForward) run('sysctl', ['-q', '-w', `net.ipv4.ip_forward=${before.ipForward}`]);
      if (now.docker0 && !before.docker0 && engine !== undefined) run('ip', ['link', 'delete', 'docker0']);
    } catch (e) {
      process.stderr.write(`docker test: could not restore the host network state: ${(e as Error).message}\n`);
    }
  }
}

/** Whether `pid` still runs: a zombie has stopped (it waits to be reaped by the event loop, which a synchronous wait does not turn). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
