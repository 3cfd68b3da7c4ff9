import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import type { TransferLeaderRequest } from '../../node/wire/generated/rosterd/admin/v1/index.ts';
import { Admin, type Filled } from '../protos.ts';
import { checkNodeId } from '../validate.ts';
import { leaderOf } from './members.ts';

/** `leader transfer [--to ID]`. */
export function registerLeader(program: Command, environment: Environment, setExit: ExitSink): void {
  const leader = program.command('leader').description('hand over leadership (sent to the leader)');
  leader
    .command('transfer')
    .description('hand leadership to another voter (default: the most caught-up one)')
    .option('--to <id>', 'the member to become leader')
    .action(
      action<Filled<TransferLeaderRequest>>(environment, setExit, {
        parse: (_args, o) => ({ to: o['to'] === undefined ? '' : checkNodeId('--to', String(o['to'])) }),
        run: async (inv, request) => {
          const rpc = inv.rpc();
          // Only the leader can transfer leadership: ask the cluster who it is and go there
          // first. Redirects still cover a leader change in between.
          const current = leaderOf(await rpc.call(Admin.Members, {}));
          const reply = await rpc.call(Admin.TransferLeader, request, current ? { prefer: current.address } : {});
          inv.out.result({ from: current?.id ?? '', leader: reply.leader }, () =>
            `leadership transferred${current ? ` from ${current.id}` : ''} to ${reply.leader || 'an unnamed member'}`,
          );
        },
      }),
    );
}
