import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { renderTable } from '../output.ts';
import type { AssignRequest, GetScheduleRequest, UnassignRequest } from '../../node/wire/generated/rosterd/v1/index.ts';
import { Roster, type Filled } from '../protos.ts';
import { checkId } from '../validate.ts';
import { headerJson, noteStaleness } from './read.ts';
import { describeEntry, describeStatus } from './coverage.ts';
import { lockTokens, runWrite, withLockTokenOption, withRequestIdOption, writeHeader } from './write.ts';

/** `assign`, `unassign` and `schedule show`. */
export function registerSchedule(program: Command, environment: Environment, setExit: ExitSink): void {
  withLockTokenOption(
    withRequestIdOption(
      program
        .command('assign')
        .summary('assign a person to a facility pool for a block')
        .description('assign a person to a facility pool for a block (a final approval): refused if the pool is full (the message says what is left), the person is already assigned in the block, or the block is locked and no valid --lock-token is given')
        .argument('<PERSON>', 'person id')
        .requiredOption('--block <id>', 'block id')
        .requiredOption('--facility <id>', 'facility id')
        .requiredOption('--pool <id>', 'pool id (e.g. ICU, Clinic, Flex)'),
    ),
  ).action(
    action<Filled<AssignRequest>>(environment, setExit, {
      parse: ([person = ''], o) => ({
        header: writeHeader(o),
        assignment: {
          person: checkId('PERSON', person),
          block: checkId('--block', String(o['block'])),
          facility: checkId('--facility', String(o['facility'])),
          pool: checkId('--pool', String(o['pool'])),
        },
        lockTokens: lockTokens(o),
      }),
      run: (inv, request) => {
        const a = request.assignment;
        return runWrite(inv, Roster.Assign, request, `assigned ${a.person} to ${a.facility}/${a.pool} for block ${a.block}`);
      },
    }),
  );

  withLockTokenOption(
    withRequestIdOption(
      program
        .command('unassign')
        .description("remove a person's assignment for a block")
        .argument('<PERSON>', 'person id')
        .requiredOption('--block <id>', 'block id'),
    ),
  ).action(
    action<Filled<UnassignRequest>>(environment, setExit, {
      // The server identifies the assignment by person and block; facility and pool are ignored.
      parse: ([person = ''], o) => ({
        header: writeHeader(o),
        assignment: { person: checkId('PERSON', person), block: checkId('--block', String(o['block'])), facility: '', pool: '' },
        lockTokens: lockTokens(o),
      }),
      run: (inv, request) => {
        const a = request.assignment;
        return runWrite(inv, Roster.Unassign, request, `unassigned ${a.person} from block ${a.block}`);
      },
    }),
  );

  const schedule = program.command('schedule').description('read the schedule');
  schedule
    .command('show')
    .description("show a block's assignments")
    .requiredOption('--block <id>', 'block id')
    .option('--facility <id>', "only this facility's part")
    .option('--stale', "serve from the answering node's state (faster, may be stale)")
    .action(
      action<Filled<GetScheduleRequest>>(environment, setExit, {
        parse: (_args, o) => ({
          block: checkId('--block', String(o['block'])),
          facility: o['facility'] === undefined ? '' : checkId('--facility', String(o['facility'])),
          read: { stale: o['stale'] === true },
        }),
        run: async (inv, request) => {
          const reply = await inv.rpc().call(Roster.GetSchedule, request);
          const rows = reply.assignments
            .map((a) => ({ facility: a.facility, pool: a.pool, person: a.person }))
            .sort((a, b) => a.facility.localeCompare(b.facility) || a.pool.localeCompare(b.pool) || a.person.localeCompare(b.person));
          inv.out.result({ block: reply.block, assignments: rows, coverage: reply.coverage, header: headerJson(reply.header) }, () => {
            const b = reply.block;
            const title = b ? `block ${b.id} (${b.start} to ${b.end})` : `block ${request.block}`;
            const table = renderTable(
              ['FACILITY', 'POOL', 'PERSON'],
              rows.map((r) => [r.facility, r.pool, r.person]),
            );
            if (reply.coverage.length === 0) return `${title}\n${table}`;
            // Emergency coverage apart from the final approvals: standing covers hold seats
            // too; provisional ones are journaled on the answering node and not in the log yet.
            const coverage = renderTable(
              ['ID', 'FACILITY', 'WRITE', 'STATUS'],
              reply.coverage.map((e) => [e.id, e.facility, describeEntry(e), describeStatus(e)]),
            );
            return `${title}\n${table}\n\nemergency coverage:\n${coverage}`;
          });
          noteStaleness(inv, request.read.stale, reply.header);
        },
      }),
    );
}
