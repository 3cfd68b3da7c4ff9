import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { leafHash, merkleTree, nodeHash, rootFromPath } from '../../node/ledger/index.ts';

const leaves = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`payload ${i}`)));

test('the root of one, two and three leaves is as RFC 6962 defines it', () => {
  const [a, b, c] = leaves(3) as [Uint8Array, Uint8Array, Uint8Array];
  assert.deepEqual(merkleTree([a]).root, a);
  assert.deepEqual(merkleTree([a, b]).root, nodeHash(a, b));
  assert.deepEqual(merkleTree([a, b, c]).root, nodeHash(nodeHash(a, b), c));
  assert.deepEqual(Buffer.from(leafHash(new Uint8Array(0))).toString('hex'), createHash('sha256').update(Buffer.of(0)).digest('hex'));
});

test('every leaf of trees of 1 to 70 leaves proves the root with its audit path, and nothing else does', () => {
  for (let n = 1; n <= 70; n++) {
    const ls = leaves(n);
    const { root, paths } = merkleTree(ls);
    for (let i = 0; i < n; i++) {
      assert.deepEqual(rootFromPath(i, n, ls[i]!, paths[i]!), root, `leaf ${i} of ${n}`);
      if (n > 1) {
        assert.notDeepEqual(rootFromPath((i + 1) % n, n, ls[i]!, paths[i]!), root, `leaf ${i} of ${n} at another index`);
        assert.notDeepEqual(rootFromPath(i, n, leafHash(Buffer.from('other')), paths[i]!), root, `another leaf at ${i} of ${n}`);
      }
    }
  }
});

test('a path that cannot belong to a tree of the given size proves nothing', () => {
  const ls = leaves(4);
  const { paths } = merkleTree(ls);
  assert.equal(rootFromPath(4, 4, ls[0]!, paths[0]!), undefined, 'index beyond the size');
  assert.equal(rootFromPath(0, 4, ls[0]!, [...paths[0]!, paths[0]![0]!]), undefined, 'a path too long');
  assert.equal(rootFromPath(0, 4, ls[0]!, paths[0]!.slice(1)), undefined, 'a path too short');
  assert.equal(rootFromPath(0, 4, ls[0]!, [new Uint8Array(5), paths[0]![1]!]), undefined, 'a hash of the wrong length');
});
