import { TlsFileError, TlsMaterial } from '../node/tls/tls-material.ts';
import { CliError, usageError } from './errors.ts';
import { ExitCode } from './exit-codes.ts';

/**
 * rosterctl's TLS identity, as etcdctl takes it: --cacert (the cluster CA's certificate),
 * --cert and --key (a client certificate with a role, from `rosterctl tls cert create
 * --client NAME --role ROLE`), each flag falling back to its environment variable. All
 * three or none: without them rosterctl speaks plaintext (the loopback quick start).
 */

/** Environment variables read when the flags are absent. */
export const CACERT_ENV = 'ROSTER_CACERT';
export const CERT_ENV = 'ROSTER_CERT';
export const KEY_ENV = 'ROSTER_KEY';

export interface ClientTlsOptions {
  readonly cacert?: string;
  readonly cert?: string;
  readonly key?: string;
}

/**
 * The TLS identity the flags or the environment name, loaded and checked; undefined when
 * neither names any. A partial set is a usage error naming what is missing; a file that
 * cannot be used (missing, not PEM, not of the CA, a key others can read) is one too.
 */
export function resolveClientTls(flags: ClientTlsOptions, env: Readonly<Record<string, string | undefined>>): TlsMaterial | undefined {
  const pick = (flag: string | undefined, name: string): string | undefined => flag ?? (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const ca = pick(flags.cacert, CACERT_ENV);
  const cert = pick(flags.cert, CERT_ENV);
  const key = pick(flags.key, KEY_ENV);
  if (ca === undefined && cert === undefined && key === undefined) return undefined;
  if (ca === undefined || cert === undefined || key === undefined) {
    const missing = [ca === undefined ? `--cacert (${CACERT_ENV})` : '', cert === undefined ? `--cert (${CERT_ENV})` : '', key === undefined ? `--key (${KEY_ENV})` : ''].filter(Boolean);
    throw usageError(`TLS needs --cacert, --cert and --key together; missing ${missing.join(', ')}`);
  }
  try {
    return TlsMaterial.load({ ca, cert, key });
  } catch (e) {
    if (e instanceof TlsFileError) throw new CliError('INVALID_ARGUMENT', e.message, ExitCode.BAD_INPUT);
    throw e;
  }
}
