import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ScheduleMachine, type Command } from '../../node/schedule/index.ts';
import { FACILITIES, addBlock, addPerson, assign, assignment, block, person, unassign } from './fixtures.ts';

test("a block's version is the index of the last command that changed its final schedule; refusals, no-ops and other blocks leave it", () => {
  const m = new ScheduleMachine(FACILITIES);
  let index = 0;
  const apply = (cmd: Command): boolean => m.apply(cmd, ++index).result.ok;
  apply(addPerson(person('p1')));
  apply(addPerson(person('p2')));
  assert.equal(m.blockVersion('b1'), undefined, 'no such block');
  apply(addBlock(block('b1')));
  assert.equal(m.blockVersion('b1'), 3, 'a new block is at the index that added it');
  apply(addBlock(block('b2', '2025-07-29', '2025-08-25')));
  assert.equal(m.blockVersion('b1'), 3, 'another block changed');
  assert.ok(apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1'))));
  assert.equal(m.blockVersion('b1'), 5);
  assert.ok(apply(assign(assignment('p1', 'fac-a', 'ICU', 'b1'))), 'the identical assignment again is a no-op');
  assert.equal(m.blockVersion('b1'), 5);
  assert.equal(apply(assign(assignment('p1', 'fac-a', 'Clinic', 'b1'))), false, 'refused: p1 is assigned already');
  assert.equal(m.blockVersion('b1'), 5);
  assert.ok(apply(assign(assignment('p2', 'fac-a', 'ICU', 'b2'))));
  assert.equal(m.blockVersion('b1'), 5, 'an assignment in another block');
  assert.ok(apply(unassign('p1', 'b1')));
  assert.equal(m.blockVersion('b1'), 9);
  assert.equal(ScheduleMachine.restore(FACILITIES, m.snapshot()).blockVersion('b1'), 9, 'a snapshot keeps it');
});

test("a block's rule violations are found only in state that did not come from the log", () => {
  const m = new ScheduleMachine(FACILITIES);
  let index = 0;
  for (const cmd of [addPerson(person('p1')), addBlock(block('b1')), assign(assignment('p1', 'fac-a', 'ICU', 'b1'))]) m.apply(cmd, ++index);
  assert.deepEqual(m.blockRuleViolations('b1'), []);
  assert.equal(m.blockRuleViolations('nope'), undefined);
});
