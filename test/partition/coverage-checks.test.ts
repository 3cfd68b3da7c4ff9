/**
 * The coverage workload's readings that need no namespaces: what a partition refusal's
 * metadata must say, when the watcher's samples show a node in a minority throughout a
 * request, and how an emergency write's errors are read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { status as Code } from '@grpc/grpc-js';
import { classifyEmergencyError, minorityThroughout, partitionMetadataProblem, type StatusSample } from './coverage-workload.ts';

const VOTERS = ['A', 'B', 'C'];
const refusal = (metadata: Record<string, string>) => ({
  code: Code.UNAVAILABLE,
  details: 'Cannot create assignment: network partition detected.',
  metadata: { 'x-roster-error': 'partitioned', ...metadata },
});

test('a partition refusal must say minority and name the refusing node among fewer than a quorum of reachable voters, and every voter once', () => {
  const good = { 'x-roster-partition-state': 'minority', 'x-roster-reachable': 'C', 'x-roster-unreachable': 'A,B' };
  assert.equal(partitionMetadataProblem(refusal(good), 'C', VOTERS), undefined);
  assert.match(partitionMetadataProblem(refusal({ ...good, 'x-roster-partition-state': 'majority' }), 'C', VOTERS)!, /not minority/);
  assert.match(partitionMetadataProblem(refusal({ 'x-roster-reachable': 'C', 'x-roster-unreachable': 'A,B' }), 'C', VOTERS)!, /not minority/);
  assert.match(partitionMetadataProblem(refusal(good), 'A', VOTERS)!, /not among the reachable/);
  assert.match(partitionMetadataProblem(refusal({ ...good, 'x-roster-unreachable': 'A' }), 'C', VOTERS)!, /every voter once/);
  assert.match(partitionMetadataProblem(refusal({ ...good, 'x-roster-unreachable': 'A,B,C' }), 'C', VOTERS)!, /every voter once/);
  assert.match(partitionMetadataProblem(refusal({ ...good, 'x-roster-reachable': 'B,C', 'x-roster-unreachable': 'A' }), 'C', VOTERS)!, /quorum/);
});

test('a node counts as in a minority throughout a request only if its status said so before the request and after the answer, and at every poll between', () => {
  const s = (node: string, sent: number, state?: string): StatusSample => ({ node, sent, received: sent + 5, ...(state ? { state } : {}) });
  const samples = [s('C', 0, 'connected'), s('C', 100, 'minority'), s('C', 200, 'minority'), s('C', 300, 'minority'), s('C', 400, 'connected'), s('A', 150, 'majority')];
  assert.equal(minorityThroughout(samples, 'C', 110, 190), true);
  assert.equal(minorityThroughout(samples, 'C', 110, 290), true);
  // The answer came after the last minority poll was sent: the node may have healed.
  assert.equal(minorityThroughout(samples, 'C', 110, 310), false);
  // Sent before the first minority poll answered.
  assert.equal(minorityThroughout(samples, 'C', 50, 190), false);
  assert.equal(minorityThroughout(samples, 'A', 160, 170), false);
  // A poll in between that did not answer, or said otherwise, breaks it.
  const gap = [s('B', 0, 'minority'), s('B', 100), s('B', 200, 'minority')];
  assert.equal(minorityThroughout(gap, 'B', 10, 190), false);
  const flip = [s('B', 0, 'minority'), s('B', 100, 'majority'), s('B', 200, 'minority')];
  assert.equal(minorityThroughout(flip, 'B', 10, 190), false);
});

test('emergency write errors are read by the contract: refusals by the coverage rules, not sent, unknown, and never a partition refusal', () => {
  const e = (code: Code, details: string, key?: string) => classifyEmergencyError({ code, details, metadata: key ? { 'x-roster-error': key } : {} });
  assert.deepEqual(e(Code.FAILED_PRECONDITION, 'earlier emergency coverage x holds p1 in block w01; the earlier timestamp wins', 'conflict'), { outcome: 'refused' });
  assert.deepEqual(e(Code.NOT_FOUND, 'nothing to withdraw: p1 holds no emergency coverage in block w01', 'not_found'), { outcome: 'refused' });
  assert.deepEqual(e(Code.UNAVAILABLE, 'No connection established. Last error: connect ECONNREFUSED'), { outcome: 'failed' });
  assert.deepEqual(e(Code.UNAVAILABLE, 'the request was cancelled before the emergency write was known to commit or be journaled', 'outcome_unknown'), { outcome: 'unknown' });
  assert.deepEqual(e(Code.DEADLINE_EXCEEDED, 'Deadline exceeded'), { outcome: 'unknown' });
  assert.equal(e(Code.UNAVAILABLE, 'Cannot record emergency coverage: network partition detected.', 'partitioned').unexpected, 'emergency coverage was refused for the partition');
  assert.ok(e(Code.FAILED_PRECONDITION, 'request id r1-ap1-3 was already used at index 40 for a different command; use a new request id', 'conflict').unexpected);
  assert.ok(e(Code.INVALID_ARGUMENT, 'assignment.pool is required', 'invalid_argument').unexpected);
  assert.ok(e(Code.FAILED_PRECONDITION, 'not the leader', 'not_leader').unexpected);
});
