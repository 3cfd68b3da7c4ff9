/** Human-readable rendering of checker results. */
import type { Counterexample } from './check.ts';
import { PENDING } from './history.ts';
import type { Model } from './model.ts';

/**
 * A counterexample as text: a heading, then one operation a line with its client,
 * [call, return] interval (`∞` for pending) and `input -> output` as the model describes
 * it. Lines carry no trailing newline; `indent` prefixes each.
 */
export function formatCounterexample<S, I, O>(
  model: Model<S, I, O>,
  counterexample: Counterexample<I, O>,
  indent = '  ',
): string {
  const { partition, partitionSize, operations, shrunkFully } = counterexample;
  const where = partition === '' ? '' : ` in partition ${JSON.stringify(partition)}`;
  const caveat = shrunkFully ? '' : ' (shrinking stopped early)';
  const heading = `${indent}shortest failing sub-history found${where}: ${operations.length} of ${partitionSize} operations${caveat}`;
  const rows = operations.map((op) => {
    const pending = op.return === PENDING;
    return {
      client: String(op.clientId),
      interval: `[${op.call}, ${pending ? '∞' : op.return}]`,
      what: model.describe(op.input, pending ? undefined : op.output) + (pending ? '  (pending: outcome unknown)' : ''),
    };
  });
  const clientWidth = Math.max(0, ...rows.map((r) => r.client.length));
  const intervalWidth = Math.max(0, ...rows.map((r) => r.interval.length));
  const lines = rows.map(
    (r) => `${indent}  client ${r.client.padEnd(clientWidth)}  ${r.interval.padEnd(intervalWidth)}  ${r.what}`,
  );
  return [heading, ...lines].join('\n');
}
