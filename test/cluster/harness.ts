/**
 * A real cluster for tests and benchmarks: rosterd processes on free loopback ports
 * with data in a temp directory, driven over the public gRPC API. Nodes can be killed
 * with any signal and restarted on the same data. stop() removes everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { ERROR_KEY, LEADER_ID_KEY } from '../../node/errors.ts';
import { clientPackageDefinition } from '../../node/server/protos.ts';
import { defaultKeyFile, FacilityIdentity, formatPublicKey, writeKeyFile } from '../../node/ledger/index.ts';
import { DEFAULT_CLUSTER } from '../../node/config.ts';
import { channelFor, TlsMaterial, type Role } from '../../node/tls/index.ts';
import { clientCertFile, clientKeyFile, createCa, facilityCertFile, issueClientCertificate, issueFacilityCertificate } from '../../node/tls/certificate-issuer.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Callback = (err: grpc.ServiceError | null, res: any) => void;
type Stub = grpc.Client & Record<string, (req: unknown, opts: grpc.CallOptions, cb: Callback) => void>;
const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as any;

/**
 * Channel options of the test clients. A client is made before its node listens (every
 * start and restart), so its first connection attempts fail; with grpc-js's default
 * reconnect backoff (1 s, growing 1.6 times per attempt) the channel would find a node
 * that came up slowly on a loaded machine only seconds later, which can outlast
 * waitForLeader's deadline. With these it notices a listening node within half a second.
 */
const CLIENT_OPTIONS: grpc.ChannelOptions = Object.freeze({ 'grpc.initial_reconnect_backoff_ms': 100, 'grpc.max_reconnect_backoff_ms': 500 });

/** A failed call: the gRPC code, details and metadata as a plain object. */
export interface CallError {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: Record<string, string>;
}

export type CallResult<T = any> = { ok: true; value: T } | { ok: false; error: CallError };

/** How long Cluster.start waits for the nodes to agree on a leader. */
const START_TIMEOUT_MS = 60_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ClusterOptions {
  readonly ids?: readonly string[];
  /** Extra flags for every node (e.g. ['--snapshot-entries', '50']). */
  readonly flags?: readonly string[];
  readonly tickMs?: number;
  /**
   * How the facilities' keys enter the cluster: 'genesis' (the default) writes each
   * node's key file before the first start and gives every node all public keys with
   * --peer-keys; 'register' leaves it to the nodes (each creates its key and registers
   * it through the log, trust on first use).
   */
  readonly keys?: 'genesis' | 'register';
  /** Serve each node's web page (node/web) on a free loopback port: NodeHandle.webUrl. */
  readonly web?: boolean;
  /**
   * Mutual TLS: a CA in the cluster's directory (tls/), a certificate for each facility's
   * key, and a client certificate per role (Cluster.tls.clients); the nodes start with
   * --tls-ca/--tls-cert, and the harness's own calls present the admin certificate.
   */
  readonly tls?: boolean;
  /**
   * Which daemon runs: 'source' (the default) runs node/main.ts through tsx; 'built' runs
   * dist/node/main.js as `npm run build` leaves it and as the docker image runs it (no
   * TypeScript loader thread beside the daemon): what benchmarks measure. The caller
   * builds first (bench/systems/built-daemon.ts).
   */
  readonly daemon?: 'source' | 'built';
}

/** A test cluster's TLS files: the CA's, each facility's certificate, and a client identity per role. */
export interface ClusterTls {
  readonly dir: string;
  readonly ca: string;
  readonly caKey: string;
  readonly cluster: string;
  readonly facilityCerts: ReadonlyMap<string, string>;
  readonly clients: Readonly<Record<Role, TlsMaterial>>;
}

/**
 * A call's deadline unless the test names one: a bound for a loaded CI machine (where a
 * busy node answers in seconds), not a claim about speed.
 */
const CALL_DEADLINE_MS = 10_000;
/** One attempt of leaderCall: shorter, so a node that stopped answering leaves time to try another. */
const ATTEMPT_DEADLINE_MS = 5_000;

function callStub<T>(stub: Stub, method: string, req: unknown, timeoutMs: number): Promise<CallResult<T>> {
  return new Promise((resolve) =>
    stub[method]!(req, { deadline: Date.now() + timeoutMs }, (err, value) => {
      if (!err) resolve({ ok: true, value });
      else {
        const md: Record<string, string> = {};
        for (const [k, v] of Object.entries(err.metadata?.getMap() ?? {})) md[k] = String(v);
        resolve({ ok: false, error: { code: err.code, details: err.details, metadata: md } });
      }
    }),
  );
}

export class NodeHandle {
  proc: ChildProcess | undefined;
  private roster: Stub | undefined;
  private admin: Stub | undefined;
  private ledger: Stub | undefined;
  /** The client identity the harness's calls present when the cluster runs TLS (the admin's). */
  clientTls: TlsMaterial | undefined;
  constructor(
    readonly id: string,
    readonly address: string,
    readonly dataDir: string,
    readonly logPath: string,
    /** host:port of the node's web page, when the cluster serves it (ClusterOptions.web). */
    readonly webAddress?: string,
  ) {}

  /** The node's web page, e.g. http://127.0.0.1:40123/ (throws when the cluster does not serve it). */
  get webUrl(): string {
    if (this.webAddress === undefined) throw new Error(`node ${this.id} serves no web page (start the cluster with web: true)`);
    return `http://${this.webAddress}/`;
  }

  get alive(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  call<T = any>(service: 'roster' | 'admin' | 'ledger', method: string, req: unknown, timeoutMs = CALL_DEADLINE_MS): Promise<CallResult<T>> {
    const stub: Stub =
      service === 'roster' ? (this.roster ??= this.stub(service, this.clientTls)) : service === 'admin' ? (this.admin ??= this.stub(service, this.clientTls)) : (this.ledger ??= this.stub(service, this.clientTls));
    return callStub(stub, method, req, timeoutMs);
  }

  /**
   * One call over a connection of its own presenting `tls` (a client identity; undefined:
   * a TLS client without a certificate when the cluster runs TLS, else plaintext).
   */
  async callAs<T = any>(tls: TlsMaterial | undefined, service: 'roster' | 'admin' | 'ledger', method: string, req: unknown, timeoutMs = CALL_DEADLINE_MS): Promise<CallResult<T>> {
    const stub = this.stub(service, tls, tls === undefined && this.clientTls !== undefined ? this.clientTls : undefined);
    try {
      return await callStub<T>(stub, method, req, timeoutMs);
    } finally {
      stub.close();
    }
  }

  /** A stub presenting `tls`; with only `trustOf`, a TLS client that trusts its CA and presents no certificate. */
  private stub(service: 'roster' | 'admin' | 'ledger', tls: TlsMaterial | undefined, trustOf?: TlsMaterial): Stub {
    const Ctor = service === 'roster' ? pkg.rosterd.v1.Roster : service === 'admin' ? pkg.rosterd.admin.v1.Admin : pkg.rosterd.ledger.v1.Ledger;
    if (trustOf !== undefined) return new Ctor(this.address, grpc.credentials.createSsl(trustOf.ca), { ...CLIENT_OPTIONS, 'grpc.ssl_target_name_override': 'localhost' });
    const ch = channelFor(tls, this.address);
    return new Ctor(this.address, ch.credentials, { ...CLIENT_OPTIONS, ...ch.options });
  }

  closeClients(): void {
    this.roster?.close();
    this.admin?.close();
    this.ledger?.close();
    this.roster = undefined;
    this.admin = undefined;
    this.ledger = undefined;
  }

  /** The facility key file in this node's data directory. */
  get keyFile(): string {
    return defaultKeyFile(this.dataDir);
  }

  log(): string {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }
}

export class Cluster {
  readonly nodes = new Map<string, NodeHandle>();
  private readonly peersFlag: string;

  private constructor(
    readonly dir: string,
    handles: NodeHandle[],
    private readonly flags: readonly string[],
    /** The cluster's TLS files when it runs mutual TLS (ClusterOptions.tls). */
    readonly tls: ClusterTls | undefined,
    private readonly daemon: 'source' | 'built',
  ) {
    for (const h of handles) {
      this.nodes.set(h.id, h);
      h.clientTls = tls?.clients.admin;
    }
    this.peersFlag = handles.map((h) => `${h.id}=${h.address}`).join(',');
  }

  /**
   * Starts the nodes and waits until they agree on a leader. If they do not, stops them
   * and throws: a test whose cluster failed to start has no handle to stop it with, and
   * live child processes would keep its test file from ever ending.
   */
  static async start(o: ClusterOptions = {}): Promise<Cluster> {
    const ids = o.ids ?? ['A', 'B', 'C'];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rosterd-test-'));
    const handles: NodeHandle[] = [];
    for (const id of ids) {
      const port = await freePort();
      const web = o.web ? `127.0.0.1:${await freePort()}` : undefined;
      handles.push(new NodeHandle(id, `127.0.0.1:${port}`, path.join(dir, id), path.join(dir, `${id}.log`), web));
    }
    const keyFlags: string[] = [];
    // A certificate is of its facility's key, so with TLS the keys exist before the first start.
    if ((o.keys ?? 'genesis') === 'genesis' || o.tls) {
      const keys: string[] = [];
      for (const h of handles) {
        const identity = FacilityIdentity.generate(h.id);
        await writeKeyFile(h.keyFile, identity);
        keys.push(`${h.id}=${formatPublicKey(identity.publicKey)}`);
      }
      if ((o.keys ?? 'genesis') === 'genesis') keyFlags.push('--peer-keys', keys.join(','));
    }
    const flags = ['--tick-ms', String(o.tickMs ?? 20), '--metrics-listen', 'off', '--http-listen', 'off', '--log-level', 'info', ...keyFlags, ...(o.flags ?? [])];
    const clusterFlag = flags.indexOf('--cluster');
    const tls = o.tls ? await makeClusterTls(path.join(dir, 'tls'), clusterFlag >= 0 ? flags[clusterFlag + 1]! : DEFAULT_CLUSTER, handles) : undefined;
    const c = new Cluster(dir, handles, flags, tls, o.daemon ?? 'source');
    for (const id of ids) c.spawn(id);
    try {
      // A bound, not an expectation: on a loaded machine three daemons compiling their
      // TypeScript at once can take tens of seconds to start.
      await c.waitForLeader(START_TIMEOUT_MS);
    } catch (e) {
      await c.stop();
      throw e;
    }
    return c;
  }

  node(id: string): NodeHandle {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  spawn(id: string, extraFlags: readonly string[] = []): void {
    const n = this.node(id);
    if (n.alive) throw new Error(`${id} is already running`);
    const out = openSync(n.logPath, 'a');
    // ROSTER_TEST_NODE_ARGS: extra node flags for the daemons (e.g. --cpu-prof for profiling).
    const nodeArgs = (process.env['ROSTER_TEST_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
    n.proc = spawn(
      process.execPath,
      [...nodeArgs, ...(this.daemon === 'built' ? [path.join(ROOT, 'dist/node/main.js')] : ['--import', 'tsx', path.join(ROOT, 'node/main.ts')]), '--id', id, '--peers', this.peersFlag, '--data-dir', n.dataDir, ...this.flags, ...(n.webAddress ? ['--http-listen', n.webAddress] : []), ...this.tlsFlags(id, extraFlags), ...extraFlags],
      { cwd: ROOT, stdio: ['ignore', out, out] },
    );
    closeSync(out);
  }

  /** The node's TLS flags when the cluster runs TLS, unless `extraFlags` gives its own --tls-cert. */
  private tlsFlags(id: string, extraFlags: readonly string[]): string[] {
    if (this.tls === undefined) return [];
    const cert = this.tls.facilityCerts.get(id);
    const flags = extraFlags.includes('--tls-ca') ? [] : ['--tls-ca', this.tls.ca];
    return extraFlags.includes('--tls-cert') || cert === undefined ? flags : [...flags, '--tls-cert', cert];
  }

  /** Sends a signal and, for SIGKILL/SIGTERM, waits for the process to exit. */
  async kill(id: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const n = this.node(id);
    const p = n.proc;
    if (!p || !n.alive) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill(signal);
    n.closeClients();
    if (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT') await exited;
  }

  async restart(id: string): Promise<void> {
    await this.kill(id, 'SIGKILL');
    this.spawn(id);
  }

  /** The leader every live node agrees on, each of them seeing a quorum (unless `among` is no majority), waiting up to timeoutMs. */
  async waitForLeader(timeoutMs = 20_000, among?: readonly string[]): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    const ids = among ?? [...this.nodes.keys()].filter((id) => this.node(id).alive);
    for (;;) {
      const views = await Promise.all(ids.map((id) => this.node(id).call('admin', 'Status', {}, 500)));
      const leaders = views.map((v) => (v.ok ? (v.value.leader as string) : ''));
      const l = leaders[0];
      // Ready also means every node sees a quorum: right after a start its reachability
      // probes have not come back yet, and it would refuse final approvals meanwhile.
      const settled = views.every((v) => v.ok && v.value.partitionState !== 'minority');
      if (l && leaders.every((x) => x === l) && ids.includes(l) && (settled || ids.length * 2 <= this.nodes.size)) return l;
      if (Date.now() > deadline) throw new Error(`no agreed leader among ${ids.join(',')} after ${timeoutMs} ms (views: ${JSON.stringify(leaders)})`);
      await sleep(50);
    }
  }

  /** Calls the method on the leader, following redirects and retrying through elections. */
  async leaderCall<T = any>(service: 'roster' | 'admin' | 'ledger', method: string, req: unknown, timeoutMs = 20_000): Promise<CallResult<T>> {
    const deadline = Date.now() + timeoutMs;
    const anyLive = (): string | undefined => [...this.nodes.values()].find((n) => n.alive)?.id;
    let target = anyLive();
    for (;;) {
      if (target === undefined || !this.node(target).alive) {
        target = anyLive();
        if (target === undefined) {
          if (Date.now() > deadline) return { ok: false, error: { code: grpc.status.UNAVAILABLE, details: 'no live node', metadata: {} } };
          await sleep(100);
          continue;
        }
      }
      const r = await this.node(target).call<T>(service, method, req, Math.max(200, Math.min(ATTEMPT_DEADLINE_MS, deadline - Date.now())));
      if (r.ok) return r;
      const notLeader = r.error.metadata[ERROR_KEY] === 'not_leader';
      const hint = notLeader ? r.error.metadata[LEADER_ID_KEY] : undefined;
      const retryable = r.error.code === grpc.status.UNAVAILABLE || notLeader || r.error.code === grpc.status.DEADLINE_EXCEEDED;
      if (!retryable || Date.now() > deadline) return r;
      if (r.error.metadata[ERROR_KEY] === 'outcome_unknown') return r;
      const live = [...this.nodes.values()].filter((n) => n.alive).map((n) => n.id);
      target = hint && live.includes(hint) ? hint : live[(live.indexOf(target) + 1) % live.length]!;
      if (!hint) await sleep(50);
    }
  }

  async stop(): Promise<void> {
    // A daemon run with extra node flags (--cpu-prof, --heap-prof) writes its profile only
    // when it exits gracefully.
    const signal = process.env['ROSTER_TEST_NODE_ARGS'] ? 'SIGTERM' : 'SIGKILL';
    await Promise.all([...this.nodes.keys()].map((id) => this.kill(id, signal)));
    for (const n of this.nodes.values()) n.closeClients();
    if (!process.env['ROSTER_KEEP_TEST_DATA']) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A CA in `dir` for `cluster`, a certificate for each node's facility key, and a client identity per role. */
async function makeClusterTls(dir: string, cluster: string, handles: readonly NodeHandle[]): Promise<ClusterTls> {
  const { cert: ca, key } = await createCa({ dir, cluster });
  const caKey = key!;
  const facilityCerts = new Map<string, string>();
  for (const h of handles) {
    const out = path.join(dir, facilityCertFile(h.id));
    await issueFacilityCertificate({ ca, caKey, facility: h.id, keyFile: h.keyFile, hosts: ['127.0.0.1'], out });
    facilityCerts.set(h.id, out);
  }
  const client = async (role: Role): Promise<TlsMaterial> => {
    const files = { ca, cert: path.join(dir, clientCertFile(role)), key: path.join(dir, clientKeyFile(role)) };
    await issueClientCertificate({ ca, caKey, name: role, role, out: files.cert, keyOut: files.key });
    return TlsMaterial.load(files);
  };
  return { dir, ca, caKey, cluster, facilityCerts, clients: { viewer: await client('viewer'), coordinator: await client('coordinator'), admin: await client('admin') } };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** How often waitFor checks its condition. */
const WAIT_POLL_INTERVAL_MS = 50;

/**
 * Waits until `condition` holds, checking it every WAIT_POLL_INTERVAL_MS; throws an Error
 * naming `what` once `deadlineMs` has passed without it. This is how tests synchronise
 * with the cluster: on a state they can observe (a leader, an index, a log line, a stream's
 * first message), never on a fixed sleep, which is either too short on a loaded machine
 * or wasted time on an idle one. The deadline is generous for the same reason: it costs
 * nothing when the condition comes early. An error thrown by `condition` ends the wait
 * and propagates; a condition that expects transient failures catches them itself.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, deadlineMs = 15_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await sleep(WAIT_POLL_INTERVAL_MS);
  }
}
