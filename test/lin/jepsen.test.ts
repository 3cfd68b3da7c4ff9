import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { check } from './check.ts';
import { PENDING } from './history.ts';
import { JepsenParseError, parseJepsenLog } from './jepsen.ts';
import { registerModel } from './models/register.ts';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');
const DATA = path.resolve(PROJECT_ROOT, '../shared/data/porcupine-etcd');

const log = (...events: string[]) => events.map((e) => `INFO  jepsen.util - ${e}`).join('\n') + '\n';

test('a Jepsen log becomes one operation per call, timed by line number', () => {
  const history = parseJepsenLog(
    log('0\t:invoke\t:write\t3', '1\t:invoke\t:read\tnil', '0\t:ok\t:write\t3', '1\t:ok\t:read\t3', '1\t:invoke\t:cas\t[3 4]', '1\t:ok\t:cas\t[3 4]'),
  );
  assert.deepEqual(history, [
    { clientId: 0, input: { f: 'write', value: 3 }, output: { ok: true }, call: 1, return: 3 },
    { clientId: 1, input: { f: 'read' }, output: { value: 3 }, call: 2, return: 4 },
    { clientId: 1, input: { f: 'cas', from: 3, to: 4 }, output: { ok: true }, call: 5, return: 6 },
  ]);
});

test('a :fail operation did not take effect and is dropped', () => {
  const history = parseJepsenLog(log('0 :invoke :cas [1 2]', '0 :fail :cas [1 2]', '0 :invoke :read nil', '0 :ok :read nil'));
  assert.deepEqual(
    history.map((op) => op.input.f),
    ['read'],
  );
});

test('an :info operation stays pending forever, as does one the log never completes', () => {
  const history = parseJepsenLog(log('0 :invoke :write 1', '0 :info :write 1', '1 :invoke :write 2'));
  assert.deepEqual(
    history.map((op) => [op.clientId, op.call, op.return, op.output]),
    [
      [0, 1, PENDING, undefined],
      [1, 3, PENDING, undefined],
    ],
  );
});

test('malformed logs are rejected with the offending line number', () => {
  const cases: [string, number, RegExp][] = [
    [log('0 :invoke :read nil', '0 :invoke :read nil'), 2, /outstanding/],
    [log('0 :ok :read 1'), 1, /never invoked/],
    [log('0 :invoke :read nil', '0 :ok :write 1'), 2, /completed :write/],
    [log('0 :invoke :write banana'), 1, /unsupported value/],
    [log('0 :invoke :cas 3'), 1, /\[FROM TO\]/],
    [log('0 :invoke :frobnicate 1'), 1, /unknown operation/],
    [log('0 :invoke :write 1', '0 :ok :write 2'), 2, /differs/],
    [log('0 :invoke :read nil', '0 :maybe :read 1'), 2, /unknown event type/],
    [log('0 :invoke :read nil') + 'garbage\n', 2, /not a jepsen.util operation event/],
  ];
  for (const [text, line, reason] of cases) {
    assert.throws(
      () => parseJepsenLog(text),
      (err: unknown) => err instanceof JepsenParseError && err.line === line && reason.test(err.message),
      text,
    );
  }
});

/** expected.tsv: a header, then `file<TAB>true|false` lines. */
function expectedAnswers(): [string, boolean][] {
  const lines = readFileSync(path.join(DATA, 'expected.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [file, answer] = line.split('\t');
    assert.ok(file !== undefined && (answer === 'true' || answer === 'false'), `bad expected.tsv line: ${line}`);
    return [file, answer === 'true'];
  });
}

test('every Jepsen etcd history gets its known answer', () => {
  const answers = expectedAnswers();
  assert.ok(answers.length >= 50, `only ${answers.length} histories listed`);
  const mismatches: string[] = [];
  const started = performance.now();
  for (const [file, expected] of answers) {
    const history = parseJepsenLog(readFileSync(path.join(DATA, file), 'utf8'));
    const result = check(registerModel, history, { timeoutMs: 30_000 });
    if (result.linearizable !== expected) {
      mismatches.push(`${file}: expected ${expected}, got ${result.linearizable}`);
      continue;
    }
    if (result.linearizable === false) {
      // Each counterexample must stand on its own and be shorter than its history.
      const { operations } = result.counterexample;
      if (check(registerModel, operations).linearizable !== false) mismatches.push(`${file}: counterexample passes`);
      if (operations.length >= history.length) mismatches.push(`${file}: counterexample not shorter`);
    }
  }
  const elapsed = performance.now() - started;
  console.log(`checked ${answers.length} Jepsen etcd histories in ${elapsed.toFixed(0)} ms`);
  assert.deepEqual(mismatches, []);
});
