/**
 * Issuing the certificates of a cluster: its CA, a certificate for each facility whose key
 * pair is the facility's own Ed25519 key (node/ledger/key-file.ts: one identity per
 * facility, for the ledger and for TLS), and client certificates with a role. X.509 is
 * built by @peculiar/x509 on node:crypto's WebCrypto; nothing here encodes ASN.1 itself.
 *
 * Used by rosterctl tls, npm start --tls and the test clusters; never by the daemon.
 * Private keys are written with mode 0600 and never printed; no file is overwritten.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { facilityUri, roleUri, sanUris, type Role } from './identity-uri.ts';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ED25519 = { name: 'Ed25519' } as const;
const DAY_MS = 86_400_000;
/** Default lifetimes, in days: a CA outlives the certificates it issues. */
export const CA_DAYS = 3650;
export const CERT_DAYS = 825;
/** The hosts a node certificate names when none are given: the loopback quick start. */
export const DEFAULT_HOSTS: readonly string[] = Object.freeze(['127.0.0.1', 'localhost']);

/** The CA's files in a directory. */
export const CA_FILE = 'ca.pem';
export const CA_KEY_FILE = 'ca-key.pem';

/** Something in the way of issuing: a file that exists already, a missing or unusable input. */
export class IssueError extends Error {
  override readonly name = 'IssueError';
}

/** What was written. */
export interface Issued {
  readonly cert: string;
  /** The private key written alongside (CA and client certificates; a facility's key exists already). */
  readonly key?: string;
}

/** The file name of facility `id`'s certificate, and of client `name`'s certificate and key. */
export function facilityCertFile(id: string): string {
  return `facility-${id}.pem`;
}
export function clientCertFile(name: string): string {
  return `client-${name}.pem`;
}
export function clientKeyFile(name: string): string {
  return `client-${name}-key.pem`;
}

/** Creates a CA for `cluster` in `dir`: ca.pem and ca-key.pem (0600). Refuses if either exists. */
export async function createCa(o: { readonly dir: string; readonly cluster: string; readonly days?: number; readonly now?: Date }): Promise<Issued> {
  const cert = path.join(o.dir, CA_FILE);
  const key = path.join(o.dir, CA_KEY_FILE);
  refuseExisting([cert, key]);
  const keys = (await webcrypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = o.now ?? new Date();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: [{ CN: [`rosterd CA ${o.cluster}`] }, { O: ['rosterd'] }],
    notBefore: now,
    notAfter: new Date(now.getTime() + (o.days ?? CA_DAYS) * DAY_MS),
    keys,
    signingAlgorithm: ED25519,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      // The cluster the CA is for, so that certificates it issues can name it without asking.
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `rosterd://${o.cluster}` }]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  mkdirSync(o.dir, { recursive: true, mode: 0o700 });
  writeNew(key, x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), 0o600);
  writeNew(cert, ca.toString('pem') + '\n', 0o644);
  return { cert, key };
}

/** The cluster a CA certificate (PEM) was created for, from its rosterd:// URI. */
export function clusterOfCa(caPem: string | Buffer): string | undefined {
  const uri = sanUris(new X509Certificate(caPem).subjectAltName).find((u) => /^rosterd:\/\/[^/]+$/.test(u));
  return uri?.slice('rosterd://'.length);
}

interface CaFiles {
  /** The CA's certificate and private key files. */
  readonly ca: string;
  readonly caKey: string;
  /** The cluster; default: the one the CA names. */
  readonly cluster?: string;
  readonly days?: number;
  readonly now?: Date;
}

/**
 * A certificate for facility `facility` whose key pair is the facility key in `keyFile`
 * (PKCS #8 PEM, Ed25519), naming `hosts` (IP or DNS) and rosterd://<cluster>/facility/<id>,
 * for use as server and as client (nodes dial each other). Written to `out`.
 */
export async function issueFacilityCertificate(o: CaFiles & { readonly facility: string; readonly keyFile: string; readonly hosts?: readonly string[]; readonly out: string }): Promise<Issued> {
  refuseExisting([o.out]);
  const signer = await loadCa(o);
  let publicKey: CryptoKey;
  try {
    const facilityKey = createPrivateKey(readFileSync(o.keyFile));
    if (facilityKey.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${facilityKey.asymmetricKeyType}, not Ed25519`);
    const spki = createPublicKey(facilityKey).export({ format: 'der', type: 'spki' });
    publicKey = await webcrypto.subtle.importKey('spki', spki, ED25519, true, ['verify']);
  } catch (e) {
    throw new IssueError(`facility key ${o.keyFile}: ${(e as Error).message}`);
  }
  const hosts = o.hosts && o.hosts.length > 0 ? o.hosts : DEFAULT_HOSTS;
  const names: x509.JsonGeneralName[] = [
    ...hosts.map((h): x509.JsonGeneralName => (isIP(h) !== 0 ? { type: 'ip', value: h } : { type: 'dns', value: h })),
    { type: 'url', value: facilityUri(signer.cluster, o.facility) },
  ];
  const pem = await issue(signer, o, publicKey, `facility ${o.facility}`, names, [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]);
  mkdirSync(path.dirname(o.out), { recursive: true });
  writeNew(o.out, pem, 0o644);
  return { cert: o.out };
}

/**
 * A client certificate for `name` with `role` (rosterd://<cluster>/role/<role>) and a new
 * Ed25519 key: `out` and `keyOut` (0600).
 */
export async function issueClientCertificate(o: CaFiles & { readonly name: string; readonly role: Role; readonly out: string; readonly keyOut: string }): Promise<Issued> {
  refuseExisting([o.out, o.keyOut]);
  const signer = await loadCa(o);
  const keys = (await webcrypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pem = await issue(signer, o, keys.publicKey, o.name, [{ type: 'url', value: roleUri(signer.cluster, o.role) }], [x509.ExtendedKeyUsage.clientAuth]);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  mkdirSync(path.dirname(o.out), { recursive: true });
  writeNew(o.keyOut, x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), 0o600);
  writeNew(o.out, pem, 0o644);
  return { cert: o.out, key: o.keyOut };
}

interface Signer {
  readonly cert: x509.X509Certificate;
  readonly key: CryptoKey;
  readonly cluster: string;
}

async function loadCa(o: CaFiles): Promise<Signer> {
  let caPem: Buffer;
  let keyPem: Buffer;
  try {
    caPem = readFileSync(o.ca);
    keyPem = readFileSync(o.caKey);
  } catch (e) {
    throw new IssueError(`the CA's files: ${(e as Error).message} (create them with rosterctl tls ca create)`);
  }
  const cluster = o.cluster ?? clusterOfCa(caPem);
  if (cluster === undefined) throw new IssueError(`CA certificate ${o.ca} names no rosterd cluster; give --cluster`);
  let key: CryptoKey;
  try {
    const der = createPrivateKey(keyPem).export({ format: 'der', type: 'pkcs8' });
    key = await webcrypto.subtle.importKey('pkcs8', der, ED25519, false, ['sign']);
  } catch (e) {
    throw new IssueError(`CA key ${o.caKey}: not an Ed25519 private key (${(e as Error).message})`);
  }
  const cert = new x509.X509Certificate(caPem);
  if (!new X509Certificate(caPem).checkPrivateKey(createPrivateKey(keyPem))) throw new IssueError(`CA key ${o.caKey} is not the key of ${o.ca}`);
  return { cert, key, cluster };
}

async function issue(signer: Signer, o: CaFiles, publicKey: CryptoKey, commonName: string, names: x509.JsonGeneralName[], usages: string[]): Promise<string> {
  const now = o.now ?? new Date();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: [{ CN: [commonName] }, { O: [`rosterd ${signer.cluster}`] }],
    issuer: signer.cert.subjectName,
    notBefore: now,
    notAfter: new Date(Math.min(now.getTime() + (o.days ?? CERT_DAYS) * DAY_MS, signer.cert.notAfter.getTime())),
    publicKey,
    signingKey: signer.key,
    signingAlgorithm: ED25519,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(usages),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(signer.cert),
    ],
  });
  return cert.toString('pem') + '\n';
}

/** A positive 128-bit serial number, hex. */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f;
  return bytes.toString('hex');
}

function refuseExisting(files: readonly string[]): void {
  const present = files.filter((f) => existsSync(f));
  if (present.length > 0) throw new IssueError(`${present.join(' and ')} ${present.length > 1 ? 'exist' : 'exists'} already; remove ${present.length > 1 ? 'them' : 'it'} first or choose another place (nothing is overwritten)`);
}

/** Writes a new file with `mode` (refusing an existing one), synced. */
function writeNew(file: string, text: string, mode: number): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', mode);
  } catch (e) {
    throw new IssueError(`${file}: cannot create it (${(e as Error).message})`);
  }
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
