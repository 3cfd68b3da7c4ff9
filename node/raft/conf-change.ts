/**
 * Single-server membership changes (Raft thesis §4.1; etcd's confchange/ has the same
 * role): the membership a change produces, whether a leader may propose a change now,
 * what an applied change does to the leader's progress tracking, and the initial
 * membership written as changes. Proposing them is leadership.ts's, applying them raft.ts's.
 */
import type { ProgressTracker } from './progress-tracker.ts';
import type { ConfChange, ConfState } from './types.ts';

/** The membership after a change; pure, shared by the core and state machines. */
export function applyToConf(conf: ConfState, c: ConfChange): ConfState {
  const voters = conf.voters.filter((v) => v !== c.node);
  const learners = conf.learners.filter((l) => l !== c.node);
  switch (c.kind) {
    case 'addLearner':
      if (conf.voters.includes(c.node)) return conf;
      return { voters, learners: [...learners, c.node] };
    case 'promote':
      return { voters: [...voters, c.node], learners };
    case 'remove':
      return { voters, learners };
  }
}

/**
 * Why the leader must refuse `c` against its current membership, or undefined if it may
 * propose it. A learner is promoted only once its match is within `maxPromoteLagEntries`
 * of `lastIndex`, so the new voter does not stall commitment while it catches up; the last
 * voter cannot be removed.
 */
export function validateConfChange(
  tracker: ProgressTracker,
  c: ConfChange,
  lastIndex: number,
  maxPromoteLagEntries: number,
): string | undefined {
  const isVoter = tracker.conf.voters.includes(c.node);
  const isLearner = tracker.conf.learners.includes(c.node);
  switch (c.kind) {
    case 'addLearner':
      if (c.node === '') return 'node id must not be empty';
      return isVoter || isLearner ? `${c.node} is already a member` : undefined;
    case 'promote': {
      if (!isLearner) return `${c.node} is not a learner`;
      const lag = lastIndex - (tracker.get(c.node)?.match ?? 0);
      return lag > maxPromoteLagEntries ? `${c.node} is not caught up (${lag} entries behind)` : undefined;
    }
    case 'remove':
      if (!isVoter && !isLearner) return `${c.node} is not a member`;
      if (isVoter && tracker.conf.voters.length === 1) return `cannot remove the last voter ${c.node}`;
      return undefined;
  }
}

/**
 * A leader's progress tracking after applying `c` (tracker.conf already updated): an
 * added learner is tracked from `next` on and counts as heard from, so it is sent a
 * snapshot at once if it needs one; a promoted learner's progress is marked a voter's (its
 * vote in quorums comes from tracker.conf); a removed member is no longer tracked. The leader's own removal is raft.ts's to handle (it
 * steps down) and must not reach here.
 */
export function trackConfChange(tracker: ProgressTracker, c: ConfChange, next: number): void {
  switch (c.kind) {
    case 'addLearner':
      if (!tracker.has(c.node)) tracker.add(c.node, next, true).recentActive = true;
      break;
    case 'promote': {
      const pr = tracker.get(c.node);
      if (pr) pr.learner = false;
      break;
    }
    case 'remove':
      tracker.delete(c.node);
      break;
  }
}

/**
 * The initial membership as a sequence of changes (each voter added as a learner and
 * promoted, then each learner added), sorted so every initial member writes identical
 * entries.
 */
export function bootstrapChanges(initial: ConfState): ConfChange[] {
  const changes: ConfChange[] = [];
  for (const v of [...initial.voters].sort()) changes.push({ kind: 'addLearner', node: v }, { kind: 'promote', node: v });
  for (const l of [...initial.learners].sort()) changes.push({ kind: 'addLearner', node: l });
  return changes;
}
