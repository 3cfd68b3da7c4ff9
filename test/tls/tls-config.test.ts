import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../node/config.ts';

// node/config.ts: the TLS settings come together or not at all.

const base = { id: 'A', dataDir: '/tmp/rosterd-config-test/A' };

test('without TLS settings the node runs plaintext', () => {
  assert.equal(loadConfig(base, {}).tls, undefined);
});

test('--tls-ca and --tls-cert turn TLS on, with the facility key file as the default key', () => {
  const c = loadConfig({ ...base, tlsCa: 'tls/ca.pem', tlsCert: 'tls/facility-A.pem' }, {});
  assert.deepEqual(c.tls, { ca: path.resolve('tls/ca.pem'), cert: path.resolve('tls/facility-A.pem'), key: c.keyFile });
  assert.equal(loadConfig({ ...base, tlsCa: 'ca.pem', tlsCert: 'a.pem', tlsKey: 'a-key.pem' }, {}).tls?.key, path.resolve('a-key.pem'));
});

test('the environment gives them as ROSTER_TLS_CA, ROSTER_TLS_CERT and ROSTER_TLS_KEY', () => {
  const c = loadConfig(base, { ROSTER_TLS_CA: '/etc/rosterd/ca.pem', ROSTER_TLS_CERT: '/etc/rosterd/a.pem', ROSTER_TLS_KEY: '/etc/rosterd/a-key.pem' });
  assert.deepEqual(c.tls, { ca: '/etc/rosterd/ca.pem', cert: '/etc/rosterd/a.pem', key: '/etc/rosterd/a-key.pem' });
});

test('a CA without a certificate, a certificate without a CA, or a key alone is a configuration error naming what is missing', () => {
  for (const [flags, given] of [
    [{ tlsCa: 'ca.pem' }, '--tls-ca'],
    [{ tlsCert: 'a.pem' }, '--tls-cert'],
    [{ tlsKey: 'a-key.pem' }, '--tls-key'],
    [{ tlsCert: 'a.pem', tlsKey: 'a-key.pem' }, '--tls-cert and --tls-key'],
  ] as const) {
    assert.throws(
      () => loadConfig({ ...base, ...flags }, {}),
      (e: Error) => e instanceof ConfigError && e.message.includes('TLS needs --tls-ca and --tls-cert together') && e.message.includes(`only ${given} given`),
      JSON.stringify(flags),
    );
  }
});
