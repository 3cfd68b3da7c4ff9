/**
 * A facility's Ed25519 identity: the private key that signs its node's commands, votes
 * and ledger heads, and the public key everyone checks them with. node:crypto only (no
 * native add-ons). Loading and creating the key file is key-file.ts; this module never
 * touches the disk and never prints a private key.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** PKCS #8 DER of an Ed25519 private key, up to its 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Length of a raw Ed25519 public key and of a signature. */
export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

/** A facility's key pair. */
export class FacilityIdentity {
  /** The raw 32-byte public key. */
  readonly publicKey: Uint8Array;
  readonly fingerprint: string;

  private constructor(
    readonly facility: string,
    private readonly privateKey: KeyObject,
  ) {
    this.publicKey = rawPublicKey(createPublicKey(privateKey));
    this.fingerprint = fingerprint(this.publicKey);
  }

  /** A fresh key pair. */
  static generate(facility: string): FacilityIdentity {
    return new FacilityIdentity(facility, generateKeyPairSync('ed25519').privateKey);
  }

  /**
   * The identity whose private key is derived from a 32-byte seed (RFC 8032's private
   * key): the same seed, the same key. For simulations and tests, which must be
   * reproducible; a node's key is generated.
   */
  static fromSeed(facility: string, seed: Uint8Array): FacilityIdentity {
    if (seed.length !== 32) throw new RangeError(`an Ed25519 seed is 32 bytes (got ${seed.length})`);
    const der = Buffer.concat([PKCS8_ED25519_PREFIX, seed]);
    return new FacilityIdentity(facility, createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  }

  /** The identity whose private key is this PKCS #8 PEM text; throws a readable Error otherwise. */
  static fromPem(facility: string, pem: string): FacilityIdentity {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: pem, format: 'pem' });
    } catch (e) {
      throw new Error(`not a PEM private key (${(e as Error).message})`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'of an unknown type'}, not Ed25519`);
    return new FacilityIdentity(facility, key);
  }

  /** The private key as PKCS #8 PEM: for the key file (key-file.ts) only; never logged or sent. */
  toPem(): string {
    return this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  /** Ed25519 signature (64 bytes) over `message`; deterministic (RFC 8032). */
  sign(message: Uint8Array): Uint8Array {
    return sign(null, message, this.privateKey);
  }

  /** What a log line or `rosterctl keys` may show. */
  toJSON(): { facility: string; fingerprint: string } {
    return { facility: this.facility, fingerprint: this.fingerprint };
  }
}

function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new Error('an Ed25519 public key without its x coordinate');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

/** OpenSSH's form: "SHA256:" and the unpadded base64 of SHA-256 over the raw key. */
export function fingerprint(publicKey: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(publicKey).digest('base64').replace(/=+$/, '')}`;
}

/** "ed25519:<base64>": how a public key is written in settings and printed. */
export function formatPublicKey(publicKey: Uint8Array): string {
  return `ed25519:${Buffer.from(publicKey).toString('base64')}`;
}

/** The raw key of formatPublicKey's text (the "ed25519:" prefix optional); throws a readable Error otherwise. */
export function parsePublicKey(text: string): Uint8Array {
  const b64 = text.startsWith('ed25519:') ? text.slice('ed25519:'.length) : text;
  if (!/^[A-Za-z0-9+/]{43}=$/.test(b64)) throw new Error(`not an Ed25519 public key (expected ed25519: and 44 characters of base64)`);
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Imported keys by their base64: importing costs more than a verification. */
const imported = new Map<string, KeyObject>();
const IMPORTED_KEPT = 256;

function publicKeyObject(raw: Uint8Array): KeyObject {
  const id = Buffer.from(raw).toString('base64url');
  let key = imported.get(id);
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: id }, format: 'jwk' });
    if (imported.size >= IMPORTED_KEPT) imported.delete(imported.keys().next().value!);
    imported.set(id, key);
  }
  return key;
}

/** True iff `signature` is publicKey's Ed25519 signature over `message`; false for malformed keys or signatures. */
export function verifySignature(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false;
  try {
    return verify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}
