import type { Operation } from '../history.ts';
import type { Model, Partition } from '../model.ts';

/**
 * A schedule cell is one person in one block: it holds that person's assignment in the
 * block (`facility/pool`) or nothing (`null`). The key names the cell, e.g. `b03/p1`.
 */
export type CellKey = string;
/** What a cell holds: an assignment such as `B/ICU`, or `null` (no assignment). */
export type CellValue = string | null;

/**
 * An operation on the schedule, as rosterd's Roster service offers it:
 * - `assign`: Assign(person, block, facility, pool);
 * - `unassign`: Unassign(person, block);
 * - `move`: Move(person, block) to another facility and pool, the same person
 *   (`to_person` empty), so it touches one cell;
 * - `read`: GetSchedule(block), observing every listed cell at once.
 */
export type ScheduleInput =
  | { f: 'assign'; cell: CellKey; value: string }
  | { f: 'unassign'; cell: CellKey }
  | { f: 'move'; cell: CellKey; value: string }
  | { f: 'read'; cells: readonly CellKey[] };

/**
 * `{ ok: true }`: the write was applied (or was an identical re-assign, a no-op).
 * `{ refused: 'held' }`: Assign refused because the person already holds another
 * assignment in the block (FAILED_PRECONDITION "already holds").
 * `{ refused: 'missing' }`: Unassign or Move refused because there was nothing to remove
 * or move (NOT_FOUND).
 * `{ values }`: what a read saw, for each of its cells.
 */
export type ScheduleOutput =
  | { ok: true }
  | { refused: 'held' | 'missing' }
  | { values: Readonly<Record<CellKey, CellValue>> };

/** The cells with an assignment; a cell that holds nothing is absent. */
export type ScheduleState = Readonly<Record<CellKey, string>>;

function valueOf(state: ScheduleState, cell: CellKey): CellValue {
  return Object.hasOwn(state, cell) ? (state[cell] as string) : null;
}

function withValue(state: ScheduleState, cell: CellKey, value: CellValue): ScheduleState {
  const next: Record<CellKey, string> = { ...state };
  if (value === null) delete next[cell];
  else next[cell] = value;
  return next;
}

function show(value: CellValue): string {
  return value === null ? 'nil' : value;
}

/**
 * The reads of `op` restricted to one cell (P-compositionality: a read of many cells is
 * checked as one read per cell; sound, since each projection of a linearizable history is
 * linearizable, though weaker than checking the read as one atomic snapshot).
 */
function projectRead(
  op: Operation<ScheduleInput, ScheduleOutput>,
  cell: CellKey,
): Operation<ScheduleInput, ScheduleOutput> {
  const projected: Operation<ScheduleInput, ScheduleOutput> = {
    clientId: op.clientId,
    input: { f: 'read', cells: [cell] },
    call: op.call,
    return: op.return,
  };
  if (op.output !== undefined && 'values' in op.output) {
    projected.output = { values: { [cell]: op.output.values[cell] ?? null } };
  }
  return projected;
}

/**
 * The residency schedule's assignment cells (node/schedule/machine.ts), sequentially:
 * - assign(v) on an empty cell stores v; on a cell holding v it is an ok no-op; on a
 *   cell holding another assignment it is refused ('held') and changes nothing;
 * - unassign empties a held cell; on an empty cell it is refused ('missing');
 * - move(v) makes a held cell hold v (an ok no-op if it holds v already); on an empty
 *   cell it is refused ('missing');
 * - a read returns the value of each listed cell.
 * Every cell starts empty. An operation with unknown outcome may take effect at most
 * once, at any point after its call. Cells are independent: the history is split per
 * cell, multi-cell reads projected onto each cell they observed.
 */
export const scheduleCellModel: Model<ScheduleState, ScheduleInput, ScheduleOutput> = {
  name: 'schedule-cell',
  init: () => ({}),
  step(state, input, output) {
    switch (input.f) {
      case 'read': {
        if (output === undefined) return { ok: true, newState: state };
        if (!('values' in output)) return { ok: false, newState: state };
        const ok = input.cells.every((cell) => (output.values[cell] ?? null) === valueOf(state, cell));
        return { ok, newState: state };
      }
      case 'assign': {
        const current = valueOf(state, input.cell);
        const applies = current === null || current === input.value;
        const newState = current === null ? withValue(state, input.cell, input.value) : state;
        if (output === undefined) return { ok: true, newState };
        if ('ok' in output) return { ok: applies, newState };
        if ('refused' in output) return { ok: output.refused === 'held' && !applies, newState: state };
        return { ok: false, newState: state };
      }
      case 'unassign': {
        const current = valueOf(state, input.cell);
        const newState = withValue(state, input.cell, null);
        if (output === undefined) return { ok: true, newState };
        if ('ok' in output) return { ok: current !== null, newState };
        if ('refused' in output) return { ok: output.refused === 'missing' && current === null, newState: state };
        return { ok: false, newState: state };
      }
      case 'move': {
        const current = valueOf(state, input.cell);
        const newState = current === null ? state : withValue(state, input.cell, input.value);
        if (output === undefined) return { ok: true, newState };
        if ('ok' in output) return { ok: current !== null, newState };
        if ('refused' in output) return { ok: output.refused === 'missing' && current === null, newState: state };
        return { ok: false, newState: state };
      }
    }
  },
  equal(a, b) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
  },
  hash(state) {
    return JSON.stringify(Object.entries(state).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  },
  partition(history) {
    const groups = new Map<CellKey, Operation<ScheduleInput, ScheduleOutput>[]>();
    const add = (cell: CellKey, op: Operation<ScheduleInput, ScheduleOutput>): void => {
      let group = groups.get(cell);
      if (group === undefined) {
        group = [];
        groups.set(cell, group);
      }
      group.push(op);
    };
    for (const op of history) {
      if (op.input.f === 'read') {
        for (const cell of op.input.cells) add(cell, op.input.cells.length === 1 ? op : projectRead(op, cell));
      } else {
        add(op.input.cell, op);
      }
    }
    return [...groups].map(([label, ops]): Partition<ScheduleInput, ScheduleOutput> => ({ label, history: ops }));
  },
  isPure(input, output) {
    if (input.f === 'read') return true;
    return output !== undefined && 'refused' in output;
  },
  describe(input, output) {
    const call =
      input.f === 'read'
        ? `read(${input.cells.join(',')})`
        : input.f === 'assign'
          ? `assign(${input.cell}, ${input.value})`
          : input.f === 'move'
            ? `move(${input.cell}, ${input.value})`
            : `unassign(${input.cell})`;
    if (output === undefined) return `${call} -> ?`;
    if ('values' in output) {
      const cells = input.f === 'read' ? input.cells : [input.cell];
      const seen = cells.map((cell) => show(output.values[cell] ?? null));
      return `${call} -> ${seen.join(',')}`;
    }
    if ('refused' in output) return `${call} -> refused (${output.refused})`;
    return `${call} -> ok`;
  },
};
