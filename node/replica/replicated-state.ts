import type { Entry } from '../raft/types.ts';
import { decodeCommand, ScheduleMachine, type ApplyResult, type Facility } from '../schedule/index.ts';
import type { RowWrite } from '../storage/level-storage.ts';

/** Rows of the member address book; everything else under sm/ belongs to the schedule. */
const MEMBER_PREFIX = 'sm/member/';
const SNAPSHOT_VERSION = 1;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** What applying one log entry produced: a client result for commands, and rows to persist. */
export interface EntryOutcome {
  readonly result?: ApplyResult;
  readonly writes: readonly RowWrite[];
}

/**
 * Everything the log replicates: the schedule, plus the addresses of members added at
 * run time (carried by their conf-change entries) so every node can dial them.
 * Deterministic: the same entries give the same state, rows and snapshot bytes.
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

  /** Rebuilds from the rows recovered from storage. */
  static fromRows(facilities: readonly Facility[], rows: Iterable<[string, Uint8Array]>): ReplicatedState {
    const members = new Map<string, string>();
    const scheduleRows: [string, Uint8Array][] = [];
    for (const [k, v] of rows) {
      if (k.startsWith(MEMBER_PREFIX)) members.set(k.slice(MEMBER_PREFIX.length), fromUtf8.decode(v));
      else scheduleRows.push([k, v]);
    }
    return new ReplicatedState(ScheduleMachine.fromRows(facilities, scheduleRows), members, facilities);
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

  /** Every row of the current state, as puts. */
  rows(): RowWrite[] {
    const out: RowWrite[] = [...this.schedule.rows()];
    for (const [id, addr] of this.members) out.push({ type: 'put', key: MEMBER_PREFIX + id, value: utf8.encode(addr) });
    return out;
  }

  /** Deletes of every current row: replacing the state by a snapshot starts from these. */
  deleteAllRows(): RowWrite[] {
    return this.rows().map((r) => ({ type: 'del', key: r.key }));
  }

  /** Applies one committed entry. A command that does not decode is refused, identically on every node. */
  apply(e: Entry): EntryOutcome {
    if (e.type === 'conf') {
      const c = e.change;
      if (c.kind === 'addLearner' && c.address) {
        this.members.set(c.node, c.address);
        return { writes: [{ type: 'put', key: MEMBER_PREFIX + c.node, value: utf8.encode(c.address) }] };
      }
      if (c.kind === 'remove' && this.members.delete(c.node)) return { writes: [{ type: 'del', key: MEMBER_PREFIX + c.node }] };
      return { writes: [] };
    }
    if (e.data.length === 0) return { writes: [] }; // a new leader's no-op
    let cmd;
    try {
      cmd = decodeCommand(e.data);
    } catch (err) {
      return { result: { ok: false, code: 'invalidArgument', message: `undecodable command: ${(err as Error).message}` }, writes: [] };
    }
    const out = this.schedule.apply(cmd, e.index);
    return { result: out.result, writes: out.writes };
  }

  /** Address of a member added at run time, if any. */
  memberAddress(id: string): string | undefined {
    return this.members.get(id);
  }

  facilityList(): readonly Facility[] {
    return this.facilities;
  }
}
