import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { status as Code } from '@grpc/grpc-js';
import { ERROR_KEY, LEADER_ADDRESS_KEY, LEADER_ID_KEY, OUTCOME_KEY, RETRY_AFTER_MS_KEY } from '../../node/errors.ts';
import { decide, DEFAULT_RETRY_AFTER_MS, ENDPOINT_BACKOFF, type CallFailure } from '../../cli/retry-policy.ts';
import { backoffDelayMs } from '../../node/transport/backoff.ts';
import { exitCodeForStatus, ExitCode } from '../../cli/exit-codes.ts';

function failure(code: Code, metadata: Record<string, string> = {}, sent = true): CallFailure {
  return { code, message: 'm', metadata, sent };
}

describe('retry policy', () => {
  test('NotLeader (error key not_leader) with a leader address redirects there', () => {
    const d = decide(failure(Code.FAILED_PRECONDITION, { [ERROR_KEY]: 'not_leader', [LEADER_ID_KEY]: 'B', [LEADER_ADDRESS_KEY]: '127.0.0.1:7102' }), true);
    assert.deepEqual(d, { kind: 'redirect', address: '127.0.0.1:7102', leaderId: 'B' });
  });

  test('NotLeader with an empty leader (election in progress) moves on like UNAVAILABLE', () => {
    const d = decide(failure(Code.FAILED_PRECONDITION, { [ERROR_KEY]: 'not_leader', [LEADER_ID_KEY]: '', [LEADER_ADDRESS_KEY]: '' }), true);
    assert.deepEqual(d, { kind: 'next-endpoint', outcomeUnknown: false, answered: true, partitioned: false });
  });

  test('a leader hint that is not host:port is not dialled', () => {
    const d = decide(failure(Code.FAILED_PRECONDITION, { [ERROR_KEY]: 'not_leader', [LEADER_ID_KEY]: 'B', [LEADER_ADDRESS_KEY]: 'dns:///evil' }), false);
    assert.equal(d.kind, 'next-endpoint');
  });

  test('FAILED_PRECONDITION with error key conflict is final, even with leader metadata beside it', () => {
    assert.deepEqual(decide(failure(Code.FAILED_PRECONDITION, { [ERROR_KEY]: 'conflict' }), true), { kind: 'stop' });
    const withHint = { [ERROR_KEY]: 'conflict', [LEADER_ID_KEY]: 'B', [LEADER_ADDRESS_KEY]: '127.0.0.1:7102' };
    assert.deepEqual(decide(failure(Code.FAILED_PRECONDITION, withHint), true), { kind: 'stop' });
  });

  test('FAILED_PRECONDITION without error key not_leader is never retried, whatever else it carries', () => {
    assert.deepEqual(decide(failure(Code.FAILED_PRECONDITION), true), { kind: 'stop' });
    assert.deepEqual(decide(failure(Code.FAILED_PRECONDITION, { [LEADER_ID_KEY]: 'B', [LEADER_ADDRESS_KEY]: '127.0.0.1:7102' }), true), { kind: 'stop' });
    assert.deepEqual(decide(failure(Code.FAILED_PRECONDITION, { [ERROR_KEY]: 'some_future_key', [LEADER_ADDRESS_KEY]: '127.0.0.1:7102' }), true), { kind: 'stop' });
  });

  test('INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS and INTERNAL are never retried', () => {
    for (const code of [Code.INVALID_ARGUMENT, Code.NOT_FOUND, Code.ALREADY_EXISTS, Code.INTERNAL, Code.UNIMPLEMENTED]) {
      assert.deepEqual(decide(failure(code), true), { kind: 'stop' }, Code[code]);
    }
  });

  test('UNAVAILABLE moves on; the outcome is unknown only for a write the server marked so (error key outcome_unknown)', () => {
    const unknown = { [ERROR_KEY]: 'outcome_unknown', [OUTCOME_KEY]: 'unknown' };
    assert.deepEqual(decide(failure(Code.UNAVAILABLE, {}, false), true), { kind: 'next-endpoint', outcomeUnknown: false, answered: false, partitioned: false });
    assert.deepEqual(decide(failure(Code.UNAVAILABLE, { [ERROR_KEY]: 'unavailable' }), true), {
      kind: 'next-endpoint',
      outcomeUnknown: false,
      answered: true,
      partitioned: false,
    });
    assert.deepEqual(decide(failure(Code.UNAVAILABLE, unknown), true), {
      kind: 'next-endpoint',
      outcomeUnknown: true,
      answered: true,
      partitioned: false,
    });
    assert.equal((decide(failure(Code.UNAVAILABLE, unknown), false) as { outcomeUnknown: boolean }).outcomeUnknown, false);
  });

  test('a partition refusal moves on (another endpoint may be on the majority side) and says it was one', () => {
    assert.deepEqual(decide(failure(Code.UNAVAILABLE, { [ERROR_KEY]: 'partitioned' }), true), { kind: 'next-endpoint', outcomeUnknown: false, answered: true, partitioned: true });
  });

  test('a write cut off by the deadline after it was sent has an unknown outcome', () => {
    assert.equal((decide(failure(Code.DEADLINE_EXCEEDED), true) as { outcomeUnknown: boolean }).outcomeUnknown, true);
    assert.equal((decide(failure(Code.DEADLINE_EXCEEDED, {}, false), true) as { outcomeUnknown: boolean }).outcomeUnknown, false);
  });

  test('RESOURCE_EXHAUSTED waits the retry-after hint, or a default without one', () => {
    assert.deepEqual(decide(failure(Code.RESOURCE_EXHAUSTED, { [RETRY_AFTER_MS_KEY]: '250' }), true), { kind: 'retry-after', ms: 250 });
    assert.deepEqual(decide(failure(Code.RESOURCE_EXHAUSTED, { [RETRY_AFTER_MS_KEY]: 'soon' }), true), {
      kind: 'retry-after',
      ms: DEFAULT_RETRY_AFTER_MS,
    });
  });

  test('RESOURCE_EXHAUSTED with error key reply_too_large is final: the same request cannot get a smaller answer', () => {
    assert.deepEqual(decide(failure(Code.RESOURCE_EXHAUSTED, { [ERROR_KEY]: 'reply_too_large' }), false), { kind: 'stop' });
  });

  test('backoff grows exponentially to a cap, with at most half of it random', () => {
    const low = (round: number) => backoffDelayMs(round, ENDPOINT_BACKOFF, () => 0);
    const high = (round: number) => backoffDelayMs(round, ENDPOINT_BACKOFF, () => 0.999999);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(low), [25, 50, 100, 200, 400, 500, 500]);
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(high), [50, 100, 200, 400, 800, 1000, 1000]);
  });
});

describe('exit codes', () => {
  test('map final statuses: refused 1, bad input 2, unavailable 3, anything else 4', () => {
    assert.equal(exitCodeForStatus(Code.NOT_FOUND), ExitCode.REFUSED);
    assert.equal(exitCodeForStatus(Code.ALREADY_EXISTS), ExitCode.REFUSED);
    assert.equal(exitCodeForStatus(Code.FAILED_PRECONDITION), ExitCode.REFUSED);
    assert.equal(exitCodeForStatus(Code.INVALID_ARGUMENT), ExitCode.BAD_INPUT);
    assert.equal(exitCodeForStatus(Code.UNAVAILABLE), ExitCode.UNAVAILABLE);
    assert.equal(exitCodeForStatus(Code.DEADLINE_EXCEEDED), ExitCode.UNAVAILABLE);
    assert.equal(exitCodeForStatus(Code.INTERNAL), ExitCode.SERVER_ERROR);
    assert.deepEqual(Object.values(ExitCode), [0, 1, 2, 3, 4]);
  });
});
