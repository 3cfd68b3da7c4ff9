import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { describePrincipal, principalOf } from './identity-uri.ts';

/** The three files of a TLS identity: the cluster CA's certificate, one's own certificate and its private key. */
export interface TlsFiles {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** A TLS file is missing, unreadable, malformed, open to other users, or does not fit the others. */
export class TlsFileError extends Error {
  override readonly name = 'TlsFileError';
}

/**
 * SNI sent when dialing an IP address: TLS forbids an IP there (RFC 6066), and Node warns
 * about it. The server does not read SNI; the certificate is still checked against the
 * address dialed (checkServerIdentity below).
 */
const IP_TARGET_NAME = 'rosterd.invalid';

/**
 * A loaded TLS identity (CA, certificate, key), checked to fit together: the certificate
 * is issued by the CA, current, and of the key. Builds the server credentials of a node
 * and the channel credentials of every client of a node (peers, the web gateway,
 * rosterctl, the health probe). The key is read into memory once and never printed.
 */
export class TlsMaterial {
  private constructor(
    readonly files: TlsFiles,
    readonly ca: Buffer,
    readonly cert: Buffer,
    readonly key: Buffer,
    /** The parsed certificate (subject alternative names, public key, fingerprint). */
    readonly certificate: X509Certificate,
  ) {}

  /**
   * Reads and checks the files. Throws TlsFileError naming the file and what is wrong:
   * missing, a key readable by others (as ssh refuses it), not PEM, a CA certificate that
   * is no CA, a certificate the CA did not issue, one not valid now, or a key that is not
   * the certificate's.
   */
  static load(files: TlsFiles, now = new Date()): TlsMaterial {
    const read = (file: string, what: string): Buffer => {
      try {
        return readFileSync(file);
      } catch (e) {
        throw new TlsFileError(`${what} ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (e as Error).message}`);
      }
    };
    const ca = read(files.ca, 'CA certificate');
    const cert = read(files.cert, 'certificate');
    const key = read(files.key, 'private key');
    const mode = statSync(files.key).mode;
    if ((mode & 0o077) !== 0) throw new TlsFileError(`private key ${files.key} is accessible by other users (mode ${(mode & 0o777).toString(8)}); run chmod 600 ${files.key}`);
    const parse = (pem: Buffer, file: string, what: string): X509Certificate => {
      try {
        return new X509Certificate(pem);
      } catch (e) {
        throw new TlsFileError(`${what} ${file}: not a PEM certificate (${(e as Error).message})`);
      }
    };
    const caCert = parse(ca, files.ca, 'CA certificate');
    if (!caCert.ca) throw new TlsFileError(`CA certificate ${files.ca}: is not a CA certificate (basicConstraints CA:TRUE)`);
    const own = parse(cert, files.cert, 'certificate');
    if (!own.checkIssued(caCert) || !own.verify(caCert.publicKey)) throw new TlsFileError(`certificate ${files.cert}: was not issued by the CA in ${files.ca}`);
    if (now < new Date(own.validFrom) || now > new Date(own.validTo)) throw new TlsFileError(`certificate ${files.cert}: valid from ${own.validFrom} to ${own.validTo}, not now`);
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(key);
    } catch (e) {
      throw new TlsFileError(`private key ${files.key}: not a PEM private key (${(e as Error).message})`);
    }
    if (!own.checkPrivateKey(privateKey)) throw new TlsFileError(`private key ${files.key}: is not the key of certificate ${files.cert}`);
    return new TlsMaterial(files, ca, cert, key, own);
  }

  /**
   * Throws TlsFileError unless the certificate names facility `facility` of `cluster`
   * (a node's own certificate: it is refused by its peers otherwise).
   */
  requireFacility(cluster: string, facility: string): void {
    const p = principalOf(this.certificate.raw, cluster);
    if ('refusal' in p) throw new TlsFileError(`certificate ${this.files.cert}: ${p.refusal}`);
    if (p.kind !== 'facility' || p.facility !== facility) throw new TlsFileError(`certificate ${this.files.cert}: names ${describePrincipal(p)}, not facility ${facility}`);
  }

  /** The raw 32-byte Ed25519 public key of the certificate, or undefined when it is of another type. */
  ed25519PublicKey(): Uint8Array | undefined {
    const key = this.certificate.publicKey;
    if (key.asymmetricKeyType !== 'ed25519') return undefined;
    const x = key.export({ format: 'jwk' }).x;
    return typeof x === 'string' ? new Uint8Array(Buffer.from(x, 'base64url')) : undefined;
  }

  /** A node's server credentials: this certificate, and a client certificate of the CA required on every connection. */
  serverCredentials(): grpc.ServerCredentials {
    return grpc.ServerCredentials.createSsl(this.ca, [{ cert_chain: this.cert, private_key: this.key }], true);
  }

  /**
   * Credentials (and the channel options they need) for dialing `address` with this
   * certificate. The server's certificate must be of the CA and, with `facility`, name
   * that facility of `cluster` (how peers know each other: by facility, whatever address
   * a member advertises); without, it must name the host dialed (a DNS or IP SAN), as
   * for any TLS client.
   */
  channel(address: string, expect?: { readonly cluster: string; readonly facility: string }): { credentials: grpc.ChannelCredentials; options: grpc.ChannelOptions } {
    const host = hostOf(address);
    const check = (_servername: string, peer: PeerCertificate): Error | undefined => {
      if (expect === undefined) return checkServerIdentity(host, peer);
      const p = principalOf({ subjectAltName: peer.subjectaltname }, expect.cluster);
      if ('refusal' in p) return new Error(`${address}: ${p.refusal}`);
      if (p.kind !== 'facility' || p.facility !== expect.facility) return new Error(`${address}: the certificate names ${describePrincipal(p)}, not facility ${expect.facility}`);
      return undefined;
    };
    return {
      credentials: grpc.credentials.createSsl(this.ca, this.key, this.cert, { checkServerIdentity: check }),
      options: isIP(host) !== 0 ? { 'grpc.ssl_target_name_override': IP_TARGET_NAME } : {},
    };
  }
}

/** The host of host:port ([v6]:port unbracketed). */
function hostOf(address: string): string {
  const host = address.slice(0, address.lastIndexOf(':'));
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Channel credentials for `address`: with `tls`, as TlsMaterial.channel makes them;
 * without, plaintext (the loopback quick start).
 */
export function channelFor(tls: TlsMaterial | undefined, address: string, expect?: { readonly cluster: string; readonly facility: string }): { credentials: grpc.ChannelCredentials; options: grpc.ChannelOptions } {
  return tls ? tls.channel(address, expect) : { credentials: grpc.credentials.createInsecure(), options: {} };
}
