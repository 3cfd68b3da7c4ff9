/**
 * The envelope of every log entry: the proposing facility's signature over the command.
 *
 * A node signs what it proposes in one turn of its loop as one batch: the leaves of an
 * RFC 6962 Merkle tree are the payloads, and the facility signs the batch head
 * {cluster, facility, batch size, root}. Each entry carries its payload, the signature
 * and its audit path, so it is checked on its own, and one Ed25519 signature serves a
 * batch: under load a batch holds tens of commands, and verifying each on every node
 * would cost more CPU than the rest of a write. A checked head is remembered
 * (SignatureChecker), so the other entries of its batch cost two or three hashes.
 *
 * Data is the 4 bytes ENTRY_MAGIC and a SignedEntry; anything else is an unsigned
 * command of a cluster without keys (an earlier version's log, or a benchmark run with
 * --insecure-unsigned-commands).
 */
import { CanonicalBytes } from './canonical-bytes.ts';
import { decodePayload, decodeSignedEntry, encodeSignedEntry, PayloadDecodeError } from './codec.ts';
import { verifySignature, type FacilityIdentity } from './identity.ts';
import { leafHash, merkleTree, rootFromPath, sameBytes } from './merkle.ts';

export const ENTRY_MAGIC = Uint8Array.of(0x00, 0x72, 0x73, 0x01);
export const BATCH_DOMAIN = 'rosterd-command-batch/1';

/** The bytes a batch signature covers. */
export function batchHeadBytes(cluster: string, facility: string, size: number, root: Uint8Array): Uint8Array {
  return CanonicalBytes.of(BATCH_DOMAIN).str(cluster).str(facility).uint(size).bytes(root).done();
}

/** A log entry's data, opened (not yet checked). */
export type OpenedEntry =
  /** No envelope: the bytes are a bare schedule command. */
  | { readonly kind: 'bare'; readonly command: Uint8Array }
  | {
      readonly kind: 'sealed';
      readonly facility: string;
      readonly payload: Uint8Array;
      /** Empty when the proposer signs nothing (a cluster without keys). */
      readonly signature: Uint8Array;
      readonly batchSize: number;
      readonly leafIndex: number;
      readonly auditPath: readonly Uint8Array[];
    }
  | { readonly kind: 'malformed'; readonly problem: string };

function hasMagic(data: Uint8Array): boolean {
  return data.length >= ENTRY_MAGIC.length && ENTRY_MAGIC.every((b, i) => data[i] === b);
}

export function openEntry(data: Uint8Array): OpenedEntry {
  if (!hasMagic(data)) return { kind: 'bare', command: data };
  try {
    const e = decodeSignedEntry(data.subarray(ENTRY_MAGIC.length));
    return { kind: 'sealed', facility: e.facility, payload: e.payload, signature: e.signature, batchSize: e.batchSize, leafIndex: e.leafIndex, auditPath: e.auditPath };
  } catch (e) {
    if (e instanceof PayloadDecodeError) return { kind: 'malformed', problem: e.message };
    throw e;
  }
}

function frame(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(ENTRY_MAGIC.length + body.length);
  out.set(ENTRY_MAGIC, 0);
  out.set(body, ENTRY_MAGIC.length);
  return out;
}

/**
 * Remembers batch heads whose signature verified, so the other entries of a batch (and a
 * node's own proposals) skip the Ed25519 check. Only speed depends on it: an entry is
 * accepted with or without it exactly when its signature verifies.
 */
export class SignatureChecker {
  /** facility + signature -> the root and key it verified with. */
  private readonly verified = new Map<string, { root: Uint8Array; key: Uint8Array }>();

  constructor(
    private readonly cluster: string,
    private readonly capacity = 4096,
  ) {}

  /** Why `entry` is not `publicKey`'s signature; undefined when it is. */
  problem(entry: Extract<OpenedEntry, { kind: 'sealed' }>, publicKey: Uint8Array): string | undefined {
    if (entry.signature.length === 0) return `the command is not signed (facility ${entry.facility})`;
    const root = rootFromPath(entry.leafIndex, entry.batchSize, leafHash(entry.payload), entry.auditPath);
    if (root === undefined) return `the command's audit path does not fit a batch of ${entry.batchSize} (facility ${entry.facility})`;
    const id = `${entry.facility}\n${Buffer.from(entry.signature).toString('base64')}`;
    const known = this.verified.get(id);
    if (known && sameBytes(known.root, root) && sameBytes(known.key, publicKey)) return undefined;
    if (!verifySignature(publicKey, batchHeadBytes(this.cluster, entry.facility, entry.batchSize, root), entry.signature)) {
      return `facility ${entry.facility}'s signature does not verify (forged, altered after signing, or signed for another command)`;
    }
    this.remember(id, root, publicKey);
    return undefined;
  }

  /** A head this node signed itself. */
  signed(facility: string, signature: Uint8Array, root: Uint8Array, publicKey: Uint8Array): void {
    this.remember(`${facility}\n${Buffer.from(signature).toString('base64')}`, root, publicKey);
  }

  private remember(id: string, root: Uint8Array, key: Uint8Array): void {
    if (this.verified.size >= this.capacity) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(id, { root, key });
  }
}

/**
 * Log entry data for each payload, in order, signed as one batch by `identity`, or
 * unsigned envelopes naming `facility` when there is no identity (a cluster without keys).
 */
export function sealBatch(cluster: string, signer: FacilityIdentity | { readonly facility: string }, payloads: readonly Uint8Array[], checker?: SignatureChecker): Uint8Array[] {
  if (payloads.length === 0) return [];
  if (!('sign' in signer)) {
    return payloads.map((payload) => frame(encodeSignedEntry({ facility: signer.facility, payload: Buffer.from(payload), signature: Buffer.alloc(0), batchSize: 1, leafIndex: 0, auditPath: [] })));
  }
  const { root, paths } = merkleTree(payloads.map(leafHash));
  const signature = Buffer.from(signer.sign(batchHeadBytes(cluster, signer.facility, payloads.length, root)));
  checker?.signed(signer.facility, signature, root, signer.publicKey);
  return payloads.map((payload, i) =>
    frame(
      encodeSignedEntry({
        facility: signer.facility,
        payload: Buffer.from(payload),
        signature,
        batchSize: payloads.length,
        leafIndex: i,
        auditPath: paths[i]!.map((p) => Buffer.from(p)),
      }),
    ),
  );
}

/**
 * The schedule command a log entry carries (rosterd.v1.Command bytes), without checking
 * its signature: for readers of the log that only look (watch streams resuming from the
 * log, tests). Undefined for other payloads and undecodable data.
 */
export function scheduleCommandOf(data: Uint8Array): Uint8Array | undefined {
  const entry = openEntry(data);
  if (entry.kind === 'bare') return entry.command;
  if (entry.kind === 'malformed') return undefined;
  try {
    const payload = decodePayload(entry.payload);
    return payload.kind === 'scheduleCommand' ? payload.command : undefined;
  } catch (e) {
    if (e instanceof PayloadDecodeError) return undefined;
    throw e;
  }
}
