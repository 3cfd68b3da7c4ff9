/**
 * test/lin owns the project's linearizability checker: the history format, the sequential
 * models our systems promise to implement (register, key-value cells, fenced lock), the
 * search deciding whether a recorded concurrent history could have come from them, a
 * Jepsen log reader, and the `npm run lin` command. Nothing here depends on node/: a
 * test harness records `Operation`s from its clients and hands them to `check`.
 *
 *   const result = check(kvModel, history, { timeoutMs: 10_000 });
 *   if (result.linearizable === false) console.log(formatCounterexample(kvModel, result.counterexample));
 */
export { check, MalformedHistoryError, type CheckOptions, type CheckResult, type Counterexample } from './check.ts';
export { formatCounterexample } from './format.ts';
export { PENDING, historyProblems, isPending, type ClientId, type History, type Operation } from './history.ts';
export { JepsenParseError, parseJepsenLog } from './jepsen.ts';
export { noPartition, partitionBy, type Model, type Partition, type StepResult } from './model.ts';
export { fencedLockModel, type FencedLockInput, type FencedLockOutput, type FencedLockState } from './models/fenced-lock.ts';
export { kvModel, type KvInput, type KvOutput, type KvState, type KvValue } from './models/kv.ts';
export { registerModel, type RegisterInput, type RegisterOutput, type RegisterValue } from './models/register.ts';
export { scheduleLockModel, type ScheduleLockInput, type ScheduleLockOutput, type ScheduleLockState } from './models/schedule-lock.ts';
export { scheduleCellModel } from './models/schedule-cell.ts';
