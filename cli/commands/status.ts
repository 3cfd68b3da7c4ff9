import type { Command } from 'commander';
import type { Attempt } from '../client.ts';
import { parseEndpoint } from '../endpoints.ts';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { renderTable, UNKNOWN_CELL } from '../output.ts';
import type { NodeStatus__Output } from '../../node/wire/generated/rosterd/admin/v1/index.ts';
import { Admin } from '../protos.ts';
import { leaderOf } from './members.ts';

/** How long each member gets to answer Status: a slow member must not hold up the table. */
export const STATUS_PROBE_TIMEOUT_MS = 1000;

/** One row of `status --json`. Unknown values (unreachable member) are null. */
export interface MemberStatus {
  id: string;
  address: string;
  role: string | null;
  term: number | null;
  commitIndex: number | null;
  appliedIndex: number | null;
  reachable: boolean;
  /** connected | majority | minority, as the member sees itself. */
  partitionState: string | null;
  /** The voters the member reaches both ways (itself included), and those it does not. */
  reaches: string[] | null;
  unreachable: string[] | null;
  /** The member's link to each peer: the links matrix's row. */
  links: { peer: string; reaches: boolean; heardFrom: boolean; breaker: string; connected: boolean }[] | null;
  journalWrites: number | null;
  openConflicts: number | null;
  isolated: boolean | null;
  /** The member's facility key, and why its signatures would not be accepted ('' when they would). */
  keyFingerprint: string | null;
  keyProblem: string | null;
  /** Its ledger head, evidence records, split views and diverging blocks as it sees them. */
  ledgerHead: number | null;
  evidence: number | null;
  splitViews: string[] | null;
  divergentBlocks: string[] | null;
}

/**
 * `status`: the member list from any reachable endpoint, then each member's own view
 * (Admin.Status), asked of all members in parallel. A member that does not answer in
 * time is listed as unreachable rather than failing the command.
 */
export function registerStatus(program: Command, environment: Environment, setExit: ExitSink): void {
  program
    .command('status')
    .description("each member's role, term, commit and applied index, and reachability")
    .action(
      action<null>(environment, setExit, {
        parse: () => null,
        run: async (inv) => {
          const rpc = inv.rpc();
          const reply = await rpc.call(Admin.Members, {});
          const probes = await Promise.all(
            reply.members.map((m): Promise<Attempt<NodeStatus__Output> | null> =>
              // An unusable advertised address is reported as unreachable, not dialled.
              parseEndpoint(m.address) === null ? Promise.resolve(null) : rpc.probe(m.address, Admin.Status, {}, STATUS_PROBE_TIMEOUT_MS),
            ),
          );
          const members: MemberStatus[] = reply.members.map((m, i) => {
            const probe = probes[i];
            const s = probe?.ok ? probe.value : undefined;
            return {
              id: m.id,
              address: m.address,
              role: s?.role ?? null,
              term: s?.term ?? null,
              commitIndex: s?.commitIndex ?? null,
              appliedIndex: s?.appliedIndex ?? null,
              reachable: s !== undefined,
              partitionState: s?.partitionState ?? null,
              reaches: s ? [...s.reachable] : null,
              unreachable: s ? [...s.unreachable] : null,
              links: s ? s.links.map((l) => ({ peer: l.peer, reaches: l.outbound, heardFrom: l.inbound, breaker: l.breaker, connected: l.connected })) : null,
              journalWrites: s ? Number(s.journalWrites) : null,
              openConflicts: s ? Number(s.openConflicts) : null,
              isolated: s?.isolated ?? null,
              keyFingerprint: s ? s.keyFingerprint : null,
              keyProblem: s ? s.keyProblem : null,
              ledgerHead: s ? Number(s.ledgerHeadSeq) : null,
              evidence: s ? Number(s.evidence) : null,
              splitViews: s ? [...s.splitViews] : null,
              divergentBlocks: s ? [...s.divergentBlocks] : null,
            };
          });
          members.sort((a, b) => a.id.localeCompare(b.id));
          const leader = leaderOf(reply)?.id || reply.leader || selfDeclaredLeader(members);
          inv.out.result({ members, leader }, () => {
            const cell = (v: string | number | null): string | number => v ?? UNKNOWN_CELL;
            const table = renderTable(
              ['ID', 'ADDRESS', 'ROLE', 'TERM', 'COMMIT', 'APPLIED', 'REACHABLE', 'PARTITION', 'JOURNAL', 'CONFLICTS', 'LEDGER'],
              members.map((m) => [
                m.id,
                m.address,
                cell(m.role),
                cell(m.term),
                cell(m.commitIndex),
                cell(m.appliedIndex),
                m.reachable ? 'yes' : 'no',
                m.partitionState === null ? UNKNOWN_CELL : `${m.partitionState}${m.isolated ? ' (isolated)' : ''}`,
                cell(m.journalWrites),
                cell(m.openConflicts),
                cell(m.ledgerHead),
              ]),
            );
            const warnings = ledgerWarnings(members);
            return `${table}\nleader: ${leader || 'none known'}${warnings ? `\n${warnings}` : ''}\n\n${linksMatrix(members)}`;
          });
        },
      }),
    );
}

/** What the members report about keys and the ledger that needs a person's attention, one line each. */
function ledgerWarnings(members: readonly MemberStatus[]): string {
  const lines: string[] = [];
  for (const m of members) {
    if (m.keyProblem) lines.push(`${m.id}: ${m.keyProblem}`);
    if (m.splitViews && m.splitViews.length > 0) lines.push(`${m.id}: split view: the signed ledger heads of ${m.splitViews.join(', ')} contradict its ledger`);
    if (m.divergentBlocks && m.divergentBlocks.length > 0) lines.push(`${m.id}: its own schedule of ${m.divergentBlocks.join(', ')} differs from what the facilities committed: its state may be corrupt`);
  }
  const evidence = Math.max(0, ...members.map((m) => m.evidence ?? 0));
  if (evidence > 0) lines.push(`evidence: ${evidence} record(s) against lying facilities (rosterctl evidence list)`);
  return lines.join('\n');
}

/**
 * Who reaches whom: row X, column Y says whether X's frames reach Y (Y's probes say it
 * hears X), with X's circuit breaker toward Y when it is not closed; '-' where X did not
 * answer.
 */
function linksMatrix(members: readonly MemberStatus[]): string {
  const ids = members.map((m) => m.id);
  const rows = members.map((m) => [
    m.id,
    ...ids.map((peer) => {
      if (peer === m.id) return '.';
      const l = m.links?.find((x) => x.peer === peer);
      if (!l) return UNKNOWN_CELL;
      return `${l.reaches ? 'yes' : 'no'}${l.breaker !== 'closed' ? ` (breaker ${l.breaker})` : ''}`;
    }),
  ]);
  return `links (row reaches column):\n${renderTable(['FROM \\ TO', ...ids], rows)}`;
}

/** When the answering node knows no leader: the member that says it leads in the highest term, if any. */
function selfDeclaredLeader(members: readonly MemberStatus[]): string {
  let best: MemberStatus | undefined;
  for (const m of members) {
    if (m.role === 'leader' && (best === undefined || (m.term ?? 0) > (best.term ?? 0))) best = m;
  }
  return best?.id ?? '';
}
