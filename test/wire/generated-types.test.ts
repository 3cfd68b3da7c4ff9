import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GENERATED_DIR, generateTypes, generatorFlags } from '../../node/wire/generate-types.ts';
import { LOADER_OPTIONS } from '../../node/wire/protos.ts';

/** Every file below `dir`, as paths relative to it, sorted. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

test('the checked-in node/wire/generated/ is what npm run gen:proto writes from proto/ (run it after changing a .proto file)', () => {
  const fresh = mkdtempSync(path.join(tmpdir(), 'rosterd-gen-'));
  try {
    generateTypes(fresh);
    const expected = filesBelow(fresh);
    assert.ok(expected.includes(path.join('rosterd', 'v1', 'Roster.ts')), 'the generator wrote the Roster service');
    assert.deepEqual(filesBelow(GENERATED_DIR), expected, 'the same files');
    const stale = expected.filter((f) => readFileSync(path.join(GENERATED_DIR, f), 'utf8') !== readFileSync(path.join(fresh, f), 'utf8'));
    assert.deepEqual(stale, [], 'files whose content differs from a fresh generation');
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});

test('each loader option becomes the generator flag that produces types of the same shape', () => {
  assert.deepEqual(generatorFlags({ keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true }), [
    '--longs',
    'Number',
    '--enums',
    'String',
    '--defaults',
    '--oneofs',
  ]);
  assert.deepEqual(generatorFlags({ keepCase: true, longs: String, bytes: Array, arrays: true }), ['--keepCase', '--longs', 'String', '--bytes', 'Array', '--arrays']);
});

test('a loader option the generator cannot express is refused rather than dropped', () => {
  assert.throws(() => generatorFlags({ ...LOADER_OPTIONS, includeDirs: ['proto'] }), /includeDirs/);
  assert.throws(() => generatorFlags({ ...LOADER_OPTIONS, enums: Number }), /enums/);
});
