import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { KeyFileError, loadIdentity, loadOrCreateIdentity } from '../../node/ledger/index.ts';

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'rosterd-key-'));
}

test('a key is created at first start with mode 0600, and the same key is loaded afterwards', async (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'data', 'facility-key.pem');
  const first = await loadOrCreateIdentity(file, 'A');
  assert.equal(first.created, true);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const again = await loadOrCreateIdentity(file, 'A');
  assert.equal(again.created, false);
  assert.equal(again.identity.fingerprint, first.identity.fingerprint);
  assert.match(first.identity.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  assert.doesNotMatch(JSON.stringify(first.identity), /PRIVATE/, 'what a log line may show holds no key');
});

test('a key file others can read, one that is not a key, or an RSA key is refused with the file named', async (t) => {
  const dir = tmp();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const open = path.join(dir, 'open.pem');
  await loadOrCreateIdentity(open, 'A');
  chmodSync(open, 0o644);
  await assert.rejects(loadIdentity(open, 'A'), (e: unknown) => e instanceof KeyFileError && /accessible by other users \(mode 644\); run chmod 600/.test(e.message));
  const junk = path.join(dir, 'junk.pem');
  writeFileSync(junk, 'not a key', { mode: 0o600 });
  await assert.rejects(loadIdentity(junk, 'A'), (e: unknown) => e instanceof KeyFileError && e.message.includes(junk) && /not a PEM private key/.test(e.message));
  const rsa = path.join(dir, 'rsa.pem');
  writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  await assert.rejects(loadIdentity(rsa, 'A'), /is rsa, not Ed25519/);
  await assert.rejects(loadIdentity(path.join(dir, 'missing.pem'), 'A'), /does not exist/);
});
