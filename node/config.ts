import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { NODE_ID_PATTERN, NODE_ID_RULE, validatePoolTable, type PoolSpec } from './schedule/index.ts';
import { defaultKeyFile } from './ledger/key-file.ts';
import { parsePublicKey } from './ledger/identity.ts';

/** The default cluster: three facilities on loopback, so `npm start` needs no config. */
export const DEFAULT_PEERS = 'A=127.0.0.1:7101,B=127.0.0.1:7102,C=127.0.0.1:7103';
export const DEFAULT_CLUSTER = 'rosterd-local';
/** Default ports of the HTTP listeners: the gRPC port plus these (minus, past 65535). */
export const METRICS_PORT_OFFSET = 2000;
export const HTTP_PORT_OFFSET = 1000;

/** A facility (node) or cluster id: what config and the admin API accept (defined with the schedule's id forms). */
export { NODE_ID_PATTERN };
/** A gRPC address, host:port (the port range is checked separately). */
export const HOST_PORT_PATTERN = /^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/;

const hostPort = z
  .string()
  .regex(HOST_PORT_PATTERN, 'must be host:port')
  .refine((s) => {
    const port = Number(s.slice(s.lastIndexOf(':') + 1));
    return port >= 1 && port <= 65535;
  }, 'port must be 1..65535');

const peersSchema = z
  .string()
  .transform((s, ctx) => {
    const out: Record<string, string> = {};
    for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const eq = part.indexOf('=');
      const id = part.slice(0, eq);
      const addr = part.slice(eq + 1);
      if (eq <= 0 || !NODE_ID_PATTERN.test(id) || !hostPort.safeParse(addr).success) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not ID=host:port` });
        return z.NEVER;
      }
      if (out[id]) {
        ctx.addIssue({ code: 'custom', message: `facility ${id} is listed twice` });
        return z.NEVER;
      }
      out[id] = addr;
    }
    if (Object.keys(out).length === 0) {
      ctx.addIssue({ code: 'custom', message: 'at least one peer is required' });
      return z.NEVER;
    }
    return out;
  });

/**
 * Genesis keys, ID=ed25519:<base64>,... (or, in a config file, an object of id -> key):
 * the facilities' public keys every node starts from. Every node must be given the same
 * setting (like --peers).
 */
const peerKeysSchema = z.union([z.string(), z.record(z.string(), z.string())]).transform((v, ctx) => {
  const pairs = typeof v === 'string' ? v.split(',').map((p) => p.trim()).filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const) : Object.entries(v);
  const out: Record<string, Uint8Array> = {};
  for (const [id, key] of pairs) {
    if (!NODE_ID_PATTERN.test(id)) {
      ctx.addIssue({ code: 'custom', message: `"${id}" is not a facility id (expected ID=ed25519:<base64>)` });
      return z.NEVER;
    }
    if (out[id]) {
      ctx.addIssue({ code: 'custom', message: `facility ${id} is listed twice` });
      return z.NEVER;
    }
    try {
      out[id] = parsePublicKey(key);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `${id}: ${(e as Error).message}` });
      return z.NEVER;
    }
  }
  return out;
});

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * Default pool tables by facility id ('*': every facility not listed), as a JSON object
 * (a string in flags and the environment): {"A":[{"name":"ICU","capacity":6,"reserved":5,
 * "borrowLimit":1,"flex":false},...]}. Every node must be given the same setting (like
 * --peers); `rosterctl pools set` changes a facility's table at run time, replicated.
 */
const poolsSchema = z
  .union([z.string(), z.record(z.string(), z.unknown())])
  .transform((v, ctx) => {
    let parsed: unknown = v;
    if (typeof v === 'string') {
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of facility id -> list of pools' });
        return z.NEVER;
      }
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of facility id -> list of pools' });
      return z.NEVER;
    }
    const out: Record<string, readonly PoolSpec[]> = {};
    for (const [facility, table] of Object.entries(parsed)) {
      if (facility !== '*' && !NODE_ID_PATTERN.test(facility)) {
        ctx.addIssue({ code: 'custom', message: `"${facility}" is not a facility id (or "*")` });
        return z.NEVER;
      }
      const pools = Array.isArray(table)
        ? table.map((p: unknown) => (typeof p === 'object' && p !== null ? { flex: false, ...(p as object) } : p))
        : table;
      const invalid = validatePoolTable(pools, facility);
      if (invalid) {
        ctx.addIssue({ code: 'custom', message: invalid });
        return z.NEVER;
      }
      out[facility] = Object.freeze((pools as PoolSpec[]).map((p) => Object.freeze({ name: p.name, capacity: p.capacity, reserved: p.reserved, borrowLimit: p.borrowLimit, flex: p.flex })));
    }
    return out;
  });
const bool = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);

const schema = z
  .object({
    id: z.string({ error: 'is required (e.g. --id A)' }).regex(NODE_ID_PATTERN, `must be ${NODE_ID_RULE}`),
    cluster: z.string().regex(NODE_ID_PATTERN, `must be ${NODE_ID_RULE}`).default(DEFAULT_CLUSTER),
    peers: peersSchema.prefault(DEFAULT_PEERS),
    listen: hostPort.optional(),
    dataDir: z.string().min(1).optional(),
    metricsListen: z.union([hostPort, z.literal('off')]).optional(),
    httpListen: z.union([hostPort, z.literal('off')]).optional(),
    join: bool.default(false),
    faultInjection: bool.default(false),
    tickMs: int(1, 10_000).default(25),
    electionTicks: int(2, 1000).default(20),
    heartbeatTicks: int(1, 1000).default(2),
    snapshotEntries: int(10, 100_000_000).default(50_000),
    keepEntries: int(0, 100_000_000).default(10_000),
    logCacheEntries: int(1, 100_000_000).default(4096),
    maxPendingProposals: int(1, 1_000_000).default(4096),
    maxMessageBytes: int(1024, 64 << 20).default(1 << 20),
    pools: poolsSchema.optional(),
    keyFile: z.string().min(1).optional(),
    peerKeys: peerKeysSchema.optional(),
    insecureUnsignedCommands: bool.default(false),
    tlsCa: z.string().min(1).optional(),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.electionTicks <= c.heartbeatTicks) {
      ctx.addIssue({ code: 'custom', path: ['electionTicks'], message: 'must be greater than heartbeatTicks' });
    }
    if (!c.join && !c.peers[c.id]) {
      ctx.addIssue({ code: 'custom', path: ['peers'], message: `must include this node's id ${c.id} (or start with --join)` });
    }
    if (c.join && !c.listen) ctx.addIssue({ code: 'custom', path: ['listen'], message: 'is required with --join' });
    for (const facility of Object.keys(c.peerKeys ?? {})) {
      if (!c.peers[facility]) ctx.addIssue({ code: 'custom', path: ['peerKeys'], message: `facility ${facility} is not one of --peers` });
    }
    if (c.insecureUnsignedCommands && c.peerKeys && Object.keys(c.peerKeys).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['insecureUnsignedCommands'], message: 'cannot be combined with --peer-keys: a cluster with keys refuses unsigned commands' });
    }
    if ((c.tlsCa === undefined) !== (c.tlsCert === undefined) || (c.tlsKey !== undefined && c.tlsCa === undefined)) {
      const given = (['tlsCa', 'tlsCert', 'tlsKey'] as const).filter((k) => c[k] !== undefined);
      ctx.addIssue({
        code: 'custom',
        path: [c.tlsCa === undefined ? 'tlsCa' : 'tlsCert'],
        message: `TLS needs --tls-ca and --tls-cert together (--tls-key defaults to the facility key file); only ${given.map((k) => '--' + k.replace(/[A-Z]/g, (ch) => '-' + ch.toLowerCase())).join(' and ')} given`,
      });
    }
    for (const facility of Object.keys(c.pools ?? {})) {
      if (facility !== '*' && !c.peers[facility]) {
        ctx.addIssue({ code: 'custom', path: ['pools'], message: `facility ${facility} is not one of --peers` });
      }
    }
  });

export type NodeConfig = Readonly<
  Omit<z.infer<typeof schema>, 'listen' | 'dataDir' | 'metricsListen' | 'httpListen' | 'pools' | 'keyFile' | 'peerKeys' | 'tlsCa' | 'tlsCert' | 'tlsKey'> & {
    /** Default pool tables by facility id, '*' for the rest; empty: DEFAULT_POOL_TABLE. */
    pools: Readonly<Record<string, readonly PoolSpec[]>>;
    /** The facility's private key file (created at first start when missing). */
    keyFile: string;
    /** Genesis public keys by facility id (raw 32 bytes); empty when none were given. */
    peerKeys: Readonly<Record<string, Uint8Array>>;
    listen: string;
    dataDir: string;
    /** host:port of the Prometheus endpoint, or undefined when off. */
    metricsListen: string | undefined;
    /** host:port of the read-only web page and its event stream (node/web), or undefined when off. */
    httpListen: string | undefined;
    peers: Readonly<Record<string, string>>;
    /**
     * Mutual TLS: the cluster CA's certificate, this node's certificate and its key (by
     * default the facility key file: the certificate is of the facility key); undefined:
     * plaintext, for the loopback quick start.
     */
    tls: Readonly<{ ca: string; cert: string; key: string }> | undefined;
  }
>;

/** A configuration that cannot be used; the daemon prints it and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Environment variables read, by field: ROSTER_ID, ROSTER_PEERS, ROSTER_DATA_DIR, ... */
export function envName(field: string): string {
  return 'ROSTER_' + field.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

/**
 * Builds the configuration from, in increasing precedence, defaults, the JSON file
 * named by --config (or ROSTER_CONFIG), ROSTER_* environment variables and flags.
 * Throws ConfigError naming the field, the source and the rule on any bad value.
 */
export function loadConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): NodeConfig {
  const fields = Object.keys(schema.shape);
  const merged: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  const file = (flags['config'] as string | undefined) ?? env['ROSTER_CONFIG'];
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(`config file ${file}: ${(e as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`config file ${file}: must hold a JSON object`);
    for (const [k, v] of Object.entries(parsed)) {
      merged[k] = k === 'peers' && typeof v === 'object' && v !== null ? Object.entries(v).map(([id, a]) => `${id}=${String(a)}`).join(',') : v;
      source[k] = `config file ${file}`;
    }
  }
  for (const f of fields) {
    const v = env[envName(f)];
    if (v !== undefined && v !== '') {
      merged[f] = v;
      source[f] = `environment ${envName(f)}`;
    }
  }
  for (const [k, v] of Object.entries(flags)) {
    if (k === 'config' || v === undefined) continue;
    merged[k] = v;
    source[k] = `flag --${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`;
  }
  const r = schema.safeParse(merged);
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const field = i.path.join('.') || '(config)';
      const from = source[String(i.path[0])] ?? 'default';
      return i.code === 'unrecognized_keys' ? `unknown setting(s) ${i.keys.join(', ')} (${source[i.keys[0]!] ?? 'input'})` : `${field} (${from}): ${i.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = r.data;
  const listen = c.listen ?? c.peers[c.id]!;
  const port = Number(listen.slice(listen.lastIndexOf(':') + 1));
  // Beside the gRPC port on the same host, so each listener binds only where the node does.
  const beside = (offset: number): string => `${listen.slice(0, listen.lastIndexOf(':'))}:${port + offset <= 65535 ? port + offset : port - offset}`;
  const metricsListen = c.metricsListen === 'off' ? undefined : (c.metricsListen ?? beside(METRICS_PORT_OFFSET));
  const httpListen = c.httpListen === 'off' ? undefined : (c.httpListen ?? beside(HTTP_PORT_OFFSET));
  const dataDir = path.resolve(c.dataDir ?? path.join('data', c.id));
  const keyFile = path.resolve(c.keyFile ?? defaultKeyFile(dataDir));
  const { tlsCa, tlsCert, tlsKey, ...rest } = c;
  return Object.freeze({
    ...rest,
    peers: Object.freeze({ ...c.peers }),
    pools: Object.freeze({ ...(c.pools ?? {}) }),
    listen,
    dataDir,
    keyFile,
    tls: tlsCa !== undefined && tlsCert !== undefined ? Object.freeze({ ca: path.resolve(tlsCa), cert: path.resolve(tlsCert), key: tlsKey !== undefined ? path.resolve(tlsKey) : keyFile }) : undefined,
    peerKeys: Object.freeze({ ...(c.peerKeys ?? {}) }),
    metricsListen,
    httpListen,
  });
}
