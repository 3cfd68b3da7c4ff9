import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { status as Code, type Metadata } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  ConflictError,
  ERROR_KEY,
  ERROR_KEYS,
  InvalidArgumentError,
  LEADER_ADDRESS_KEY,
  LEADER_ID_KEY,
  MAX_DETAILS_CHARACTERS,
  NotFoundError,
  NotLeaderError,
  OUTCOME_KEY,
  OutcomeUnknownError,
  OutOfRangeError,
  PARTITION_STATE_KEY,
  PartitionError,
  PermissionDeniedError,
  REACHABLE_KEY,
  ReplyTooLargeError,
  ResourceExhaustedError,
  UNREACHABLE_KEY,
  RosterError,
  toServiceError,
  UnavailableError,
  type ErrorKey,
} from '../node/errors.ts';

// node/errors.ts: every error a node reports carries a stable error key in metadata
// x-roster-error, one per class; the gRPC codes are those clients already rely on.

/** One instance of every RosterError class, with the key and code it must be sent with. */
const EVERY_ERROR: readonly [RosterError, ErrorKey, Code][] = [
  [new NotLeaderError('B', '127.0.0.1:7102'), 'not_leader', Code.FAILED_PRECONDITION],
  [new ConflictError('pool ICU is full'), 'conflict', Code.FAILED_PRECONDITION],
  [new UnavailableError('no quorum'), 'unavailable', Code.UNAVAILABLE],
  [new OutcomeUnknownError('leader lost mid-commit'), 'outcome_unknown', Code.UNAVAILABLE],
  [new InvalidArgumentError('bad id'), 'invalid_argument', Code.INVALID_ARGUMENT],
  [new NotFoundError('no block b1'), 'not_found', Code.NOT_FOUND],
  [new AlreadyExistsError('p1 exists'), 'already_exists', Code.ALREADY_EXISTS],
  [new ResourceExhaustedError('queue full', 250), 'resource_exhausted', Code.RESOURCE_EXHAUSTED],
  [new OutOfRangeError('compacted', 120), 'out_of_range', Code.OUT_OF_RANGE],
  [new PartitionError('create assignment', 'minority', ['A'], ['B', 'C']), 'partitioned', Code.UNAVAILABLE],
  [new PermissionDeniedError("facility B's signature does not verify"), 'permission_denied', Code.PERMISSION_DENIED],
  [new ReplyTooLargeError('22000 people do not fit'), 'reply_too_large', Code.RESOURCE_EXHAUSTED],
];

function sent(e: unknown): { code: Code | undefined; details: string | undefined; metadata: Record<string, unknown> } {
  const s = toServiceError(e);
  return { code: s.code, details: s.details, metadata: (s.metadata as Metadata).getMap() };
}

describe('error keys', () => {
  for (const [error, key, code] of EVERY_ERROR) {
    test(`${error.name} is sent with code ${Code[code]} and error key ${key}`, () => {
      assert.equal(error.key, key);
      const s = sent(error);
      assert.equal(s.code, code);
      assert.equal(s.details, error.message);
      assert.equal(s.metadata[ERROR_KEY], key);
    });
  }

  test('the keys are distinct, one per class, and all in the closed set ERROR_KEYS', () => {
    const keys = EVERY_ERROR.map(([e]) => e.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual([...keys, 'internal'].sort(), [...ERROR_KEYS].sort(), 'every key but internal belongs to a class');
  });

  test('an error that is not a RosterError is sent as INTERNAL with error key internal', () => {
    const s = sent(new TypeError('boom'));
    assert.equal(s.code, Code.INTERNAL);
    assert.equal(s.metadata[ERROR_KEY], 'internal');
  });

  test('NotLeader and Conflict share FAILED_PRECONDITION; only the key tells them apart, the hints stay detail', () => {
    const notLeader = sent(new NotLeaderError('', ''));
    const conflict = sent(new ConflictError('stale lock token'));
    assert.equal(notLeader.code, conflict.code);
    assert.equal(notLeader.metadata[ERROR_KEY], 'not_leader');
    assert.equal(conflict.metadata[ERROR_KEY], 'conflict');
    assert.deepEqual([notLeader.metadata[LEADER_ID_KEY], notLeader.metadata[LEADER_ADDRESS_KEY]], ['', '']);
    assert.equal(conflict.metadata[LEADER_ID_KEY], undefined);
  });

  test('OutcomeUnknown also keeps x-roster-outcome=unknown for clients that read it', () => {
    assert.equal(sent(new OutcomeUnknownError('cancelled after it was proposed')).metadata[OUTCOME_KEY], 'unknown');
  });
});

test('a partition refusal names the action, the state and both lists, in the message and in metadata', () => {
  const s = sent(new PartitionError('create assignment', 'minority', ['A'], ['B', 'C']));
  assert.equal(s.code, Code.UNAVAILABLE);
  assert.equal(
    s.details,
    'Cannot create assignment: network partition detected. This operation requires CP consistency. Partition state: minority. Reachable: A. Unreachable: B, C.',
  );
  assert.deepEqual([s.metadata[PARTITION_STATE_KEY], s.metadata[REACHABLE_KEY], s.metadata[UNREACHABLE_KEY]], ['minority', 'A', 'B,C']);
});

test('status details stay receivable: a message longer than MAX_DETAILS_CHARACTERS is cut', () => {
  const e = toServiceError(new InvalidArgumentError(`x${'y'.repeat(20_000)}`));
  assert.equal(e.details?.length, MAX_DETAILS_CHARACTERS);
  assert.ok(e.details?.endsWith('…'));
  assert.equal(toServiceError(new InvalidArgumentError('short')).details, 'short');
});

test('a message cut at the bound inside a character still goes out: the half left becomes U+FFFD', () => {
  // 2,047 code units of 'x' then emoji: the cut falls between the halves of the first one.
  const e = toServiceError(new InvalidArgumentError(`${'x'.repeat(MAX_DETAILS_CHARACTERS - 2)}${'\u{1F600}'.repeat(10)}`));
  assert.equal(e.details?.length, MAX_DETAILS_CHARACTERS);
  assert.equal(e.details?.at(-2), '\uFFFD');
  // gRPC sends details percent-encoded; a lone surrogate would make that throw.
  assert.doesNotThrow(() => encodeURI(e.details ?? ''));
  assert.equal(toServiceError(new InvalidArgumentError('ok \u{1F600}')).details, 'ok \u{1F600}');
});
