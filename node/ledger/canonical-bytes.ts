/**
 * The canonical byte encoding of everything a facility signs or the ledger hashes: a
 * domain string, then typed, length-prefixed fields. Unambiguous (no two different field
 * lists give the same bytes), independent of protobuf's encoder (which may order or
 * pack fields differently across versions), and stable: test/ledger/canonical-bytes
 * checks golden bytes in.
 *
 *   bytes  = field(domain) field*
 *   field  = tag(1 byte) length(4 bytes, big-endian) value
 *   tag    = 's' UTF-8 string | 'b' raw bytes | 'u' unsigned integer (value: 8 bytes, big-endian)
 *
 * The domain ("rosterd-block-vote/1") separates structures: bytes signed as a vote can
 * never verify as a ledger head or a command batch.
 */

const utf8 = new TextEncoder();

const TAG_STRING = 0x73; // 's'
const TAG_BYTES = 0x62; // 'b'
const TAG_UINT = 0x75; // 'u'

/** Builds one canonical byte string; each method appends a field. */
export class CanonicalBytes {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  private constructor() {}

  /** Starts the bytes of one structure with its domain string. */
  static of(domain: string): CanonicalBytes {
    return new CanonicalBytes().str(domain);
  }

  str(value: string): this {
    return this.field(TAG_STRING, utf8.encode(value));
  }

  bytes(value: Uint8Array): this {
    return this.field(TAG_BYTES, value);
  }

  /** An integer in 0..2^53-1 (RangeError otherwise). */
  uint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`canonical bytes: ${value} is not an integer in 0..2^53-1`);
    const v = new Uint8Array(8);
    new DataView(v.buffer).setBigUint64(0, BigInt(value));
    return this.field(TAG_UINT, v);
  }

  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private field(tag: number, value: Uint8Array): this {
    const head = new Uint8Array(5);
    head[0] = tag;
    new DataView(head.buffer).setUint32(1, value.length);
    this.parts.push(head, value);
    this.length += 5 + value.length;
    return this;
  }
}
