import type { Command } from 'commander';
import { action, type Environment, type ExitSink } from '../invocation.ts';
import type { WatchChange__Output } from '../../node/wire/generated/rosterd/v1/index.ts';
import { checkDuration, checkId, checkIndex } from '../validate.ts';
import { followWatch } from '../watch.ts';
import { isoTime } from './locks.ts';

/** Longest --duration: a day. */
const MAX_WATCH_DURATION_MS = 86_400_000;

interface WatchPlan {
  block: string;
  facility: string;
  fromIndex: number;
  maxEvents: number | undefined;
  durationMs: number | undefined;
}

function describeChange(c: WatchChange__Output): string {
  return `${c.index}  ${isoTime(c.timestampMs)}  ${c.kind}  ${c.detail}`;
}

/** `watch`: schedule changes as they are applied, resumable by log index. */
export function registerWatch(program: Command, environment: Environment, setExit: ExitSink): void {
  program
    .command('watch')
    .summary('print schedule changes as they happen (resumable)')
    .description(
      'print the changes to a block and/or a facility as they happen (one line each; NDJSON with --json). ' +
        'Follows node failures: reconnects to the next endpoint and resumes at the next index, without gaps or repeats. ' +
        'Runs until interrupted, --max-events or --duration; --timeout bounds how long no node may serve it',
    )
    .option('--block <id>', 'only changes in this block')
    .option('--facility <id>', "only changes to this facility's part of the schedule")
    .option('--from-index <n>', 'first replay the changes from this log index (default: from now)')
    .option('--max-events <n>', 'exit after this many changes')
    .option('--duration <duration>', 'exit after this long (e.g. 30s, 10m)')
    .action(
      action<WatchPlan>(environment, setExit, {
        parse: (_args, o) => ({
          block: o['block'] === undefined ? '' : checkId('--block', String(o['block'])),
          facility: o['facility'] === undefined ? '' : checkId('--facility', String(o['facility'])),
          fromIndex: o['fromIndex'] === undefined ? 0 : checkIndex('--from-index', String(o['fromIndex'])),
          maxEvents: o['maxEvents'] === undefined ? undefined : checkIndex('--max-events', String(o['maxEvents'])),
          durationMs: o['duration'] === undefined ? undefined : checkDuration('--duration', String(o['duration']), 1, MAX_WATCH_DURATION_MS),
        }),
        run: async (inv, plan) => {
          const tls = inv.tls();
          const summary = await followWatch({
            endpoints: inv.endpoints,
            ...(tls ? { tls } : {}),
            block: plan.block,
            facility: plan.facility,
            fromIndex: plan.fromIndex,
            ...(plan.maxEvents !== undefined ? { maxEvents: plan.maxEvents } : {}),
            ...(plan.durationMs !== undefined ? { untilMs: Date.now() + plan.durationMs } : {}),
            reconnectTimeoutMs: inv.timeoutMs,
            onChange: (c) => inv.out.line(c, () => describeChange(c)),
            onNote: (text) => inv.out.note(text),
          });
          inv.out.note(`watch: ${summary.changes} change(s); resume with --from-index ${summary.nextIndex}`);
        },
      }),
    );
}
