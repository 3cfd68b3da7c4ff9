import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import { Admin } from '../protos.ts';
import { checkNodeId } from '../validate.ts';

/**
 * `fault isolate ID` / `fault heal ID`: cuts all of a node's peer links (both ways) or
 * restores them, through Admin.SetIsolation on that node. For demonstrations and tests
 * on a cluster without iptables (the loopback cluster of npm start); a node allows it
 * only when started with --fault-injection.
 */
export function registerFault(program: Command, environment: Environment, setExit: ExitSink): void {
  const fault = program.command('fault').description('fault injection for demonstrations and tests (nodes started with --fault-injection)');
  for (const [name, isolated, what] of [
    ['isolate', true, 'cut all of a node\'s peer links, both ways: a partition of that node (it keeps serving clients)'],
    ['heal', false, "restore a node's peer links"],
  ] as const) {
    fault
      .command(name)
      .description(what)
      .argument('<ID>', 'the node (facility) id')
      .action(
        action<{ id: string }>(environment, setExit, {
          parse: ([id = '']) => ({ id: checkNodeId('ID', id) }),
          run: async (inv, plan) => {
            const members = await inv.rpc().call(Admin.Members, {});
            const member = members.members.find((m) => m.id === plan.id);
            if (!member) throw usageError(`${plan.id} is not a member (members: ${members.members.map((m) => m.id).join(', ')})`);
            const status = await inv.rpc().call(Admin.SetIsolation, { isolated }, { only: member.address });
            inv.out.result({ id: plan.id, isolated: status.isolated, partitionState: status.partitionState }, () =>
              isolated
                ? `${plan.id} is cut off from its peers; it counts itself in a minority once it has not heard from them for an election timeout`
                : `${plan.id}'s peer links are restored; its journal, if any, goes into the log once it reaches a quorum`,
            );
          },
        }),
      );
  }
}
