/**
 * rosterd nodes running inside the facility namespaces of deploy/netns/cluster.sh: one
 * process per facility, data and logs in a run directory, started, killed (-9),
 * paused (SIGSTOP) and resumed (SIGCONT) by pid. The runner in the root namespace
 * reaches each node at its namespace address through the bridge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Clients, type CallResult } from './client.ts';
import { addressOf, CLUSTER_SH, ROOT } from './netns.ts';

/** The gRPC port every node listens on, at its own namespace address. */
export const NODE_PORT = 7100;
/** Raft tick used by the suite (the daemon's default). */
export const TICK_MS = 25;

/** NodeStatus of the Admin service, as proto-loader delivers it. */
export interface NodeStatus {
  id: string;
  role: string;
  term: number;
  leader: string;
  commitIndex: number;
  appliedIndex: number;
}

export class NodeProcess {
  proc: ChildProcess | undefined;
  paused = false;
  /** How many times this node was started (1 on the first start). */
  starts = 0;

  constructor(
    readonly id: string,
    readonly address: string,
    readonly dataDir: string,
    readonly logPath: string,
  ) {}

  get alive(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  log(): string {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }
}

/** Three (or more) facility nodes in their namespaces. */
export class NetnsCluster {
  readonly nodes = new Map<string, NodeProcess>();
  readonly clients = new Clients();
  private readonly peers: string;

  constructor(
    readonly dir: string,
    ids: readonly string[],
  ) {
    for (const id of ids) {
      const address = `${addressOf(id)}:${NODE_PORT}`;
      this.nodes.set(id, new NodeProcess(id, address, path.join(dir, id), path.join(dir, `${id}.log`)));
    }
    this.peers = [...this.nodes.values()].map((n) => `${n.id}=${n.address}`).join(',');
  }

  get ids(): string[] {
    return [...this.nodes.keys()];
  }

  node(id: string): NodeProcess {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  /** The node listening at `address`, if it is one of ours. */
  byAddress(address: string): NodeProcess | undefined {
    return [...this.nodes.values()].find((n) => n.address === address);
  }

  /** Starts facility `id` inside its namespace (the pid is the node's: cluster.sh and ip exec). */
  start(id: string): void {
    const n = this.node(id);
    if (n.alive) throw new Error(`${id} is already running`);
    const out = openSync(n.logPath, 'a');
    n.proc = spawn(
      'bash',
      [
        CLUSTER_SH, 'exec', id,
        process.execPath, '--import', 'tsx', path.join(ROOT, 'node/main.ts'),
        '--id', id, '--peers', this.peers, '--listen', n.address, '--data-dir', n.dataDir,
        '--tick-ms', String(TICK_MS), '--metrics-listen', 'off', '--http-listen', 'off', '--log-level', 'info',
      ],
      { cwd: ROOT, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    n.paused = false;
    n.starts++;
  }

  /** kill -9, waiting for the exit. A paused node is killed too. */
  async kill(id: string): Promise<void> {
    const n = this.node(id);
    const p = n.proc;
    if (p === undefined || !n.alive) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGKILL');
    await exited;
    n.paused = false;
  }

  pause(id: string): void {
    const n = this.node(id);
    if (n.alive && !n.paused) {
      n.proc!.kill('SIGSTOP');
      n.paused = true;
    }
  }

  resume(id: string): void {
    const n = this.node(id);
    if (n.alive && n.paused) {
      n.proc!.kill('SIGCONT');
      n.paused = false;
    }
  }

  async status(id: string, timeoutMs = 400): Promise<NodeStatus | undefined> {
    const r = await this.clients.call<NodeStatus>('admin', this.node(id).address, 'Status', {}, timeoutMs);
    return r.ok ? r.value : undefined;
  }

  /**
   * The leader as the nodes report it: the self-declared leader with the highest term
   * among those answering, or undefined.
   */
  async leader(): Promise<string | undefined> {
    const views = await Promise.all(this.ids.map((id) => this.status(id)));
    let best: NodeStatus | undefined;
    for (const v of views) if (v && v.role === 'leader' && (best === undefined || v.term > best.term)) best = v;
    return best?.id;
  }

  /** Waits until every live node names the same leader; throws after `timeoutMs`. */
  async waitForLeader(timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let views: (NodeStatus | undefined)[] = [];
    while (Date.now() < deadline) {
      const live = this.ids.filter((id) => this.node(id).alive);
      views = await Promise.all(live.map((id) => this.status(id)));
      const l = views[0]?.leader;
      if (l && views.every((v) => v?.leader === l) && live.includes(l)) return l;
      await sleep(100);
    }
    throw new Error(`no agreed leader after ${timeoutMs} ms (views: ${JSON.stringify(views.map((v) => v?.leader ?? null))})`);
  }

  /**
   * Calls `method` on the leader: follows redirects and retries through elections and
   * unreachable nodes until `timeoutMs` passes. For setup and probes, not for the
   * recorded workload (which records every attempt's outcome itself).
   */
  async leaderCall<T>(method: string, req: unknown, timeoutMs: number): Promise<CallResult<T>> {
    const deadline = Date.now() + timeoutMs;
    let target = this.ids[0]!;
    let last: CallResult<T> | undefined;
    for (let attempt = 0; attempt < 1000 && Date.now() < deadline; attempt++) {
      const r = await this.clients.call<T>('roster', this.node(target).address, method, req, Math.min(2000, deadline - Date.now()));
      if (r.ok) return r;
      last = r;
      const hint = r.error.metadata['x-roster-leader-id'];
      if (hint && this.nodes.has(hint)) target = hint;
      else {
        target = this.ids[(this.ids.indexOf(target) + 1) % this.ids.length]!;
        await sleep(100);
      }
    }
    return last ?? { ok: false, error: { code: 4, details: 'leaderCall: deadline passed', metadata: {} } };
  }

  /** kill -9 every node (by pid) and release the clients. */
  async stopAll(): Promise<void> {
    await Promise.all(this.ids.map((id) => this.kill(id)));
    this.clients.close();
  }

  /** Synchronous SIGKILL of every child, for exit handlers. */
  killAllSync(): void {
    for (const n of this.nodes.values()) {
      if (n.alive) {
        try {
          n.proc!.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
