import type { Entry } from '../raft/types.ts';
import { decodeCommand, encodeSnapshotSlices, ScheduleMachine, type ApplyResult, type Command, type Facility } from '../schedule/index.ts';
import { decodePayload, LedgerBook, openEntry, parsePublicKey, PayloadDecodeError, SignatureChecker, type GenesisKey, type LogPayload } from '../ledger/index.ts';
import type { ReplicatedMachine } from './replicated-machine.ts';

/**
 * The image: this magic line, the member address book as JSON and the ledger book's
 * JSON, each behind its 4-byte length, then the schedule's own snapshot bytes, as they
 * are. (Not one JSON document: embedding tens of megabytes of schedule as a base64
 * string doubled the time a snapshot holds the event loop.) Version 2 images (no ledger)
 * are still read, as a state whose ledger holds only the genesis keys.
 */
const MAGIC = new TextEncoder().encode('rosterd-state v3\n');
const MAGIC_V2 = new TextEncoder().encode('rosterd-state v2\n');

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

function lengthOf(section: Uint8Array): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, section.length);
  return out;
}

/** The image's parts, in order. */
function imageParts(members: Uint8Array, ledger: Uint8Array, schedule: readonly Uint8Array[]): Uint8Array[] {
  return [MAGIC, lengthOf(members), members, lengthOf(ledger), ledger, ...schedule];
}

/**
 * Bytes copied into the image per slice when it is assembled: first writes to a fresh
 * array of tens of megabytes cost a page fault per 4 KiB, and assembling one at once held
 * a loaded node's loop for over 100 ms. A quarter MiB keeps a slice near the encoder's
 * (snapshot-format.ts, RECORDS_PER_SLICE).
 */
const ASSEMBLE_SLICE_BYTES = 1 << 18;

function* assembled(parts: readonly Uint8Array[]): Generator<void, Uint8Array, void> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  let sinceYield = 0;
  for (const part of parts) {
    for (let from = 0; from < part.length; ) {
      const n = Math.min(part.length - from, ASSEMBLE_SLICE_BYTES - sinceYield);
      out.set(part.subarray(from, from + n), at);
      at += n;
      from += n;
      sinceYield += n;
      if (sinceYield >= ASSEMBLE_SLICE_BYTES) {
        sinceYield = 0;
        yield;
      }
    }
  }
  return out;
}

function* sliced(members: Uint8Array, ledger: Uint8Array, schedule: Generator<void, Uint8Array[], void>): Generator<void, Uint8Array, void> {
  return yield* assembled(imageParts(members, ledger, yield* schedule));
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** What every node of a cluster must be configured with alike: the state starts from it. */
export interface StateConfig {
  readonly cluster: string;
  readonly facilities: readonly Facility[];
  /** Keys every node is given at start (--peer-keys); more are registered through the log. */
  readonly genesisKeys?: readonly GenesisKey[];
  /**
   * Remembers checked signatures; shared with the node's sealer, so its own proposals
   * are not checked twice. Affects speed only.
   */
  readonly checker?: SignatureChecker;
}

const refuse = (code: Extract<ApplyResult, { ok: false }>['code'], message: string): ApplyResult => ({ ok: false, code, message });

/**
 * Everything the log replicates: the schedule, the ledger (keys, commitments, evidence),
 * and the addresses of members added at run time (carried by their conf-change entries)
 * so every node can dial them. Every command entry is checked against its proposer's
 * signature before anything applies it (node/ledger/signed-entry.ts): a bad or missing
 * signature is refused with the same result on every node and changes nothing, not even
 * the schedule's request memory (so a forged command cannot take a request id from the
 * real one). Deterministic: the same entries give the same state and snapshot bytes.
 */
export class ReplicatedState implements ReplicatedMachine<ApplyResult> {
  private constructor(
    readonly schedule: ScheduleMachine,
    readonly ledger: LedgerBook,
    private readonly members: Map<string, string>,
    private readonly config: StateConfig,
    private readonly checker: SignatureChecker,
  ) {}

  static empty(config: StateConfig): ReplicatedState {
    return new ReplicatedState(new ScheduleMachine(config.facilities), ReplicatedState.genesisLedger(config), new Map(), config, config.checker ?? new SignatureChecker(config.cluster));
  }

  private static genesisLedger(config: StateConfig): LedgerBook {
    return new LedgerBook(config.cluster, config.facilities.map((f) => f.id), config.genesisKeys ?? []);
  }

  /** Restores a snapshot image; throws on corrupt bytes. */
  static restore(config: StateConfig, bytes: Uint8Array): ReplicatedState {
    if (bytes.length === 0) return ReplicatedState.empty(config);
    const v3 = startsWith(bytes, MAGIC);
    if (!v3 && !startsWith(bytes, MAGIC_V2)) throw new Error('snapshot image has an unknown format (no rosterd-state v3 or v2 header)');
    let at = (v3 ? MAGIC : MAGIC_V2).length;
    const section = (what: string): Uint8Array => {
      if (at + 4 > bytes.length) throw new Error(`snapshot image is truncated before its ${what}`);
      const length = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
      if (at + 4 + length > bytes.length) throw new Error(`snapshot image is truncated: its ${what} claims ${length} bytes`);
      const out = bytes.subarray(at + 4, at + 4 + length);
      at += 4 + length;
      return out;
    };
    let members: unknown;
    try {
      members = JSON.parse(fromUtf8.decode(section('member list')));
    } catch (e) {
      throw new Error(`snapshot image: the member list is not readable: ${(e as Error).message}`);
    }
    if (!Array.isArray(members) || !members.every((m) => Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string')) {
      throw new Error('snapshot image: the member list is not a list of [id, address] pairs');
    }
    let ledger: LedgerBook;
    try {
      ledger = v3 ? LedgerBook.restore(config.cluster, config.facilities.map((f) => f.id), section('ledger')) : ReplicatedState.genesisLedger(config);
    } catch (e) {
      throw new Error(`snapshot image: ${(e as Error).message}`);
    }
    const schedule = ScheduleMachine.restore(config.facilities, bytes.subarray(at));
    return new ReplicatedState(schedule, ledger, new Map(members as [string, string][]), config, config.checker ?? new SignatureChecker(config.cluster));
  }

  snapshot(): Uint8Array {
    const parts = assembled(imageParts(this.membersJson(), this.ledger.snapshot(), [this.schedule.snapshot()]));
    for (;;) {
      const step = parts.next();
      if (step.done) return step.value;
    }
  }

  /**
   * snapshot()'s bytes for the state as it is now, encoded a slice per next() (the state
   * may change between slices: what is encoded was captured at the call).
   */
  snapshotSlices(): Generator<void, Uint8Array, void> {
    return sliced(this.membersJson(), this.ledger.snapshot(), encodeSnapshotSlices(this.schedule.snapshotContent()));
  }

  private membersJson(): Uint8Array {
    return utf8.encode(JSON.stringify([...this.members.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))));
  }

  /**
   * Applies one committed entry; returns the client result for commands. An entry that
   * does not decode, or whose signature does not check out, is refused, identically on
   * every node.
   */
  apply(e: Entry): ApplyResult | undefined {
    if (e.type === 'conf') {
      const c = e.change;
      if (c.kind === 'addLearner') {
        if (c.address) this.members.set(c.node, c.address);
        if (c.key) this.registerMemberKey(c.node, c.key, e.index);
      } else if (c.kind === 'remove') this.members.delete(c.node);
      return undefined;
    }
    if (e.data.length === 0) return undefined; // a new leader's no-op
    const opened = this.open(e.data);
    if (!opened.ok) return opened.refusal;
    const { payload, signer } = opened;
    switch (payload.kind) {
      case 'scheduleCommand':
        return this.applyCommand(payload.command, signer, e.index);
      case 'registerKey':
        if (signer !== undefined && payload.facility !== signer) return refuse('permissionDenied', `${signer} cannot register a key for ${payload.facility}`);
        return this.ledger.registerKey(payload.facility, payload.publicKey, e.index);
      case 'ledgerAppend':
        return this.ledger.append(payload.append, { proposer: signer ?? '', index: e.index, currentVersion: this.schedule.blockVersion(payload.append.block) });
      case 'reportEvidence':
        return this.ledger.reportEvidence(payload.statements, signer ?? '', e.index);
    }
  }

  /**
   * Whether a command entry's envelope and signature are accepted by the keys held now
   * (apply runs the same check first). Readers of the log use it to skip entries that
   * were refused: keys never change once registered, so the answer is the one apply gave,
   * except for an entry signed by a key registered only after it was applied, which
   * only that facility itself could have made.
   */
  accepts(data: Uint8Array): boolean {
    return this.open(data).ok;
  }

  /** The payload of entry data and the facility that signed it (undefined: an unsigned cluster), or the refusal. */
  private open(data: Uint8Array): { ok: true; payload: LogPayload; signer: string | undefined } | { ok: false; refusal: ApplyResult } {
    const no = (code: Extract<ApplyResult, { ok: false }>['code'], message: string) => ({ ok: false as const, refusal: refuse(code, message) });
    const opened = openEntry(data);
    if (opened.kind === 'malformed') return no('invalidArgument', `undecodable entry: ${opened.problem}`);
    if (opened.kind === 'bare') {
      if (this.ledger.keyring.size > 0) return no('permissionDenied', "an unsigned command: this cluster's facilities have keys, and every command must be signed");
      return { ok: true, payload: { kind: 'scheduleCommand', command: opened.command }, signer: undefined };
    }
    let payload: LogPayload;
    try {
      payload = decodePayload(opened.payload);
    } catch (err) {
      if (err instanceof PayloadDecodeError) return no('invalidArgument', `undecodable entry: ${err.message}`);
      throw err;
    }
    const signer = opened.facility;
    if (opened.signature.length === 0) {
      if (this.ledger.keyring.size > 0) return no('permissionDenied', `an unsigned command from ${signer}: this cluster's facilities have keys, and every command must be signed`);
      if (payload.kind === 'registerKey') return no('permissionDenied', `${signer}'s key registration is not signed by that key`);
      return { ok: true, payload, signer };
    }
    const registering = payload.kind === 'registerKey' && payload.facility === signer ? payload.publicKey : undefined;
    const key = this.ledger.keyring.keyOf(signer) ?? registering;
    if (key === undefined) return no('permissionDenied', `facility ${signer} has no registered key`);
    const problem = this.checker.problem(opened, key);
    if (problem) return no('permissionDenied', problem);
    return { ok: true, payload, signer };
  }

  /** A schedule command, issued by the facility that signed it (undefined: unsigned cluster). */
  private applyCommand(bytes: Uint8Array, signer: string | undefined, index: number): ApplyResult {
    let cmd: Command;
    try {
      cmd = decodeCommand(bytes);
    } catch (err) {
      return refuse('invalidArgument', `undecodable command: ${(err as Error).message}`);
    }
    if (signer !== undefined) {
      const claimed = claimedFacility(cmd);
      if (claimed !== signer) return refuse('permissionDenied', `a command signed by ${signer} claims to come from ${claimed}`);
    }
    return this.schedule.apply(cmd, index).result;
  }

  /** A key carried by `member add --key`; a malformed or conflicting one registers nothing (the member's own registration then says why). */
  private registerMemberKey(node: string, key: string, index: number): void {
    let raw: Uint8Array;
    try {
      raw = parsePublicKey(key);
    } catch {
      return;
    }
    this.ledger.registerKey(node, raw, index);
  }

  /** Address of a member added at run time, if any. */
  memberAddress(id: string): string | undefined {
    return this.members.get(id);
  }

  facilityList(): readonly Facility[] {
    return this.config.facilities;
  }

  get cluster(): string {
    return this.config.cluster;
  }
}

/**
 * The facility a command says it comes from: its issuer, and for emergency writes the
 * facility that accepted them, which must be the same (a node submits only its own
 * journal).
 */
function claimedFacility(cmd: Command): string {
  const op = cmd.op;
  if (op.kind === 'coverage' && op.write.facility !== cmd.issuer) return op.write.facility;
  if (op.kind === 'reconcile') {
    const other = op.facility !== cmd.issuer ? op.facility : op.writes.find((w) => w.facility !== cmd.issuer)?.facility;
    if (other !== undefined) return other;
  }
  return cmd.issuer;
}
