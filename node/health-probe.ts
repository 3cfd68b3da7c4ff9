#!/usr/bin/env node
/**
 * rosterd-health-probe ADDRESS [SERVICE]: asks the node at ADDRESS (host:port) for the
 * standard gRPC health status of SERVICE (default '', the node as a whole) and exits 0
 * when it is SERVING, 1 when it answers anything else, 2 when it does not answer within
 * the timeout. The docker image's HEALTHCHECK runs it; anything that can run a command
 * (an orchestrator, a script) can too. Prints the status or the error on one line.
 *
 * With mutual TLS (the node's own settings in the environment: ROSTER_TLS_CA and
 * ROSTER_TLS_CERT, and ROSTER_TLS_KEY or else the facility key file, ROSTER_KEY_FILE or
 * <ROSTER_DATA_DIR>/facility-key.pem) it presents the node's certificate, as the node's
 * own clients do; the node's certificate must name the address asked.
 */
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { FACILITY_KEY_FILE_NAME } from './ledger/key-file.ts';
import { channelFor, TlsFileError, TlsMaterial } from './tls/index.ts';

/** How long the probe waits for an answer. */
const TIMEOUT_MS = 2000;

const [address, serviceName = ''] = process.argv.slice(2);
if (address === undefined || !/^[^\s:]+:\d{1,5}$/.test(address)) {
  process.stderr.write('usage: health-probe HOST:PORT [SERVICE]\n');
  process.exit(2);
}
const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
const env = process.env;
let tls: TlsMaterial | undefined;
if (env['ROSTER_TLS_CA'] && env['ROSTER_TLS_CERT']) {
  const key = env['ROSTER_TLS_KEY'] || env['ROSTER_KEY_FILE'] || path.join(env['ROSTER_DATA_DIR'] || path.join('data', env['ROSTER_ID'] ?? ''), FACILITY_KEY_FILE_NAME);
  try {
    tls = TlsMaterial.load({ ca: env['ROSTER_TLS_CA'], cert: env['ROSTER_TLS_CERT'], key });
  } catch (e) {
    if (!(e instanceof TlsFileError)) throw e;
    process.stdout.write(`${address}: ${e.message}\n`);
    process.exit(2);
  }
}
const channel = channelFor(tls, address);
const client = new Health(address, channel.credentials, channel.options);
const check = client['Check'] as (req: { service: string }, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void) => void;
check.call(client, { service: serviceName }, { deadline: Date.now() + TIMEOUT_MS }, (err, res) => {
  client.close();
  if (err) {
    process.stdout.write(`${address}: ${grpc.status[err.code] ?? err.code} ${err.details}\n`);
    process.exit(2);
  }
  process.stdout.write(`${address}${serviceName ? ` ${serviceName}` : ''}: ${res?.status ?? 'UNKNOWN'}\n`);
  process.exit(res?.status === 'SERVING' ? 0 : 1);
});
