import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CanonicalBytes, batchHeadBytes, entryHash, genesisHash, headBytes, voteBytes } from '../../node/ledger/index.ts';

const digest = Buffer.alloc(32, 0xab);
const prev = Buffer.alloc(32, 0xcd);

/**
 * Golden bytes: what every facility signs and the ledger hashes. A change here breaks
 * every signature and export ever made, so these are checked in, not computed.
 */
test('the canonical encoding is tag, 4-byte big-endian length, value, field after field', () => {
  const b = CanonicalBytes.of('d/1').str('é').bytes(Uint8Array.of(1, 2)).uint(258).done();
  assert.equal(Buffer.from(b).toString('hex'), '7300000003642f31' + '7300000002c3a9' + '62000000020102' + '75000000080000000000000102');
});

test('golden bytes of a vote, a ledger head and a command batch head', () => {
  const vote = voteBytes('rosterd-local', { facility: 'A', block: 'b2026-07', version: 42, digest, prevHash: prev });
  assert.equal(
    Buffer.from(vote).toString('hex'),
    '7300000014726f73746572642d626c6f636b2d766f74652f31' +
      '730000000d726f73746572642d6c6f63616c' +
      '730000000141' +
      '730000000862323032362d3037' +
      '7500000008000000000000002a' +
      '6200000020' + 'ab'.repeat(32) +
      '6200000020' + 'cd'.repeat(32),
  );
  const head = headBytes('rosterd-local', { facility: 'B', seq: 7, hash: digest });
  assert.equal(
    Buffer.from(head).toString('hex'),
    '7300000015726f73746572642d6c65646765722d686561642f31' + '730000000d726f73746572642d6c6f63616c' + '730000000142' + '75000000080000000000000007' + '6200000020' + 'ab'.repeat(32),
  );
  const batch = batchHeadBytes('rosterd-local', 'C', 3, digest);
  assert.equal(
    Buffer.from(batch).toString('hex'),
    '7300000017726f73746572642d636f6d6d616e642d62617463682f31' + '730000000d726f73746572642d6c6f63616c' + '730000000143' + '75000000080000000000000003' + '6200000020' + 'ab'.repeat(32),
  );
});

test('golden hashes: the genesis hash of a cluster and the hash of a ledger entry', () => {
  assert.equal(genesisHash('rosterd-local').toString('hex'), GENESIS);
  const h = entryHash('rosterd-local', {
    seq: 1,
    prevHash: genesisHash('rosterd-local'),
    block: 'b2026-07',
    version: 42,
    digest,
    timeMs: 1_767_225_600_000,
    proposer: 'A',
    votes: [{ facility: 'A', block: 'b2026-07', version: 42, digest, prevHash: genesisHash('rosterd-local'), signature: Buffer.alloc(64, 1) }],
    dissent: [{ facility: 'C', reason: 'digest differs', vote: null }],
  });
  assert.equal(h.toString('hex'), ENTRY);
});

test('structures are separated by their domains: the same fields never give the same bytes', () => {
  const asVote = voteBytes('x', { facility: 'A', block: 'b', version: 1, digest, prevHash: prev });
  const asHead = headBytes('x', { facility: 'A', seq: 1, hash: digest });
  assert.notDeepEqual(asVote.subarray(0, 30), asHead.subarray(0, 30));
});

const GENESIS = '83765200be666f1155ed18c09ee4aa744d1e136d2bc71887221964aae76f57a1';
const ENTRY = 'bbb33ba51504ac153aeabffc9cba9283a5248488be617c71dd08dd20d2ddf7d5';
