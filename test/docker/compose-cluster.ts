/**
 * deploy/docker/compose.yml's three facilities as the docker test drives them: compose
 * up and down under a project name of the test's own, the containers as the nemeses'
 * FaultTarget (kill, start, pause and resume through the engine), and the nodes' Admin
 * status through the addresses they advertise, which the host reaches on the compose
 * network's bridge.
 */
import path from 'node:path';
import { Clients } from '../partition/client.ts';
import type { FaultTarget } from '../partition/nemesis.ts';
import type { NodeStatus } from '../partition/nodes.ts';
import { ROOT } from '../partition/netns.ts';
import { run } from './docker-host.ts';

export const COMPOSE_FILE = path.join(ROOT, 'deploy/docker/compose.yml');
/** The compose network's first three octets (compose.yml): facility A is .11, B .12, C .13. */
export const COMPOSE_SUBNET = '10.213.78';
/** The port every node listens on inside its container. */
export const NODE_PORT = 7100;

/** Admin.Status as the loader delivers it, with the partition view. */
export interface ContainerStatus extends NodeStatus {
  readonly partitionState: string;
}

export interface ComposeOptions {
  /** The compose command (`docker compose` or `docker-compose`). */
  readonly compose: readonly string[];
  /** Project name: containers, network and volumes carry it, and down removes them all. */
  readonly project: string;
  /** Extra environment for compose (ROSTERD_BASE, published ports, ROSTERD_PEERS_*). */
  readonly env: Readonly<Record<string, string>>;
  /** Extra compose arguments before the command (profiles, env files). */
  readonly args?: readonly string[];
}

export class ComposeCluster implements FaultTarget {
  readonly ids = ['A', 'B', 'C'] as const;
  readonly clients = new Clients();
  private readonly paused = new Set<string>();

  constructor(private readonly o: ComposeOptions) {}

  /** Runs compose with `args`; returns stdout. */
  compose(args: readonly string[], timeoutMs = 120_000): string {
    const [command, ...base] = this.o.compose;
    return run(command!, [...base, '-f', COMPOSE_FILE, '-p', this.o.project, ...(this.o.args ?? []), ...args], {
      timeoutMs,
      env: { ...process.env, ...this.o.env },
    });
  }

  /** The address facility `id` advertises (and the host reaches). */
  address(id: string): string {
    return `${COMPOSE_SUBNET}.${10 + id.charCodeAt(0) - 64}:${NODE_PORT}`;
  }

  container(id: string): string {
    const name = this.compose(['ps', '-q', id.toLowerCase()], 30_000).trim();
    if (name === '') throw new Error(`no container for facility ${id}`);
    return name;
  }

  /** The pid of the container's first process: its network namespace is the facility's. */
  pid(id: string): number {
    return Number(run('docker', ['inspect', '-f', '{{.State.Pid}}', this.container(id)]).trim());
  }

  /** The engine's health status of the container (starting, healthy, unhealthy). */
  health(id: string): string {
    return run('docker', ['inspect', '-f', '{{if .State.Health}}{{.State.Health.Status}}{{end}}', this.container(id)]).trim();
  }

  node(id: string): { alive: boolean; paused: boolean } {
    const running = run('docker', ['inspect', '-f', '{{.State.Running}}', this.container(id)]).trim() === 'true';
    return { alive: running, paused: this.paused.has(id) };
  }

  async kill(id: string): Promise<void> {
    run('docker', ['kill', '--signal', 'KILL', this.container(id)]);
  }

  start(id: string): void {
    run('docker', ['start', this.container(id)]);
  }

  pause(id: string): void {
    run('docker', ['pause', this.container(id)]);
    this.paused.add(id);
  }

  resume(id: string): void {
    run('docker', ['unpause', this.container(id)]);
    this.paused.delete(id);
  }

  async status(id: string, timeoutMs = 1000): Promise<ContainerStatus | undefined> {
    const r = await this.clients.call<ContainerStatus>('admin', this.address(id), 'Status', {}, timeoutMs);
    return r.ok ? r.value : undefined;
  }

  async leader(): Promise<string | undefined> {
    const views = await Promise.all(this.ids.map((id) => this.status(id)));
    let best: NodeStatus | undefined;
    for (const v of views) if (v && v.role === 'leader' && (best === undefined || v.term > best.term)) best = v;
    return best?.id;
  }
}
