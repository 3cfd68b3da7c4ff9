/**
 * Facility identities and signed log entries for tests: keys derived from fixed seeds
 * (the same every run), entries sealed exactly as a node seals them.
 */
import { createHash } from 'node:crypto';
import { encodePayload, FacilityIdentity, sealBatch, ENTRY_MAGIC, type LogPayload } from '../../node/ledger/index.ts';
import { decodeSignedEntry, encodeSignedEntry } from '../../node/ledger/codec.ts';
import { encodeCommand, type Command } from '../../node/schedule/index.ts';
import type { Entry } from '../../node/raft/types.ts';
import { decodeSnapshot, encodeSnapshot, type SnapshotContent } from '../../node/schedule/snapshot-format.ts';

export const CLUSTER = 'test-cluster';

/** A facility's identity, its key derived from its name, or from `keyOf`'s (an impostor signing as `facility`). */
export function identity(facility: string, keyOf = facility): FacilityIdentity {
  const id = `${facility}\n${keyOf}`;
  let found = identities.get(id);
  if (!found) {
    found = FacilityIdentity.fromSeed(facility, createHash('sha256').update(`test key of ${keyOf}`).digest());
    identities.set(id, found);
  }
  return found;
}

/** Key derivation costs more than a signature: simulations restart nodes thousands of times. */
const identities = new Map<string, FacilityIdentity>();

/** The genesis keys of these facilities. */
export function genesisKeys(facilities: readonly string[]): { facility: string; publicKey: Uint8Array }[] {
  return facilities.map((f) => ({ facility: f, publicKey: identity(f).publicKey }));
}

/** A schedule command as a log payload. */
export function commandPayload(cmd: Command): Uint8Array {
  return encodePayload({ kind: 'scheduleCommand', command: encodeCommand(cmd) });
}

/** Payloads signed as one batch by `by`: the entry data, in order. */
export function sealed(by: FacilityIdentity | { readonly facility: string }, payloads: readonly (Uint8Array | LogPayload)[], cluster = CLUSTER): Uint8Array[] {
  return sealBatch(cluster, by, payloads.map((p) => (p instanceof Uint8Array ? p : encodePayload(p))));
}

/** A normal log entry holding `data`. */
export function entry(index: number, data: Uint8Array, term = 1): Entry {
  return { type: 'normal', index, term, data };
}

/** Entry data with its SignedEntry fields changed by `edit` (the signature left as it was). */
export function tampered(data: Uint8Array, edit: (e: ReturnType<typeof decodeSignedEntry>) => void): Uint8Array {
  const e = decodeSignedEntry(data.subarray(ENTRY_MAGIC.length));
  edit(e);
  const body = encodeSignedEntry(e);
  const out = new Uint8Array(ENTRY_MAGIC.length + body.length);
  out.set(ENTRY_MAGIC, 0);
  out.set(body, ENTRY_MAGIC.length);
  return out;
}

/**
 * A state image (ReplicatedState.snapshot()) with its schedule edited as someone with
 * access to the data directory would: the schedule snapshot decoded, changed by `edit`,
 * and encoded again with a fresh checksum, so the node loads it without complaint.
 */
export function editedImage(image: Uint8Array, edit: (content: SnapshotContent) => SnapshotContent): Uint8Array {
  // The image: magic line, two length-prefixed sections (members, ledger), then the schedule snapshot.
  let at = new TextEncoder().encode('rosterd-state v3\n').length;
  for (let i = 0; i < 2; i++) at += 4 + new DataView(image.buffer, image.byteOffset + at, 4).getUint32(0);
  const schedule = encodeSnapshot(edit(decodeSnapshot(image.subarray(at))));
  const out = new Uint8Array(at + schedule.length);
  out.set(image.subarray(0, at), 0);
  out.set(schedule, at);
  return out;
}

/** Moves `person`'s assignment in `block` to another pool. */
export function movedToPool(block: string, person: string, pool: string): (c: SnapshotContent) => SnapshotContent {
  return (c) => ({ ...c, assignments: c.assignments.map((a) => (a.block === block && a.person === person ? { ...a, pool } : a)) });
}
