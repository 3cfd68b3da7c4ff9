/**
 * The ledger's log payloads <-> protobuf bytes (proto/ledger.proto): SignedEntry, the
 * envelope of every log entry, and LogPayload, what it carries. The schema is read once,
 * synchronously, on first use; node/ledger imports nothing from gRPC's libraries.
 */
import protobuf from 'protobufjs';
import type { LedgerAppend__Output, LogPayload__Output, SignedEntry__Output } from '../wire/generated/rosterd/ledger/v1/index.ts';
import { statementsFromWire, statementsToWire, type Statements } from './evidence.ts';

const PROTO_URL = new URL('../../proto/ledger.proto', import.meta.url);

let types: { SignedEntry: protobuf.Type; LogPayload: protobuf.Type } | undefined;

function schema(): { SignedEntry: protobuf.Type; LogPayload: protobuf.Type } {
  if (types === undefined) {
    const root = protobuf.loadSync(decodeURIComponent(PROTO_URL.pathname));
    root.resolveAll();
    types = { SignedEntry: root.lookupType('rosterd.ledger.v1.SignedEntry'), LogPayload: root.lookupType('rosterd.ledger.v1.LogPayload') };
  }
  return types;
}

/** How decoded messages become objects: the shape of the generated __Output types. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true, arrays: true };

/** What a log entry carries. */
export type LogPayload =
  /** rosterd.v1.Command bytes (node/schedule/codec.ts). */
  | { readonly kind: 'scheduleCommand'; readonly command: Uint8Array }
  | { readonly kind: 'registerKey'; readonly facility: string; readonly publicKey: Uint8Array }
  | { readonly kind: 'ledgerAppend'; readonly append: Readonly<LedgerAppend__Output> }
  | { readonly kind: 'reportEvidence'; readonly statements: Statements };

export class PayloadDecodeError extends Error {
  override readonly name = 'PayloadDecodeError';
}

export function encodePayload(p: LogPayload): Uint8Array {
  const { LogPayload } = schema();
  let message: Record<string, unknown>;
  switch (p.kind) {
    case 'scheduleCommand':
      message = { scheduleCommand: p.command };
      break;
    case 'registerKey':
      message = { registerKey: { facility: p.facility, publicKey: p.publicKey } };
      break;
    case 'ledgerAppend':
      message = { ledgerAppend: p.append };
      break;
    case 'reportEvidence':
      message = { reportEvidence: statementsToWire(p.statements) };
      break;
  }
  return new Uint8Array(LogPayload.encode(LogPayload.fromObject(message)).finish());
}

/** Throws PayloadDecodeError on bytes that are not a LogPayload or carry none of its kinds. */
export function decodePayload(bytes: Uint8Array): LogPayload {
  const { LogPayload } = schema();
  let w: LogPayload__Output;
  try {
    w = LogPayload.toObject(LogPayload.decode(bytes), TO_OBJECT) as LogPayload__Output;
  } catch (e) {
    throw new PayloadDecodeError(`not a log payload: ${(e as Error).message}`);
  }
  switch (w.kind) {
    case 'scheduleCommand':
      return { kind: 'scheduleCommand', command: w.scheduleCommand! };
    case 'registerKey':
      return { kind: 'registerKey', facility: w.registerKey!.facility, publicKey: w.registerKey!.publicKey };
    case 'ledgerAppend':
      return { kind: 'ledgerAppend', append: w.ledgerAppend! };
    case 'reportEvidence': {
      const statements = statementsFromWire(w.reportEvidence);
      if (!statements) throw new PayloadDecodeError('evidence without its two statements');
      return { kind: 'reportEvidence', statements };
    }
    default:
      throw new PayloadDecodeError('a log payload of no known kind');
  }
}

export function encodeSignedEntry(e: Readonly<SignedEntry__Output>): Uint8Array {
  const { SignedEntry } = schema();
  return SignedEntry.encode(SignedEntry.fromObject(e)).finish();
}

/** Throws PayloadDecodeError on bytes that are not a SignedEntry. */
export function decodeSignedEntry(bytes: Uint8Array): SignedEntry__Output {
  const { SignedEntry } = schema();
  try {
    return SignedEntry.toObject(SignedEntry.decode(bytes), TO_OBJECT) as SignedEntry__Output;
  } catch (e) {
    throw new PayloadDecodeError(`not a signed entry: ${(e as Error).message}`);
  }
}
