import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { Invocation } from '../invocation.ts';
import type { UnaryMethod, WriteHeader, WriteReply } from '../protos.ts';
import { checkId } from '../validate.ts';

/**
 * Shared by the schedule writes (person add, block add, assign, unassign): the request
 * id, and how a committed write is reported.
 */

/** Adds `--request-id`, which lets a user retry a write whose outcome was unknown. */
export function withRequestIdOption(command: Command): Command {
  return command.option('--request-id <id>', 'reuse this request id (to retry a write whose outcome was unknown); default: a new UUID');
}

/**
 * The request id of this invocation: `--request-id` if given, else a fresh UUID. It is
 * made once, in parse, and the same header goes out on every retry and redirect: the
 * server applies a request id at most once, which is what makes those retries safe.
 */
export function writeHeader(options: Readonly<Record<string, unknown>>): WriteHeader {
  const given = options['requestId'];
  return { requestId: typeof given === 'string' ? checkId('--request-id', given) : randomUUID() };
}

/** Sends a write (redirected to the leader as needed) and reports where it was committed. */
export async function runWrite<Req extends { header: WriteHeader }>(
  invocation: Invocation,
  method: UnaryMethod<Req, WriteReply>,
  request: Req,
  done: string,
): Promise<void> {
  const requestId = request.header.requestId;
  const reply = await invocation.rpc().call(method, request, { requestId });
  invocation.out.result({ requestId, index: reply.index, detail: reply.detail }, () => {
    const detail = reply.detail ? `: ${reply.detail}` : '';
    return `${done} (committed at index ${reply.index}, request ${requestId})${detail}`;
  });
}
