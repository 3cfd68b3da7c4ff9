import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { Admin } from '../protos.ts';

/** `snapshot`: a per-node operation, so it goes to the first endpoint only, never elsewhere. */
export function registerSnapshot(program: Command, environment: Environment, setExit: ExitSink): void {
  program
    .command('snapshot')
    .description('snapshot the state machine of the first endpoint now and compact its log')
    .action(
      action<null>(environment, setExit, {
        parse: () => null,
        run: async (inv) => {
          const endpoint = inv.endpoints[0] ?? '';
          const reply = await inv.rpc().call(Admin.Snapshot, {}, { pinned: true });
          inv.out.result({ endpoint, index: reply.index, bytes: reply.bytes }, () =>
            `snapshot of ${endpoint} taken at index ${reply.index} (${reply.bytes} bytes)`,
          );
        },
      }),
    );
}
