import type { Entry } from '../raft/types.ts';
import { decodeCommand, encodeSnapshotSlices, ScheduleMachine, type ApplyResult, type Facility } from '../schedule/index.ts';
import type { ReplicatedMachine } from './replicated-machine.ts';

/**
 * The image: this magic line, the member address book as JSON behind its 4-byte
 * length, then the schedule's own snapshot bytes, as they are. (Not one JSON document:
 * embedding tens of megabytes of schedule as a base64 string doubled the time a
 * snapshot holds the event loop.)
 */
const MAGIC = new TextEncoder().encode('rosterd-state v2\n');

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder('utf-8', { fatal: true });

function image(members: Uint8Array, schedule: Uint8Array): Uint8Array {
  const out = new Uint8Array(MAGIC.length + 4 + members.length + schedule.length);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, members.length);
  out.set(members, MAGIC.length + 4);
  out.set(schedule, MAGIC.length + 4 + members.length);
  return out;
}

function* sliced(members: Uint8Array, schedule: Generator<void, Uint8Array, void>): Generator<void, Uint8Array, void> {
  return image(members, yield* schedule);
}

/**
 * Everything the log replicates: the schedule, plus the addresses of members added at
 * run time (carried by their conf-change entries) so every node can dial them.
 * Deterministic: the same entries give the same state and snapshot bytes.
 */
export class ReplicatedState implements ReplicatedMachine<ApplyResult> {
  private constructor(
    readonly schedule: ScheduleMachine,
    private readonly members: Map<string, string>,
    private readonly facilities: readonly Facility[],
  ) {}

  static empty(facilities: readonly Facility[]): ReplicatedState {
    return new ReplicatedState(new ScheduleMachine(facilities), new Map(), facilities);
  }

  /** Restores a snapshot image; throws on corrupt bytes. */
  static restore(facilities: readonly Facility[], bytes: Uint8Array): ReplicatedState {
    if (bytes.length === 0) return ReplicatedState.empty(facilities);
    const headerAt = MAGIC.length + 4;
    if (bytes.length < headerAt || MAGIC.some((b, i) => bytes[i] !== b)) {
      throw new Error('snapshot image has an unknown format (no rosterd-state v2 header)');
    }
    const membersLength = new DataView(bytes.buffer, bytes.byteOffset + MAGIC.length, 4).getUint32(0);
    if (headerAt + membersLength > bytes.length) throw new Error(`snapshot image is truncated: the member list claims ${membersLength} bytes`);
    let members: unknown;
    try {
      members = JSON.parse(fromUtf8.decode(bytes.subarray(headerAt, headerAt + membersLength)));
    } catch (e) {
      throw new Error(`snapshot image: the member list is not readable: ${(e as Error).message}`);
    }
    if (!Array.isArray(members) || !members.every((m) => Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string')) {
      throw new Error('snapshot image: the member list is not a list of [id, address] pairs');
    }
    const schedule = ScheduleMachine.restore(facilities, bytes.subarray(headerAt + membersLength));
    return new ReplicatedState(schedule, new Map(members as [string, string][]), facilities);
  }

  snapshot(): Uint8Array {
    return image(this.membersJson(), this.schedule.snapshot());
  }

  /**
   * snapshot()'s bytes for the state as it is now, encoded a slice per next() (the state
   * may change between slices: what is encoded was captured at the call).
   */
  snapshotSlices(): Generator<void, Uint8Array, void> {
    return sliced(this.membersJson(), encodeSnapshotSlices(this.schedule.snapshotContent()));
  }

  private membersJson(): Uint8Array {
    return utf8.encode(JSON.stringify([...this.members.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))));
  }

  /**
   * Applies one committed entry; returns the client result for commands. A command
   * that does not decode is refused, identically on every node.
   */
  apply(e: Entry): ApplyResult | undefined {
    if (e.type === 'conf') {
      const c = e.change;
      if (c.kind === 'addLearner' && c.address) this.members.set(c.node, c.address);
      else if (c.kind === 'remove') this.members.delete(c.node);
      return undefined;
    }
    if (e.data.length === 0) return undefined; // a new leader's no-op
    let cmd;
    try {
      cmd = decodeCommand(e.data);
    } catch (err) {
      return { ok: false, code: 'invalidArgument', message: `undecodable command: ${(err as Error).message}` };
    }
    return this.schedule.apply(cmd, e.index).result;
  }

  /** Address of a member added at run time, if any. */
  memberAddress(id: string): string | undefined {
    return this.members.get(id);
  }

  facilityList(): readonly Facility[] {
    return this.facilities;
  }
}
