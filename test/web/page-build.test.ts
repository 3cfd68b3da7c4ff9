import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildPage, PAGE_OUT_DIR } from '../../node/web/build-page.ts';

test('the checked-in node/web/static/app/ is what npm run build:web compiles from node/web/page/ (run it after changing the page)', () => {
  const fresh = mkdtempSync(path.join(tmpdir(), 'rosterd-page-'));
  try {
    buildPage(fresh);
    const expected = readdirSync(fresh).sort();
    assert.ok(expected.includes('main.js'), 'the compiler wrote the page');
    assert.deepEqual(readdirSync(PAGE_OUT_DIR).sort(), expected, 'the same files');
    const stale = expected.filter((f) => readFileSync(path.join(PAGE_OUT_DIR, f), 'utf8') !== readFileSync(path.join(fresh, f), 'utf8'));
    assert.deepEqual(stale, [], 'files that differ from a fresh compile');
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
