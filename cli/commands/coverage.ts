import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { renderTable } from '../output.ts';
import type {
  CoverageEntry__Output,
  CoverReply__Output,
  CoverRequest,
  ListCoverageRequest,
  ResolveConflictRequest,
  UncoverRequest,
} from '../../node/wire/generated/rosterd/v1/index.ts';
import { Roster, type Filled } from '../protos.ts';
import { checkId } from '../validate.ts';
import { headerJson, noteStaleness, readAllPages } from './read.ts';
import { lockTokens, runWrite, withLockTokenOption, withRequestIdOption, writeHeader } from './write.ts';

/** Longest --reason, in characters (the server's MAX_REASON_LENGTH). */
const MAX_REASON_LENGTH = 200;

function reasonOf(o: Readonly<Record<string, unknown>>): string {
  const r = o['reason'] === undefined ? '' : String(o['reason']);
  if ([...r].length > MAX_REASON_LENGTH) throw usageError(`--reason: at most ${MAX_REASON_LENGTH} characters`);
  return r;
}

/** What an emergency write asks, in words. */
export function describeEntry(e: CoverageEntry__Output): string {
  if (e.cover) return `cover ${e.cover.person} at ${e.cover.facility}/${e.cover.pool} in block ${e.cover.block}`;
  if (e.uncover) return `withdraw the coverage of ${e.uncover.person} in block ${e.uncover.block}`;
  return 'unknown write';
}

/** Where an emergency write stands, in words: "standing", "conflict: ...". */
export function describeStatus(e: CoverageEntry__Output): string {
  const s = e.status;
  const prefix = e.provisional ? 'provisional, ' : '';
  switch (s?.kind) {
    case 'STANDING':
      return `${prefix}standing`;
    case 'CONFIRMED':
      return `${prefix}confirmed by a final approval`;
    case 'WITHDRAWN':
      return `${prefix}withdrawn by ${s.withdrawnBy}`;
    case 'APPLIED':
      return `${prefix}withdrew ${s.withdrew.join(', ')}`;
    case 'CONFLICT':
      return `${prefix}conflict: ${s.reason}`;
    case 'RESOLVED':
      return `${s.resolution} by a coordinator (index ${s.resolvedAt})`;
    default:
      return `${prefix}unknown`;
  }
}

/** The JSON form of an entry: its fields as the server sent them. */
function entryJson(e: CoverageEntry__Output): Record<string, unknown> {
  return { ...e };
}

function reportCover(reply: CoverReply__Output): { json: Record<string, unknown>; human: string } {
  const entry = reply.entry;
  const json = { outcome: reply.outcome, detail: reply.detail, index: reply.index, journaledOn: reply.journaledOn, entry: entry ? entryJson(entry) : null };
  switch (reply.outcome) {
    case 'PROVISIONAL':
      return { json, human: `${reply.detail}: ${entry ? describeEntry(entry) : ''} (${entry ? describeStatus(entry) : ''}); it joins the schedule when the partition heals` };
    case 'COMMITTED':
      return { json, human: `${reply.detail} (committed at index ${reply.index}; ${entry ? describeStatus(entry) : ''})` };
    default:
      return { json, human: reply.detail };
  }
}

/** `cover`, `uncover`, `coverage list`, `conflicts list`, `conflicts resolve`. */
export function registerCoverage(program: Command, environment: Environment, setExit: ExitSink): void {
  withRequestIdOption(
    program
      .command('cover')
      .summary('emergency coverage: cover a person at a facility pool for a block (accepted by any live node)')
      .description(
        'emergency coverage (AP): accepted by whichever node answers, also one cut off from the others. With a quorum it is committed ' +
          'at once (refused if it cannot stand: double booking, a full pool); without one it is checked against that node\'s view, ' +
          'journaled there durably and answered "provisional", and joins the schedule when the partition heals, standing or as a conflict ' +
          '(a final approval beats it; among emergency writes the earlier one wins).',
      )
      .argument('<PERSON>', 'person id')
      .requiredOption('--block <id>', 'block id')
      .requiredOption('--facility <id>', 'facility id')
      .requiredOption('--pool <id>', 'pool id (e.g. ICU, Clinic, Flex)')
      .option('--reason <text>', 'why (at most 200 characters)'),
  ).action(
    action<Filled<CoverRequest>>(environment, setExit, {
      parse: ([person = ''], o) => ({
        header: writeHeader(o, 'EMERGENCY_COVERAGE'),
        assignment: {
          person: checkId('PERSON', person),
          block: checkId('--block', String(o['block'])),
          facility: checkId('--facility', String(o['facility'])),
          pool: checkId('--pool', String(o['pool'])),
        },
        reason: reasonOf(o),
      }),
      run: async (inv, request) => {
        const reply = await inv.rpc().call(Roster.Cover, request, { requestId: request.header.requestId });
        const r = reportCover(reply);
        inv.out.result({ requestId: request.header.requestId, ...r.json }, () => r.human);
      },
    }),
  );

  withRequestIdOption(
    program
      .command('uncover')
      .description("emergency coverage: withdraw a person's emergency coverage in a block (accepted by any live node)")
      .argument('<PERSON>', 'person id')
      .requiredOption('--block <id>', 'block id')
      .option('--reason <text>', 'why (at most 200 characters)'),
  ).action(
    action<Filled<UncoverRequest>>(environment, setExit, {
      parse: ([person = ''], o) => ({
        header: writeHeader(o, 'EMERGENCY_COVERAGE'),
        ref: { person: checkId('PERSON', person), block: checkId('--block', String(o['block'])) },
        reason: reasonOf(o),
      }),
      run: async (inv, request) => {
        const reply = await inv.rpc().call(Roster.Uncover, request, { requestId: request.header.requestId });
        const r = reportCover(reply);
        inv.out.result({ requestId: request.header.requestId, ...r.json }, () => r.human);
      },
    }),
  );

  const list = (conflictsOnly: boolean) =>
    action<Omit<Filled<ListCoverageRequest>, 'limit' | 'pageToken'>>(environment, setExit, {
      parse: (_args, o) => ({
        block: o['block'] === undefined ? '' : checkId('--block', String(o['block'])),
        conflictsOnly,
        read: { stale: o['stale'] === true },
      }),
      run: async (inv, request) => {
        const { items: entries, header } = await readAllPages(inv, Roster.ListCoverage, request, (r) => r.entries);
        inv.out.result({ entries: entries.map(entryJson), header: headerJson(header) }, () => {
          if (entries.length === 0) return conflictsOnly ? 'no conflicts' : 'no emergency coverage';
          return renderTable(
            ['ID', 'FACILITY', 'WRITE', 'STATUS'],
            entries.map((e) => [e.id, e.facility, describeEntry(e), describeStatus(e)]),
          );
        });
        noteStaleness(inv, request.read.stale, header);
      },
    });

  program
    .command('coverage')
    .description('emergency coverage and where it stands')
    .command('list')
    .description('every emergency write (of a block), with where it stands; the answering node adds its own provisional writes')
    .option('--block <id>', 'only this block')
    .option('--stale', "serve from the answering node's state (works in a minority too)")
    .action(list(false));

  const conflicts = program.command('conflicts').description('emergency writes that lost, waiting for a coordinator');
  conflicts
    .command('list')
    .description('emergency writes in conflict: what each asked, why it lost, and what holds the person or seat')
    .option('--block <id>', 'only this block')
    .option('--stale', "serve from the answering node's state (works in a minority too)")
    .action(list(true));

  withLockTokenOption(
    withRequestIdOption(
      conflicts
        .command('resolve')
        .description('settle an emergency write (a final approval): --accept makes a write in conflict final (refused if the rules forbid it), --dismiss withdraws a write in conflict or standing')
        .argument('<ID>', 'the emergency write (its request id)')
        .option('--accept', 'apply it as a final approval')
        .option('--dismiss', 'drop it'),
    ),
  ).action(
    action<Filled<ResolveConflictRequest>>(environment, setExit, {
      parse: ([id = ''], o) => {
        if ((o['accept'] === true) === (o['dismiss'] === true)) throw usageError('give exactly one of --accept and --dismiss');
        return { header: writeHeader(o), id: checkId('ID', id), decision: o['accept'] === true ? 'ACCEPT' : 'DISMISS', lockTokens: lockTokens(o) };
      },
      run: (inv, request) => runWrite(inv, Roster.ResolveConflict, request, `${request.decision === 'ACCEPT' ? 'accepted' : 'dismissed'} ${request.id}`),
    }),
  );
}
