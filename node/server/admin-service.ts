import type { Logger } from 'pino';
import { ConflictError, InvalidArgumentError, NotLeaderError } from '../errors.ts';
import type { EmergencyJournal } from '../healing/emergency-journal.ts';
import type { IsolationSwitch } from '../transport/isolation-switch.ts';
import type { ScheduleReplica } from '../replica/index.ts';
import type { LedgerService } from '../service/ledger-service.ts';
import { parsePublicKey } from '../ledger/index.ts';
import { unary } from './unary.ts';
import { HOST_PORT_PATTERN, NODE_ID_PATTERN } from '../config.ts';
import { echoInput, NODE_ID_RULE } from '../schedule/index.ts';
import type * as admin from '../wire/generated/rosterd/admin/v1/index.ts';

/** Reported in NodeStatus.version. */
export const ROSTERD_VERSION = '0.1.0';

const TRANSFER_TIMEOUT_MS = 5000;

export interface AdminOptions {
  readonly self: string;
  readonly cluster: string;
  readonly log: Logger;
  readonly journal: EmergencyJournal;
  /** Present when the node runs with --fault-injection: what SetIsolation flips. */
  readonly isolation?: IsolationSwitch;
  /** The ledger service, for the key and ledger fields of the status. */
  readonly ledger?: LedgerService;
  readonly nowMs: () => number;
}

/** The Admin service: status (with the partition view and the links), membership, leadership transfer, snapshots, fault injection. */
export function adminHandlers(replica: ScheduleReplica, o: AdminOptions): admin.AdminHandlers {
  const members = (): admin.MembersReply => {
    const st = replica.status();
    const progress = new Map(st.progress.map((p) => [p.id, p]));
    const connected = new Set(replica.linkStats().filter((l) => l.connected).map((l) => l.peer));
    const row = (id: string, voter: boolean): admin.Member => ({
      id,
      address: replica.addressOf(id),
      voter,
      matchIndex: id === st.id ? st.lastIndex : (progress.get(id)?.match ?? 0),
      reachable: id === st.id || connected.has(id),
    });
    return {
      leader: st.leader,
      members: [...st.conf.voters.map((v) => row(v, true)), ...st.conf.learners.map((l) => row(l, false))],
    };
  };
  const requireId = (id: string, field: string): void => {
    if (!NODE_ID_PATTERN.test(id)) throw new InvalidArgumentError(`${field} must be ${NODE_ID_RULE}, got ${echoInput(id)}`);
  };

  const ledgerStatus = (): Partial<admin.NodeStatus> => {
    const book = replica.appliedState().state.ledger;
    const head = book.head();
    const l = o.ledger;
    return {
      keyFingerprint: l?.fingerprint() ?? '',
      keyProblem: l?.signingProblem() ?? '',
      ledgerHeadSeq: head.seq,
      ledgerHeadHash: head.hash,
      evidence: book.evidence().length,
      splitViews: l ? l.headWatch().splitViews().map((s) => s.facility) : [],
      divergentBlocks: l ? l.divergences().map((d) => d.block) : [],
    };
  };

  const status = (): admin.NodeStatus => {
      const st = replica.status();
      const view = replica.partition();
      const journal = o.journal.entries();
      return {
        id: st.id,
        address: replica.addressOf(st.id),
        role: st.role,
        term: st.term,
        leader: st.leader,
        commitIndex: st.commit,
        appliedIndex: st.applied,
        firstIndex: st.firstIndex,
        lastIndex: st.lastIndex,
        cluster: o.cluster,
        partitionState: view.state,
        version: ROSTERD_VERSION,
        reachable: [...view.reachable],
        unreachable: [...view.unreachable],
        links: replica.peerLinks().map((l) => ({ ...l, lastHeardMsAgo: Math.round(l.lastHeardAgoMs) })),
        journalWrites: journal.length,
        journalAgeSeconds: journal.length === 0 ? 0 : Math.max(0, o.nowMs() - Math.min(...journal.map((w) => w.stamp.wallMs))) / 1000,
        openConflicts: replica.appliedState().state.schedule.coverage().filter((r) => r.status.kind === 'conflict').length,
        isolated: o.isolation?.isolated ?? false,
        ...ledgerStatus(),
      };
  };

  return {
    Status: unary(o.log, 'Status', async (): Promise<admin.NodeStatus> => status()),
    Members: unary(o.log, 'Members', async () => members()),
    AddMember: unary(o.log, 'AddMember', async (req: admin.AddMemberRequest__Output, signal) => {
      requireId(req.id, 'id');
      if (!HOST_PORT_PATTERN.test(req.address)) throw new InvalidArgumentError(`address must be host:port, got ${echoInput(req.address)}`);
      if (req.key) {
        try {
          parsePublicKey(req.key);
        } catch (e) {
          throw new InvalidArgumentError(`key: ${(e as Error).message}`);
        }
      }
      await replica.proposeConfChange({ kind: 'addLearner', node: req.id, address: req.address, ...(req.key ? { key: req.key } : {}) }, signal);
      return members();
    }),
    PromoteMember: unary(o.log, 'PromoteMember', async (req: admin.MemberRequest__Output, signal) => {
      requireId(req.id, 'id');
      await replica.proposeConfChange({ kind: 'promote', node: req.id }, signal);
      return members();
    }),
    RemoveMember: unary(o.log, 'RemoveMember', async (req: admin.MemberRequest__Output, signal) => {
      requireId(req.id, 'id');
      await replica.proposeConfChange({ kind: 'remove', node: req.id }, signal);
      return members();
    }),
    TransferLeader: unary(o.log, 'TransferLeader', async (req: admin.TransferLeaderRequest__Output): Promise<admin.TransferLeaderReply> => {
      const st = replica.status();
      if (st.role !== 'leader') throw new NotLeaderError(st.leader, st.leader ? replica.addressOf(st.leader) : '');
      let to = req.to;
      if (to === '') {
        // The most caught-up other voter: the transfer finishes soonest.
        const best = st.progress.filter((p) => !p.learner).sort((a, b) => b.match - a.match)[0];
        if (!best) throw new InvalidArgumentError('there is no other voter to transfer leadership to');
        to = best.id;
      }
      requireId(to, 'to');
      return { leader: await replica.transferLeadership(to, TRANSFER_TIMEOUT_MS) };
    }),
    Snapshot: unary(o.log, 'Snapshot', async (): Promise<admin.SnapshotReply> => replica.snapshotNow()),
    SetIsolation: unary(o.log, 'SetIsolation', async (req: admin.SetIsolationRequest__Output): Promise<admin.NodeStatus> => {
      if (!o.isolation) throw new ConflictError('fault injection is off on this node; start it with --fault-injection to allow SetIsolation');
      o.isolation.set(req.isolated);
      o.log.warn({ isolated: req.isolated }, req.isolated ? 'fault injection: all peer links cut' : 'fault injection: peer links restored');
      return status();
    }),
  };
}
