import type { Command } from 'commander';
import { checkEndpoint } from '../endpoints.ts';
import { action, type Environment, type ExitSink, type Invocation } from '../invocation.ts';
import { renderTable } from '../output.ts';
import type { AddMemberRequest, Member__Output, MemberRequest, MembersReply__Output } from '../../node/wire/generated/rosterd/admin/v1/index.ts';
import { Admin, type Filled } from '../protos.ts';
import { checkNodeId, checkPublicKey } from '../validate.ts';

/** `members` and `member add|promote|remove`: Raft membership, as the leader sees it. */
export function registerMembers(program: Command, environment: Environment, setExit: ExitSink): void {
  program
    .command('members')
    .description('list the members of the cluster (voters and learners)')
    .action(
      action<null>(environment, setExit, {
        parse: () => null,
        run: async (inv) => printMembers(inv, await inv.rpc().call(Admin.Members, {})),
      }),
    );

  const member = program.command('member').description('change membership (sent to the leader)');
  member
    .command('add')
    .description('add a learner; it receives the log and can be promoted once caught up')
    .argument('<ID>', 'member (facility) id')
    .argument('<ADDRESS>', 'its gRPC address, host:port')
    .option('--key <ed25519:base64>', "its facility public key (rosterd prints it at first start); without it the member registers its own key when it starts")
    .action(
      action<Filled<AddMemberRequest>>(environment, setExit, {
        parse: ([id = '', address = ''], o) => ({ id: checkNodeId('ID', id), address: checkEndpoint('ADDRESS', address), key: o['key'] === undefined ? '' : checkPublicKey('--key', String(o['key'])) }),
        run: async (inv, request) => printMembers(inv, await inv.rpc().call(Admin.AddMember, request)),
      }),
    );
  member
    .command('promote')
    .description('make a caught-up learner a voter')
    .argument('<ID>', 'member id')
    .action(
      action<Filled<MemberRequest>>(environment, setExit, {
        parse: ([id = '']) => ({ id: checkNodeId('ID', id) }),
        run: async (inv, request) => printMembers(inv, await inv.rpc().call(Admin.PromoteMember, request)),
      }),
    );
  member
    .command('remove')
    .description('remove a member')
    .argument('<ID>', 'member id')
    .action(
      action<Filled<MemberRequest>>(environment, setExit, {
        parse: ([id = '']) => ({ id: checkNodeId('ID', id) }),
        run: async (inv, request) => printMembers(inv, await inv.rpc().call(Admin.RemoveMember, request)),
      }),
    );
}

/**
 * The member a MembersReply names as leader. The reply's `leader` is matched against
 * ids first, then addresses, so either convention on the server side works.
 */
export function leaderOf(reply: MembersReply__Output): Member__Output | undefined {
  if (reply.leader === '') return undefined;
  return reply.members.find((m) => m.id === reply.leader) ?? reply.members.find((m) => m.address === reply.leader);
}

function printMembers(inv: Invocation, reply: MembersReply__Output): void {
  const leader = leaderOf(reply)?.id ?? reply.leader;
  const members = [...reply.members]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((m) => ({ id: m.id, address: m.address, voter: m.voter, matchIndex: m.matchIndex, reachable: m.reachable }));
  inv.out.result({ leader, members }, () => {
    const table = renderTable(
      ['ID', 'ADDRESS', 'KIND', 'MATCH', 'REACHABLE'],
      members.map((m) => [m.id, m.address, m.voter ? 'voter' : 'learner', m.matchIndex, m.reachable ? 'yes' : 'no']),
    );
    return `${table}\nleader: ${leader || 'none known'}`;
  });
}
