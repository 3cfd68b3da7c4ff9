import type { ConfChange, ConfState, Entry, HardState, Message, MessageType, SnapshotMeta } from '../raft/types.ts';
import { raftProto } from './raft-proto.ts';
import { WireError } from './wire-error.ts';
import { echoInput } from '../schedule/input-echo.ts';

const TYPE_TO_WIRE: Record<MessageType, number> = {
  app: 0,
  appResp: 1,
  heartbeat: 2,
  heartbeatResp: 3,
  vote: 4,
  voteResp: 5,
  preVote: 6,
  preVoteResp: 7,
  snap: 8,
  snapResp: 9,
  timeoutNow: 10,
  readIndex: 11,
  readIndexResp: 12,
  prop: 13,
};
const WIRE_TO_TYPE: MessageType[] = Object.entries(TYPE_TO_WIRE)
  .sort((a, b) => a[1] - b[1])
  .map(([t]) => t as MessageType);

const CONF_KINDS: ConfChange['kind'][] = ['addLearner', 'promote', 'remove'];

/** Longest key text a conf change may carry ("ed25519:" and 44 characters of base64, with room to spare). */
const MAX_KEY_TEXT_LENGTH = 128;

/** Longest node id a peer may send; ids are facility ids (see schedule/validate). */
const MAX_NODE_ID_LENGTH = 64;

// Decoded protobufjs objects are loosely typed; these are the shapes we read.
interface WireConf {
  kind?: number;
  node?: string;
  address?: string;
  key?: string;
}
interface WireEntry {
  term?: number;
  index?: number;
  data?: Uint8Array;
  conf?: WireConf | null;
}
interface WireConfState {
  voters?: string[];
  learners?: string[];
}
interface WireSnapMeta {
  index?: number;
  term?: number;
  conf?: WireConfState | null;
}
interface WireMessage {
  type?: number;
  from?: string;
  to?: string;
  term?: number;
  index?: number;
  logTerm?: number;
  entries?: WireEntry[];
  commit?: number;
  reject?: boolean;
  hintIndex?: number;
  hintTerm?: number;
  context?: string;
  transfer?: boolean;
  snapMeta?: WireSnapMeta | null;
  offset?: number;
  totalBytes?: number;
  data?: Uint8Array;
  done?: boolean;
}

function entryToWire(e: Entry): WireEntry {
  if (e.type === 'normal') return { term: e.term, index: e.index, data: e.data };
  const c = e.change;
  return {
    term: e.term,
    index: e.index,
    conf: c.kind === 'addLearner' ? { kind: CONF_KINDS.indexOf(c.kind), node: c.node, address: c.address ?? '', key: c.key ?? '' } : { kind: CONF_KINDS.indexOf(c.kind), node: c.node },
  };
}

function nat(v: number | undefined, field: string): number {
  const n = v ?? 0;
  if (!Number.isSafeInteger(n) || n < 0) throw new WireError(`${field} must be a non-negative integer, got ${String(v)}`);
  return n;
}

function nodeId(v: string | undefined, field: string, allowEmpty: boolean): string {
  const s = v ?? '';
  if ((!allowEmpty && s === '') || s.length > MAX_NODE_ID_LENGTH) throw new WireError(`${field}: invalid node id ${echoInput(s)}`);
  return s;
}

function entryFromWire(w: WireEntry): Entry {
  const term = nat(w.term, 'entry.term');
  const index = nat(w.index, 'entry.index');
  if (index === 0) throw new WireError('entry.index must be >= 1');
  if (w.conf) {
    const kind = CONF_KINDS[w.conf.kind ?? -1];
    if (!kind) throw new WireError(`entry ${index}: unknown conf change kind ${String(w.conf.kind)}`);
    const node = nodeId(w.conf.node, `entry ${index} conf.node`, false);
    const key = w.conf.key ?? '';
    if (key.length > MAX_KEY_TEXT_LENGTH) throw new WireError(`entry ${index}: conf.key is ${key.length} characters; a key is at most ${MAX_KEY_TEXT_LENGTH}`);
    const change: ConfChange = kind === 'addLearner' ? { kind, node, address: w.conf.address ?? '', ...(key ? { key } : {}) } : { kind, node };
    return { type: 'conf', term, index, change };
  }
  return { type: 'normal', term, index, data: w.data ?? new Uint8Array(0) };
}

function confFromWire(w: WireConfState | null | undefined): ConfState {
  return {
    voters: (w?.voters ?? []).map((v) => nodeId(v, 'conf.voters', false)),
    learners: (w?.learners ?? []).map((v) => nodeId(v, 'conf.learners', false)),
  };
}

function metaToWire(m: SnapshotMeta): WireSnapMeta {
  return { index: m.index, term: m.term, conf: { voters: [...m.conf.voters], learners: [...m.conf.learners] } };
}

function metaFromWire(w: WireSnapMeta | null | undefined): SnapshotMeta {
  if (!w) throw new WireError('snapshot metadata missing');
  return { index: nat(w.index, 'snap.index'), term: nat(w.term, 'snap.term'), conf: confFromWire(w.conf) };
}

function decodeWith<T>(type: { decode(b: Uint8Array): unknown }, bytes: Uint8Array, what: string): T {
  try {
    return type.decode(bytes) as T;
  } catch (e) {
    throw new WireError(`malformed ${what}: ${(e as Error).message}`);
  }
}

/** Entries of one stored record; they must be consecutive (checked when decoding). */
export function encodeLogRecord(entries: readonly Entry[]): Uint8Array {
  return raftProto().LogRecord.encode({ entries: entries.map(entryToWire) }).finish();
}

/** Decodes a stored record, checking that it holds consecutive entries. */
export function decodeLogRecord(bytes: Uint8Array): Entry[] {
  const w = decodeWith<{ entries?: WireEntry[] }>(raftProto().LogRecord, bytes, 'log record');
  const entries = (w.entries ?? []).map(entryFromWire);
  if (entries.length === 0) throw new WireError('log record holds no entries');
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.index !== entries[i - 1]!.index + 1) throw new WireError(`log record is not consecutive: entry ${entries[i]!.index} follows ${entries[i - 1]!.index}`);
  }
  return entries;
}

export function encodeHardState(hs: HardState): Uint8Array {
  return raftProto().HardState.encode(hs).finish();
}

export function decodeHardState(bytes: Uint8Array): HardState {
  const w = decodeWith<{ term?: number; vote?: string; commit?: number }>(raftProto().HardState, bytes, 'hard state');
  return { term: nat(w.term, 'hardState.term'), vote: nodeId(w.vote, 'hardState.vote', true), commit: nat(w.commit, 'hardState.commit') };
}

export function encodeSnapshotMeta(m: SnapshotMeta): Uint8Array {
  return raftProto().SnapshotMeta.encode(metaToWire(m)).finish();
}

export function decodeSnapshotMeta(bytes: Uint8Array): SnapshotMeta {
  return metaFromWire(decodeWith<WireSnapMeta>(raftProto().SnapshotMeta, bytes, 'snapshot metadata'));
}

/**
 * The stored snapshot record (disk only): the Raft metadata and the image file that
 * holds the snapshot's bytes, with the length and SHA-256 digest the file must have.
 */
export interface StoredSnapshot {
  readonly meta: SnapshotMeta;
  /** The image file's name inside the data directory's snap/ folder. */
  readonly image: string;
  readonly imageBytes: number;
  /** SHA-256 of the image's bytes (32 bytes). */
  readonly imageSha256: Uint8Array;
}

export function encodeStoredSnapshot(s: StoredSnapshot): Uint8Array {
  return raftProto()
    .StoredSnapshot.encode({
      meta: metaToWire(s.meta),
      image: s.image,
      imageBytes: s.imageBytes,
      imageSha256: s.imageSha256,
    })
    .finish();
}

/** Decodes a stored snapshot record, checking that it names an image and carries a whole SHA-256 digest. */
export function decodeStoredSnapshot(bytes: Uint8Array): StoredSnapshot {
  const w = decodeWith<{ meta?: WireSnapMeta | null; image?: string; imageBytes?: number; imageSha256?: Uint8Array }>(raftProto().StoredSnapshot, bytes, 'stored snapshot');
  const image = w.image ?? '';
  if (image === '') throw new WireError('stored snapshot names no image file');
  const imageSha256 = w.imageSha256 ?? new Uint8Array(0);
  if (imageSha256.length !== 32) throw new WireError(`stored snapshot: image SHA-256 is ${imageSha256.length} bytes, not 32`);
  return { meta: metaFromWire(w.meta), image, imageBytes: nat(w.imageBytes, 'storedSnapshot.imageBytes'), imageSha256: new Uint8Array(imageSha256) };
}

function messageToWire(m: Message): WireMessage {
  const w: WireMessage = { type: TYPE_TO_WIRE[m.type], from: m.from, to: m.to, term: m.term };
  switch (m.type) {
    case 'app':
      w.index = m.index;
      w.logTerm = m.logTerm;
      w.entries = m.entries.map(entryToWire);
      w.commit = m.commit;
      break;
    case 'appResp':
      w.index = m.index;
      w.reject = m.reject;
      w.hintIndex = m.hintIndex;
      w.hintTerm = m.hintTerm;
      break;
    case 'heartbeat':
      w.commit = m.commit;
      w.context = m.context;
      break;
    case 'heartbeatResp':
      w.context = m.context;
      break;
    case 'vote':
    case 'preVote':
      w.index = m.index;
      w.logTerm = m.logTerm;
      w.transfer = m.transfer;
      break;
    case 'voteResp':
    case 'preVoteResp':
      w.reject = m.reject;
      break;
    case 'snap':
      w.snapMeta = metaToWire(m.meta);
      w.offset = m.offset;
      w.totalBytes = m.totalBytes;
      w.data = m.data;
      w.done = m.done;
      break;
    case 'snapResp':
      w.index = m.index;
      w.offset = m.offset;
      w.reject = m.reject;
      break;
    case 'timeoutNow':
      break;
    case 'readIndex':
      w.context = m.context;
      break;
    case 'readIndexResp':
      w.index = m.index;
      w.context = m.context;
      w.reject = m.reject;
      break;
    case 'prop':
      w.data = m.data;
      break;
  }
  return w;
}

/** Validates and converts a decoded wire message; throws WireError on anything malformed. */
function messageFromWire(w: WireMessage): Message {
  const type = WIRE_TO_TYPE[w.type ?? -1];
  if (!type) throw new WireError(`unknown message type ${String(w.type)}`);
  const env = { from: nodeId(w.from, 'from', false), to: nodeId(w.to, 'to', false), term: nat(w.term, 'term') };
  switch (type) {
    case 'app': {
      const index = nat(w.index, 'index');
      const entries = (w.entries ?? []).map(entryFromWire);
      entries.forEach((e, i) => {
        if (e.index !== index + 1 + i) throw new WireError(`append entries are not contiguous after index ${index}`);
      });
      return { ...env, type, index, logTerm: nat(w.logTerm, 'logTerm'), entries, commit: nat(w.commit, 'commit') };
    }
    case 'appResp':
      return {
        ...env,
        type,
        index: nat(w.index, 'index'),
        reject: w.reject ?? false,
        hintIndex: nat(w.hintIndex, 'hintIndex'),
        hintTerm: nat(w.hintTerm, 'hintTerm'),
      };
    case 'heartbeat':
      return { ...env, type, commit: nat(w.commit, 'commit'), context: w.context ?? '' };
    case 'heartbeatResp':
      return { ...env, type, context: w.context ?? '' };
    case 'vote':
    case 'preVote':
      return { ...env, type, index: nat(w.index, 'index'), logTerm: nat(w.logTerm, 'logTerm'), transfer: w.transfer ?? false };
    case 'voteResp':
    case 'preVoteResp':
      return { ...env, type, reject: w.reject ?? false };
    case 'snap': {
      const data = w.data ?? new Uint8Array(0);
      const offset = nat(w.offset, 'offset');
      const totalBytes = nat(w.totalBytes, 'totalBytes');
      if (offset + data.length > totalBytes) throw new WireError('snapshot chunk extends past the image');
      return { ...env, type, meta: metaFromWire(w.snapMeta), offset, totalBytes, data, done: w.done ?? false };
    }
    case 'snapResp':
      return { ...env, type, index: nat(w.index, 'index'), offset: nat(w.offset, 'offset'), reject: w.reject ?? false };
    case 'timeoutNow':
      return { ...env, type };
    case 'readIndex':
      return { ...env, type, context: w.context ?? '' };
    case 'readIndexResp':
      return { ...env, type, index: nat(w.index, 'index'), context: w.context ?? '', reject: w.reject ?? false };
    case 'prop':
      return { ...env, type, data: w.data ?? new Uint8Array(0) };
  }
}

/** Encodes several messages to one peer, and the sender's probe if given, as one frame. */
export function encodeBatch(messages: readonly Message[], probe?: { readonly hears: readonly string[] }): Uint8Array {
  return raftProto().Batch.encode({ messages: messages.map(messageToWire), ...(probe ? { probe: { hears: [...probe.hears] } } : {}) }).finish();
}

/** A decoded frame: its messages and, when the sender put one in, its probe. */
export interface DecodedBatch {
  readonly messages: Message[];
  readonly probe?: { readonly hears: string[] };
}

/** Decodes and validates a frame from a peer; throws WireError. */
export function decodeBatch(bytes: Uint8Array): DecodedBatch {
  const w = decodeWith<{ messages?: WireMessage[]; probe?: { hears?: string[] } | null }>(raftProto().Batch, bytes, 'message batch');
  const messages = (w.messages ?? []).map(messageFromWire);
  if (!w.probe) return { messages };
  return { messages, probe: { hears: (w.probe.hears ?? []).map((h) => nodeId(h, 'probe.hears', false)) } };
}
