import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandSealer, Keyring, SignatureChecker, encodePayload } from '../../node/ledger/index.ts';
import { encodeCommand } from '../../node/schedule/index.ts';
import { CLUSTER, commandPayload, identity, sealed } from './fixtures.ts';

function keyring(...facilities: string[]): Keyring {
  const k = new Keyring();
  for (const f of facilities) k.register(f, identity(f).publicKey, 0);
  return k;
}

const payload = commandPayload({ requestId: 'r1', issuer: 'B', timestampMs: 1, op: { kind: 'addBlock', block: { id: 'b1', start: '2026-07-01', end: '2026-07-28' } } });

test('the leader appends what a peer forwards only when that very peer signed it with its registered key', () => {
  const leader = new CommandSealer({ cluster: CLUSTER, facility: 'A', identity: identity('A'), checker: new SignatureChecker(CLUSTER), keyring: () => keyring('A', 'B', 'C') });
  const fromB = sealed(identity('B'), [payload])[0]!;
  assert.equal(leader.admitForwarded('B', fromB), undefined);
  assert.match(leader.admitForwarded('C', fromB)!, /signed as facility B, forwarded by C/, 'relayed or re-sent by another peer');
  assert.match(leader.admitForwarded('B', sealed(identity('B', 'mallory'), [payload])[0]!)!, /does not verify/, 're-signed with another key');
  assert.match(leader.admitForwarded('B', encodeCommand({ requestId: 'r1', issuer: 'B', timestampMs: 1, op: { kind: 'addBlock', block: { id: 'b1', start: '2026-07-01', end: '2026-07-28' } } }))!, /unsigned/);
  assert.match(leader.admitForwarded('B', sealed({ facility: 'B' }, [payload])[0]!)!, /unsigned/);
  assert.match(leader.admitForwarded('D', sealed(identity('D'), [payload])[0]!)!, /no registered key/);
  // A facility without a key may forward its own registration, signed by the key it registers.
  const registration = sealed(identity('D'), [encodePayload({ kind: 'registerKey', facility: 'D', publicKey: identity('D').publicKey })])[0]!;
  assert.equal(leader.admitForwarded('D', registration), undefined);
});

test('a cluster without keys takes unsigned commands', () => {
  const leader = new CommandSealer({ cluster: CLUSTER, facility: 'A', checker: new SignatureChecker(CLUSTER), keyring: () => new Keyring() });
  assert.equal(leader.admitForwarded('B', sealed({ facility: 'B' }, [payload])[0]!), undefined);
  const [entry] = leader.seal([payload]);
  assert.ok(entry);
});
