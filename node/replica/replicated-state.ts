import type { Entry } from '../raft/types.ts';
import { decodeCommand, ScheduleMachine, type ApplyResult, type Facility } from '../schedule/index.ts';

const SNAPSHOT_VERSION = 1;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/**
 * Everything the log replicates: the schedule, plus the addresses of members added at
 * run time (carried by their conf-change entries) so every node can dial them.
 * Deterministic: the same entries give the same state and snapshot bytes.
 */
export class ReplicatedState {
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
    let env: { v?: number; members?: [string, string][]; schedule?: string };
    try {
      env = JSON.parse(fromUtf8.decode(bytes));
    } catch (e) {
      throw new Error(`snapshot image is not readable: ${(e as Error).message}`);
    }
    if (env.v !== SNAPSHOT_VERSION || !Array.isArray(env.members) || typeof env.schedule !== 'string') {
      throw new Error(`snapshot image has an unknown format (version ${String(env.v)})`);
    }
    const schedule = ScheduleMachine.restore(facilities, Buffer.from(env.schedule, 'base64'));
    return new ReplicatedState(schedule, new Map(env.members), facilities);
  }

  snapshot(): Uint8Array {
    const members = [...this.members.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const schedule = Buffer.from(this.schedule.snapshot()).toString('base64');
    return utf8.encode(JSON.stringify({ v: SNAPSHOT_VERSION, members, schedule }));
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
