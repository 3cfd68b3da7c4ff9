#!/usr/bin/env node
/**
 * rosterd — one facility's node. Wires config, storage, the Raft driver and the gRPC
 * server together and handles signals; everything else lives in the folders below.
 */
import { Command, Option } from 'commander';
import pino from 'pino';
import { ConfigError, loadConfig, type NodeConfig } from './config.ts';
import { SystemClock } from './clock/index.ts';
import { CryptoRandom, Replica, ReplicatedState } from './replica/index.ts';
import { DEFAULT_POOLS } from './schedule/index.ts';
import { startServer } from './server/index.ts';
import { NodeMetrics, startMetricsServer, trackGauges } from './metrics/index.ts';
import { DataDirError, LevelStorage } from './storage/index.ts';
import { DEFAULT_BACKOFF, DEFAULT_BREAKER, GrpcPeerTransport, IsolationSwitch } from './transport/index.ts';
import { EmergencyJournal, Healer } from './healing/index.ts';
import { WritePolicy } from './modes/index.ts';
import { LedgerService, ScheduleService } from './service/index.ts';
import {
  CommandSealer,
  DivergenceWatch,
  HeadWatch,
  KeyFileError,
  KeyRegistrar,
  loadOrCreateIdentity,
  sameBytes,
  SignatureChecker,
  VoteSigner,
  type FacilityIdentity,
  type Keyring,
} from './ledger/index.ts';
import { GrpcLedgerPeers } from './transport/ledger-peer-client.ts';
import { dialable, startWebServer } from './web/index.ts';
import { TlsFileError, TlsMaterial } from './tls/index.ts';

const EXIT_CONFIG = 2;
const EXIT_DATA_DIR = 3;
/** A failed disk write: memory is ahead of the disk, so the process stops at once (EX_SOFTWARE). */
const EXIT_FATAL = 70;
/** How often the healer looks at the journal and the partition state. */
const HEALER_INTERVAL_MS = 100;
/** How often an unregistered facility key is proposed again, and signed ledger heads are exchanged. */
const KEY_REGISTRATION_INTERVAL_MS = 1000;
const HEAD_EXCHANGE_INTERVAL_MS = 2000;

function parseFlags(argv: string[]): Record<string, unknown> {
  const program = new Command('rosterd')
    .description('A rosterd node: one facility of a replicated residency schedule. Settings also come from ROSTER_* variables and --config FILE (JSON).')
    .option('--id <id>', 'this facility\'s id (ROSTER_ID)')
    .option('--cluster <name>', 'cluster name; peers of another cluster are refused (default rosterd-local)')
    .option('--peers <list>', 'bootstrap members as ID=host:port,... (default A=127.0.0.1:7101,B=127.0.0.1:7102,C=127.0.0.1:7103)')
    .option('--listen <host:port>', 'gRPC address (default: this id\'s address in --peers)')
    .option('--data-dir <dir>', 'LevelDB data directory (default ./data/<id>)')
    .option('--metrics-listen <host:port|off>', 'Prometheus /metrics address (default: gRPC port + 2000)')
    .option('--http-listen <host:port|off>', 'read-only web page for coordinators: the schedule board, cluster, coverage and contingency, updated live (default: gRPC host, port + 1000)')
    .option('--join', 'start with no members and wait to be added (rosterctl member add)')
    .option('--tick-ms <n>', 'milliseconds per Raft tick (default 25)')
    .option('--election-ticks <n>', 'ticks before a follower starts an election, randomized up to twice that (default 20: 500-1000 ms)')
    .option('--heartbeat-ticks <n>', 'ticks between leader heartbeats (default 2)')
    .option('--snapshot-entries <n>', 'applied entries between snapshots (default 50000)')
    .option('--keep-entries <n>', 'log entries kept behind a snapshot (default 10000)')
    .option('--log-cache-entries <n>', 'latest log entries held in memory; older ones are read from disk when a follower or a watch needs them (default 4096)')
    .option('--max-pending-proposals <n>', 'backpressure bound on proposals awaiting commit (default 4096)')
    .option('--max-message-bytes <n>', 'bound on one AppendEntries / snapshot chunk (default 1048576)')
    .option('--key-file <file>', 'this facility\'s Ed25519 private key (PKCS #8 PEM, mode 0600); created at first start (default <data-dir>/facility-key.pem)')
    .option('--peer-keys <list>', 'genesis public keys as ID=ed25519:<base64>,... (the same on every node; default: each facility registers its own key)')
    .option('--insecure-unsigned-commands', 'run without facility keys: commands unsigned, no commitments (benchmarks only; every node alike)')
    .option('--tls-ca <file>', 'mutual TLS: the cluster CA certificate (PEM); peers and clients must present certificates it issued (with --tls-cert)')
    .option('--tls-cert <file>', 'mutual TLS: this node\'s certificate, naming its facility (rosterctl tls cert create --facility ID)')
    .option('--tls-key <file>', 'mutual TLS: the certificate\'s private key (default: the facility key file, whose key the certificate is of)')
    .option('--fault-injection', 'allow Admin.SetIsolation (rosterctl fault isolate/heal) to cut this node off, for demonstrations and tests')
    .option('--pools <json>', 'default pool tables: {"<facility>|*":[{"name","capacity","reserved","borrowLimit","flex"}...]} (default ICU 6/5/1, Clinic 8/7/1, Procedures 4/3/1, Flex 2 flex)')
    .addOption(new Option('--log-level <level>', 'log level (default info)').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
    .option('--config <file>', 'JSON file with any of the settings above (camelCase keys)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    process.exit(code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : EXIT_CONFIG);
  }
  return program.opts();
}

async function main(): Promise<void> {
  let config: NodeConfig;
  try {
    config = loadConfig(parseFlags(process.argv), process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`rosterd: ${e.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw e;
  }
  const log = pino({ level: config.logLevel, base: { facility: config.id } });
  const ids = Object.keys(config.peers).sort();
  let storage: LevelStorage;
  try {
    storage = await LevelStorage.open({
      dir: config.dataDir,
      cluster: config.cluster,
      node: config.id,
      initialConf: { voters: config.join ? [] : ids, learners: [] },
      log,
      tailEntries: config.logCacheEntries,
    });
  } catch (e) {
    if (e instanceof DataDirError) {
      process.stderr.write(`rosterd: ${e.message}\n`);
      process.exit(EXIT_DATA_DIR);
    }
    throw e;
  }
  let identity: FacilityIdentity | undefined;
  if (!config.insecureUnsignedCommands) {
    try {
      const loaded = await loadOrCreateIdentity(config.keyFile, config.id);
      identity = loaded.identity;
      log.info({ keyFile: config.keyFile, fingerprint: identity.fingerprint, created: loaded.created }, loaded.created ? 'created the facility key' : 'loaded the facility key');
    } catch (e) {
      if (e instanceof KeyFileError) {
        process.stderr.write(`rosterd: ${e.message}\n`);
        await storage.close();
        process.exit(EXIT_CONFIG);
      }
      throw e;
    }
    const pinned = config.peerKeys[config.id];
    if (pinned && !sameBytes(pinned, identity.publicKey)) {
      process.stderr.write(`rosterd: --peer-keys gives ${config.id} another key than the one in ${config.keyFile} (${identity.fingerprint})\n`);
      await storage.close();
      process.exit(EXIT_CONFIG);
    }
  }
  let tls: TlsMaterial | undefined;
  if (config.tls) {
    try {
      tls = TlsMaterial.load(config.tls);
      tls.requireFacility(config.cluster, config.id);
      const certKey = tls.ed25519PublicKey();
      // One identity per facility: the certificate that TLS peers check is of the key that signs the ledger.
      if (identity && (certKey === undefined || !sameBytes(certKey, identity.publicKey))) {
        throw new TlsFileError(`certificate ${config.tls.cert} is not of the facility key in ${config.keyFile} (${identity.fingerprint}); issue it with rosterctl tls cert create --facility ${config.id} --key ${config.keyFile}`);
      }
    } catch (e) {
      if (e instanceof TlsFileError) {
        process.stderr.write(`rosterd: ${e.message}\n`);
        await storage.close();
        process.exit(EXIT_CONFIG);
      }
      throw e;
    }
    log.info({ ca: config.tls.ca, cert: config.tls.cert, subject: tls.certificate.subject.replace(/\n/g, ', '), fingerprint: tls.certificate.fingerprint256 }, 'mutual TLS on');
  }
  const metrics = new NodeMetrics(config.id);
  const clock = new SystemClock();
  const facilities = ids.map((id) => ({ id, name: id, pools: config.pools[id] ?? config.pools['*'] ?? [...DEFAULT_POOLS] }));
  const raftLog = log.child({ component: 'raft' });
  const isolation = config.faultInjection ? new IsolationSwitch() : undefined;
  const checker = new SignatureChecker(config.cluster);
  const stateConfig = {
    cluster: config.cluster,
    facilities,
    genesisKeys: Object.entries(config.peerKeys).map(([facility, publicKey]) => ({ facility, publicKey })),
    checker,
  };
  // The sealer reads the keyring the replica applies: the replica exists by the time it is asked.
  const keyring = (): Keyring => replica.appliedState().state.ledger.keyring;
  const sealer = new CommandSealer({ cluster: config.cluster, facility: config.id, ...(identity ? { identity } : {}), checker, keyring });
  const peerTransport = new GrpcPeerTransport({
    self: config.id,
    cluster: config.cluster,
    maxMessageBytes: config.maxMessageBytes,
    backoff: DEFAULT_BACKOFF,
    breaker: DEFAULT_BREAKER,
    log: raftLog,
    ...(tls ? { tls } : {}),
  });
  const replica = new Replica<ReplicatedState>({
    metrics,
    id: config.id,
    peers: config.peers,
    storage,
    transport: isolation ? isolation.wrap(peerTransport) : peerTransport,
    clock,
    random: new CryptoRandom(),
    restore: (snap) => ReplicatedState.restore(stateConfig, snap.data),
    sealer,
    onFatal: () => process.exit(EXIT_FATAL),
    tickMs: config.tickMs,
    raft: {
      electionTicks: config.electionTicks,
      heartbeatTicks: config.heartbeatTicks,
      maxMessageBytes: config.maxMessageBytes,
      snapshotChunkBytes: config.maxMessageBytes,
    },
    snapshotEntries: config.snapshotEntries,
    keepEntries: config.keepEntries,
    maxPendingProposals: config.maxPendingProposals,
    // A peer is unreachable once nothing came from it for an election timeout (the
    // shortest one), the same patience Raft itself has; probes go out at twice the
    // heartbeat interval.
    probe: { intervalMs: 2 * config.heartbeatTicks * config.tickMs, windowMs: config.electionTicks * config.tickMs },
    log: raftLog,
  });
  const healingLog = log.child({ component: 'healing' });
  const journal = new EmergencyJournal({ facility: config.id, store: storage, clock, schedule: () => replica.appliedState().state.schedule });
  const healer = new Healer({
    facility: config.id,
    store: storage,
    replica,
    clock,
    intervalMs: HEALER_INTERVAL_MS,
    // A submission not in the log within a few election timeouts goes again (each write counts once).
    resubmitMs: 4 * config.electionTicks * config.tickMs,
    log: healingLog,
    metrics,
    canSign: () => registrar.problem() === undefined,
  });
  if (journal.entries().length > 0) healingLog.info({ writes: journal.entries().length }, 'emergency journal found; it goes into the log once a quorum is reachable');
  const policy = new WritePolicy(() => replica.partition());
  const ledgerLog = log.child({ component: 'ledger' });
  const registrar = new KeyRegistrar({
    facility: config.id,
    ...(identity ? { identity } : {}),
    keyring,
    forward: (data, cb) => replica.forward(data, cb),
    clock,
    intervalMs: KEY_REGISTRATION_INTERVAL_MS,
    log: ledgerLog,
  });
  const ledgerPeers = new GrpcLedgerPeers((f) => replica.addressOf(f), config.cluster, tls);
  const ledgerBook = () => replica.appliedState().state.ledger;
  const heads = new HeadWatch({
    cluster: config.cluster,
    facility: config.id,
    ...(identity ? { identity } : {}),
    ledger: ledgerBook,
    peers: ledgerPeers,
    clock,
    intervalMs: HEAD_EXCHANGE_INTERVAL_MS,
    timeoutMs: HEAD_EXCHANGE_INTERVAL_MS,
    report: (s) => void ledger.reportEvidence(s).catch((e: Error) => ledgerLog.warn({ err: e.message }, 'could not report evidence yet')),
    log: ledgerLog,
  });
  const divergence = new DivergenceWatch(() => replica.appliedState().state, ledgerLog);
  const ledger = new LedgerService({
    self: config.id,
    cluster: config.cluster,
    replica,
    policy,
    clock,
    peers: ledgerPeers,
    ...(identity ? { identity, signer: new VoteSigner(identity, config.cluster, storage) } : {}),
    registrar,
    heads,
    divergence,
    log: ledgerLog,
    metrics,
  });
  const service = new ScheduleService({ self: config.id, replica, policy, journal, clock, metrics, signingProblem: () => registrar.problem() });
  const server = await startServer({ replica, service, ledger, journal, ...(isolation ? { isolation } : {}) }, {
    self: config.id,
    cluster: config.cluster,
    listen: config.listen,
    maxMessageBytes: config.maxMessageBytes,
    log,
    metrics,
    ...(tls ? { tls } : {}),
  });
  const metricsServer = config.metricsListen ? await startMetricsServer(config.metricsListen, metrics.registry) : undefined;
  // The web page reads the node through its own gRPC API, like any client.
  const webServer = config.httpListen ? await startWebServer({ listen: config.httpListen, grpcAddress: dialable(config.listen, server.port), facilities: ids, log, ...(tls ? { tls: { material: tls, cluster: config.cluster, self: config.id } } : {}) }) : undefined;
  replica.start();
  healer.start();
  registrar.start();
  heads.start();
  divergence.check();
  const stopDivergence = replica.onApplied(() => divergence.check());
  const stopGauges = trackGauges(
    {
      status: () => replica.status(),
      pendingProposals: () => replica.pendingProposals(),
      partition: () => replica.partition(),
      conflicts: () => replica.appliedState().state.schedule.coverage().filter((r) => r.status.kind === 'conflict').length,
      ledger: () => ({
        entries: ledgerBook().head().seq,
        evidence: ledgerBook().evidence().length,
        splitViews: heads.splitViews().length,
        divergences: divergence.divergences().length,
      }),
    },
    metrics,
    clock,
  );
  const st = replica.status();
  log.info({ listen: config.listen, port: server.port, metrics: config.metricsListen ?? 'off', web: config.httpListen ? `http://${dialable(config.httpListen, webServer?.port ?? 0)}/` : 'off', dataDir: config.dataDir, term: st.term, commit: st.commit, applied: st.applied, members: st.conf }, 'rosterd started');

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    const began = performance.now();
    log.info({ signal }, 'shutting down');
    void (async () => {
      await webServer?.close();
      // No new calls, streams ended, a moment for unary calls in flight; then the replica
      // answers whatever still waits, before the last calls and the port are released.
      await server.drain();
      healer.stop();
      registrar.stop();
      heads.stop();
      stopDivergence();
      ledgerPeers.close();
      stopGauges();
      await replica.stop();
      await server.close();
      await metricsServer?.close();
      await storage.close();
      log.info({ ms: Math.round(performance.now() - began) }, 'stopped');
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`rosterd: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
