import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { CliError, usageError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { checkIndex, checkNodeId, quote } from '../validate.ts';
import { parseEndpoint } from '../endpoints.ts';
import { NODE_ID_PATTERN, NODE_ID_RULE } from '../../node/schedule/validate.ts';
import { ROLES, type Role } from '../../node/tls/identity-uri.ts';

/**
 * `tls ca create` and `tls cert create`: a cluster's CA, a certificate for a facility's
 * existing key (the key that signs its ledger entries: one identity per facility), and
 * client certificates with a role. Local file operations, no RPC. The X.509 library is
 * loaded only by these commands, so no other command pays for loading it.
 */

/** The longest validity accepted, in days (about 30 years). */
const MAX_DAYS = 11_000;

const issuer = () => import('../../node/tls/certificate-issuer.ts');

/** Turns the issuer's refusals (a file in the way, an unusable input) into a refusal (exit 1). */
async function issuing<T>(work: () => Promise<T>): Promise<T> {
  const { IssueError } = await issuer();
  try {
    return await work();
  } catch (e) {
    if (e instanceof IssueError) throw new CliError('FAILED_PRECONDITION', e.message, ExitCode.REFUSED);
    throw e;
  }
}

function checkCluster(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Cluster names follow the rule of member ids (node/config.ts).
  if (!NODE_ID_PATTERN.test(value)) throw usageError(`--cluster: ${quote(value)} is not a cluster name (${NODE_ID_RULE})`);
  return value;
}

function checkDays(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const days = checkIndex('--days', String(value));
  if (days > MAX_DAYS) throw usageError(`--days: at most ${MAX_DAYS}`);
  return days;
}

/** A host a certificate may name: an IP address or a DNS name (the host part of host:port). */
function checkHosts(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const hosts = String(value)
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (hosts.length === 0) throw usageError('--host: no host given (expected a comma-separated list of IP addresses or DNS names)');
  for (const h of hosts) {
    const bare = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
    if (parseEndpoint(`${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:1`) === null) throw usageError(`--host: ${quote(h)} is not an IP address or DNS name`);
    hosts[hosts.indexOf(h)] = bare;
  }
  return hosts;
}

interface CaPlan {
  readonly dir: string;
  readonly cluster: string;
  readonly days: number | undefined;
}

type CertPlan =
  | { readonly kind: 'facility'; readonly facility: string; readonly keyFile: string; readonly createKey: boolean; readonly hosts: string[] | undefined; readonly common: CommonPlan }
  | { readonly kind: 'client'; readonly name: string; readonly role: Role; readonly common: CommonPlan };

interface CommonPlan {
  readonly dir: string;
  readonly ca: string;
  readonly caKey: string;
  readonly cluster: string | undefined;
  readonly days: number | undefined;
}

export function registerTls(program: Command, environment: Environment, setExit: ExitSink): void {
  const tls = program.command('tls').description('certificates for mutual TLS: a CA per cluster, a certificate per facility and per client');
  const ca = tls.command('ca').description('the cluster\'s certificate authority');
  ca.command('create')
    .description('create a CA (ca.pem, and ca-key.pem with mode 0600) in --dir; refuses to overwrite')
    .option('--dir <dir>', 'where to write the files (default: the current directory)')
    .option('--cluster <name>', 'the cluster the CA is for, as the nodes\' --cluster (default rosterd-local)')
    .option('--days <n>', 'validity in days (default 3650)')
    .action(
      action<CaPlan>(environment, setExit, {
        parse: (_args, o) => ({ dir: path.resolve(String(o['dir'] ?? '.')), cluster: checkCluster(o['cluster'] as string | undefined) ?? 'rosterd-local', days: checkDays(o['days']) }),
        run: async (inv, plan) => {
          const { createCa } = await issuer();
          const made = await issuing(() => createCa({ dir: plan.dir, cluster: plan.cluster, ...(plan.days !== undefined ? { days: plan.days } : {}) }));
          inv.out.result({ cluster: plan.cluster, cert: made.cert, key: made.key }, () => `created the CA of cluster ${plan.cluster}: ${made.cert}, key ${made.key} (mode 0600: keep it off the nodes)`);
        },
      }),
    );

  const cert = tls.command('cert').description('facility (node) and client certificates');
  // --key is rosterctl's global option (a client's key for TLS); here it names the facility
  // key file, and commander hands it to the program, so it is read from the globals.
  const create = cert.command('create');
  create
    .description('issue a certificate: --facility ID --key FILE for a node (of its existing facility key, <data-dir>/facility-key.pem), or --client NAME --role ROLE for a client (with a new key)')
    .option('--facility <id>', 'a node certificate for this facility')
    .option('--host <list>', 'with --facility: IP addresses and DNS names the node is reached at (default 127.0.0.1,localhost)')
    .option('--create-key', 'with --facility: create the facility key file (mode 0600) if it does not exist yet, as the node would at its first start')
    .option('--client <name>', 'a client certificate for this person or program')
    .option('--role <role>', `with --client: ${ROLES.join(', ')}`)
    .option('--dir <dir>', 'where the CA is and the certificate goes (default: the current directory)')
    .option('--ca <file>', 'the CA certificate (default <dir>/ca.pem)')
    .option('--ca-key <file>', 'the CA key (default <dir>/ca-key.pem)')
    .option('--cluster <name>', 'the cluster (default: the one the CA was created for)')
    .option('--days <n>', 'validity in days (default 825, never past the CA\'s)')
    .action(
      action<CertPlan>(environment, setExit, {
        parse: (_args, o) => {
          const dir = path.resolve(String(o['dir'] ?? '.'));
          const common: CommonPlan = {
            dir,
            ca: path.resolve(String(o['ca'] ?? path.join(dir, 'ca.pem'))),
            caKey: path.resolve(String(o['caKey'] ?? path.join(dir, 'ca-key.pem'))),
            cluster: checkCluster(o['cluster'] as string | undefined),
            days: checkDays(o['days']),
          };
          const key = create.optsWithGlobals<{ key?: string }>().key;
          const facility = o['facility'] as string | undefined;
          const client = o['client'] as string | undefined;
          if ((facility === undefined) === (client === undefined)) throw usageError('give either --facility ID (with --key) or --client NAME (with --role)');
          if (facility !== undefined) {
            if (o['role'] !== undefined) throw usageError('--role is for --client; a facility certificate carries no role');
            if (key === undefined) throw usageError('--facility needs --key: the facility key file the certificate is of (<data-dir>/facility-key.pem)');
            return { kind: 'facility', facility: checkNodeId('--facility', facility), keyFile: path.resolve(key), createKey: o['createKey'] === true, hosts: checkHosts(o['host']), common };
          }
          if (key !== undefined || o['host'] !== undefined || o['createKey'] !== undefined) throw usageError('--key, --host and --create-key are for --facility; a client certificate gets a new key');
          const name = checkNodeId('--client', client!);
          const role = o['role'] as string | undefined;
          if (role === undefined || !(ROLES as readonly string[]).includes(role)) throw usageError(`--role: must be one of ${ROLES.join(', ')}${role === undefined ? '' : ` (got ${quote(role)})`}`);
          return { kind: 'client', name, role: role as Role, common };
        },
        run: async (inv, plan) => {
          const x = await issuer();
          const c = plan.common;
          const base = { ca: c.ca, caKey: c.caKey, ...(c.cluster !== undefined ? { cluster: c.cluster } : {}), ...(c.days !== undefined ? { days: c.days } : {}) };
          if (plan.kind === 'facility') {
            let created = false;
            if (!existsSync(plan.keyFile)) {
              if (!plan.createKey) throw new CliError('FAILED_PRECONDITION', `facility key ${plan.keyFile} does not exist; give --create-key to create it (the node uses it at its first start), or point --key at the node's <data-dir>/facility-key.pem`, ExitCode.REFUSED);
              const { loadOrCreateIdentity } = await import('../../node/ledger/key-file.ts');
              created = (await loadOrCreateIdentity(plan.keyFile, plan.facility)).created;
            }
            const out = path.join(c.dir, x.facilityCertFile(plan.facility));
            const made = await issuing(() => x.issueFacilityCertificate({ ...base, facility: plan.facility, keyFile: plan.keyFile, ...(plan.hosts ? { hosts: plan.hosts } : {}), out }));
            inv.out.result({ facility: plan.facility, cert: made.cert, key: plan.keyFile, keyCreated: created }, () =>
              `${created ? `created the facility key ${plan.keyFile} (mode 0600)\n` : ''}issued ${made.cert} for facility ${plan.facility}, of its key ${plan.keyFile}\nstart the node with --tls-ca ${c.ca} --tls-cert ${made.cert}${created ? ` (and --key-file ${plan.keyFile} unless it is <data-dir>/facility-key.pem)` : ''}`,
            );
          } else {
            const out = path.join(c.dir, x.clientCertFile(plan.name));
            const keyOut = path.join(c.dir, x.clientKeyFile(plan.name));
            const made = await issuing(() => x.issueClientCertificate({ ...base, name: plan.name, role: plan.role, out, keyOut }));
            inv.out.result({ client: plan.name, role: plan.role, cert: made.cert, key: made.key }, () =>
              `issued ${made.cert} (role ${plan.role}) and its key ${made.key} (mode 0600)\nuse it with rosterctl --cacert ${c.ca} --cert ${made.cert} --key ${made.key}`,
            );
          }
        },
      }),
    );
}
