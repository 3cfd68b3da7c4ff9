import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { renderTable } from '../output.ts';
import type { AddPersonRequest } from '../../node/wire/generated/rosterd/v1/index.ts';
import { Roster, type Filled } from '../protos.ts';
import { checkId, checkName, checkRole } from '../validate.ts';
import { headerJson, noteStaleness, readAllPages } from './read.ts';
import { runWrite, withRequestIdOption, writeHeader } from './write.ts';

/** `person add` and `people list`. */
export function registerPeople(program: Command, environment: Environment, setExit: ExitSink): void {
  const person = program.command('person').description('add people (residents and faculty)');
  withRequestIdOption(
    person
      .command('add')
      .description('add a person')
      .argument('<ID>', 'person id')
      .requiredOption('--name <name>', 'display name')
      .requiredOption('--role <role>', 'resident or faculty')
      .requiredOption('--home <facility>', 'home facility id'),
  ).action(
    action<Filled<AddPersonRequest>>(environment, setExit, {
      parse: ([id = ''], o) => ({
        header: writeHeader(o),
        person: {
          id: checkId('ID', id),
          name: checkName('--name', String(o['name'])),
          role: checkRole('--role', String(o['role'])),
          homeFacility: checkId('--home', String(o['home'])),
        },
      }),
      run: (inv, request) => runWrite(inv, Roster.AddPerson, request, `added person ${request.person.id}`),
    }),
  );

  const people = program.command('people').description('read people');
  people
    .command('list')
    .description('list every person')
    .option('--stale', "serve from the answering node's state (faster, may be stale)")
    .action(
      action<{ stale: boolean }>(environment, setExit, {
        parse: (_args, o) => ({ stale: o['stale'] === true }),
        run: async (inv, { stale }) => {
          const { items, header } = await readAllPages(inv, Roster.ListPeople, { read: { stale } }, (r) => r.people);
          // Roles as typed on the command line (resident, faculty), not as proto enum names.
          const rows = items
            .sort((a, b) => a.id.localeCompare(b.id))
            .map((p) => ({ id: p.id, name: p.name, role: p.role.toLowerCase(), homeFacility: p.homeFacility }));
          inv.out.result({ people: rows, header: headerJson(header) }, () =>
            renderTable(
              ['ID', 'NAME', 'ROLE', 'HOME'],
              rows.map((p) => [p.id, p.name, p.role, p.homeFacility]),
            ),
          );
          noteStaleness(inv, stale, header);
        },
      }),
    );
}
