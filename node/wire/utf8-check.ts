import { isUtf8 } from 'node:buffer';
import protobuf from 'protobufjs';
import { CLIENT_PROTO_FILES, protoPath } from './protos.ts';

/**
 * proto3 requires string fields to hold well-formed UTF-8, but protobufjs (and so
 * proto-loader) decodes whatever bytes arrive, replacing each malformed sequence with
 * U+FFFD: the damage is invisible once decoded, and well-formed U+FFFD is legitimate
 * input. So the check runs on the encoded message, before decoding: walk its fields by
 * the message's descriptor and test the bytes of every string field, in nested
 * messages and repeated fields too.
 */

/** Nesting deeper than this is not walked (the client contract nests a few levels at most). */
const MAX_DEPTH = 32;

let clientRoot: protobuf.Root | undefined;

/** protobufjs reflection of the client contract (roster.proto, admin.proto), for finding each request's string fields. */
export function clientMessageRoot(): protobuf.Root {
  if (clientRoot === undefined) {
    const root = new protobuf.Root();
    root.loadSync(CLIENT_PROTO_FILES.map((f) => protoPath(f)));
    root.resolveAll();
    clientRoot = root;
  }
  return clientRoot;
}

/**
 * The path (`person.name`, `pools.name`) of the first string field of `bytes`, a
 * message of `type`, that is not well-formed UTF-8; undefined when every one is, or
 * when the bytes are not a well-formed message at all (the decoder reports that).
 * Unknown fields are skipped.
 */
export function malformedUtf8Field(type: protobuf.Type, bytes: Uint8Array): string | undefined {
  try {
    return walk(type, bytes, 0);
  } catch {
    return undefined;
  }
}

function walk(type: protobuf.Type, bytes: Uint8Array, depth: number): string | undefined {
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const wireType = tag & 7;
    const field = type.fieldsById[tag >>> 3];
    if (field === undefined || wireType !== 2 || field.map) {
      reader.skipType(wireType);
      continue;
    }
    if (field.type === 'string') {
      if (!isUtf8(reader.bytes())) return field.name;
    } else if (field.resolvedType instanceof protobuf.Type && depth < MAX_DEPTH) {
      const inner = walk(field.resolvedType, reader.bytes(), depth + 1);
      if (inner !== undefined) return `${field.name}.${inner}`;
    } else {
      reader.skipType(wireType);
    }
  }
  return undefined;
}
