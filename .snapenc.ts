import { ReplicatedState } from './node/replica/replicated-state.ts';
import { encodeCommand, type Facility } from './node/schedule/index.ts';
const facilities: Facility[] = ['A', 'B', 'C'].map((id) => ({ id, name: id, pools: [{ name: 'ICU', capacity: 2, reserved: 1, borrowLimit: 1, flex: false }] }));
const st = ReplicatedState.empty({ cluster: 'c', facilities });
const name = 'x'.repeat(200);
for (let i = 1; i <= 50000; i++) st.apply({ type: 'normal', index: i, term: 1, data: encodeCommand({ requestId: `req-${i}-${Math.random()}`, issuer: 'A', timestampMs: 1000 + i, op: { kind: 'addPerson', person: { id: `snap-${i % 16}-${i}`, name, role: 'resident', homeFacility: 'A' } } }) } as any);
for (let rep = 0; rep < 2; rep++) {
  let t = performance.now();
  const g = st.snapshotSlices();
  const steps: number[] = [performance.now() - t];
  for (;;) { t = performance.now(); const s = g.next(); steps.push(performance.now() - t); if (s.done) { console.log('bytes', s.value.length); break; } }
  console.log('capture', steps[0]!.toFixed(1), 'first', steps[1]!.toFixed(1), 'max', Math.max(...steps.slice(2, -1)).toFixed(1), 'last', steps[steps.length - 1]!.toFixed(1), 'n', steps.length, 'total', steps.reduce((a, b) => a + b).toFixed(0));
}
const sm = (st as any).schedule;
for (let r = 0; r < 3; r++) {
  let t = performance.now(); sm.snapshotContent(); const a = performance.now() - t;
  t = performance.now(); (st as any).ledger.snapshot(); const b = performance.now() - t;
  t = performance.now(); (st as any).membersJson(); const c = performance.now() - t;
  console.log('content', a.toFixed(1), 'ledger', b.toFixed(1), 'members', c.toFixed(1));
}
