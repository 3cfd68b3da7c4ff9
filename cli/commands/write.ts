import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { usageError } from '../errors.ts';
import type { Invocation } from '../invocation.ts';
import type { WriteHeader, WriteReply__Output } from '../../node/wire/generated/rosterd/v1/index.ts';
import type { Filled, UnaryMethod } from '../protos.ts';
import { checkId, checkIndex } from '../validate.ts';

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
export function writeHeader(options: Readonly<Record<string, unknown>>, operationClass: 'FINAL_APPROVAL' | 'EMERGENCY_COVERAGE' = 'FINAL_APPROVAL'): Filled<WriteHeader> {
  const given = options['requestId'];
  return { requestId: typeof given === 'string' ? checkId('--request-id', given) : randomUUID(), operationClass };
}

/** Most --lock-token options one write may carry (the server's MAX_LOCK_TOKENS). */
export const MAX_LOCK_TOKENS = 4;

/** Adds `--lock-token` (repeatable): the fencing tokens of the locks held on the blocks edited. */
export function withLockTokenOption(command: Command): Command {
  return command.option(
    '--lock-token <token>',
    'fencing token of a lock you hold on the block (repeatable); needed while the block is locked',
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
}

/** The --lock-token values, checked: whole numbers >= 1, at most MAX_LOCK_TOKENS. */
export function lockTokens(options: Readonly<Record<string, unknown>>): number[] {
  const given = (options['lockToken'] as string[] | undefined) ?? [];
  const tokens = given.map((t) => checkIndex('--lock-token', t));
  if (tokens.length > MAX_LOCK_TOKENS) throw usageError(`--lock-token: at most ${MAX_LOCK_TOKENS} tokens (got ${tokens.length})`);
  return tokens;
}

/**
 * Sends a write (redirected to the leader as needed) and reports where it was committed.
 * A retried request id (the server had applied it already) is reported as such, with
 * the first outcome. `extra` adds fields to the JSON output.
 */
export async function runWrite<Req>(
  invocation: Invocation,
  method: UnaryMethod<Req, WriteReply__Output>,
  request: NoInfer<Req> & { header: Filled<WriteHeader> },
  done: string,
  extra: (reply: WriteReply__Output) => Record<string, unknown> = () => ({}),
): Promise<WriteReply__Output> {
  const requestId = request.header.requestId;
  const reply = await invocation.rpc().call(method, request, { requestId });
  invocation.out.result({ requestId, index: reply.index, detail: reply.detail, retried: reply.retried === true, ...extra(reply) }, () => {
    // The server's detail says what happened (e.g. "nothing changed"); `done` is the fallback.
    const what = reply.detail || done;
    if (reply.retried) return `${what} (already applied at index ${reply.index}: request ${requestId} was a retry; nothing applied again)`;
    return `${what} (committed at index ${reply.index}, request ${requestId})`;
  });
  return reply;
}
