/**
 * Merkle tree hashes and audit paths as RFC 6962 / RFC 9162 (Certificate Transparency)
 * define them: SHA-256, leaves hashed with a 0x00 prefix and interior nodes with 0x01,
 * so a leaf can never pass for a node. A node signs the root of a batch of commands
 * (signed-entry.ts); each entry keeps its audit path and is checked on its own.
 */
import { hash } from 'node:crypto';

export const HASH_BYTES = 32;

/**
 * One-shot crypto.hash over one prepared buffer: every command costs a few of these on
 * every node, and a Hash object per call (createHash().update().digest()) costs a third
 * more than the hashing itself at these sizes.
 */
function sha256(bytes: Uint8Array): Uint8Array {
  return hash('sha256', bytes, 'buffer');
}

/** MTH of one leaf: SHA-256(0x00 || data). */
export function leafHash(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input.set(data, 1);
  return sha256(input);
}

/** Interior nodes' input: 0x01 || left || right, two hashes (nodes are always HASH_BYTES; audit paths are checked before). */
const nodeInput = new Uint8Array(1 + 2 * HASH_BYTES);
nodeInput[0] = 0x01;

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) throw new RangeError('nodeHash: both children must be SHA-256 hashes');
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_BYTES);
  return sha256(nodeInput);
}

/** The largest power of two smaller than n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The tree over these leaf hashes (at least one): its root, and each leaf's audit path
 * (RFC 9162 §2.1.3.1), ordered from the leaf's sibling up to the root's child.
 */
export function merkleTree(leaves: readonly Uint8Array[]): { root: Uint8Array; paths: Uint8Array[][] } {
  if (leaves.length === 0) throw new RangeError('merkleTree: no leaves');
  const paths: Uint8Array[][] = leaves.map(() => []);
  const build = (lo: number, hi: number): Uint8Array => {
    if (hi - lo === 1) return leaves[lo]!;
    const mid = lo + split(hi - lo);
    const left = build(lo, mid);
    const right = build(mid, hi);
    for (let i = lo; i < mid; i++) paths[i]!.push(right);
    for (let i = mid; i < hi; i++) paths[i]!.push(left);
    return nodeHash(left, right);
  };
  return { root: build(0, leaves.length), paths };
}

/**
 * The root that `leaf` at `index` of a tree of `size` leaves proves with `path`
 * (RFC 9162 §2.1.3.2), or undefined when the path cannot belong to such a tree.
 */
export function rootFromPath(index: number, size: number, leaf: Uint8Array, path: readonly Uint8Array[]): Uint8Array | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0 || p.length !== HASH_BYTES) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/** Byte-wise equality (hashes and signatures here are public: no need for constant time). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
