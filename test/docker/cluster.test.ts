/**
 * npm run test:docker: deploy/docker's three facilities as a user runs them, checked
 * from the host with the compiled rosterctl, and the leader cut off with the partition
 * suite's own nemesis code: each container's network namespace attached by
 * deploy/netns/cluster.sh (`ip netns attach`), then iptables DROP rules in it; or, with
 * TOXIPROXY_URL set and an image for the compose profile's Toxiproxy, the same scenario
 * through Toxiproxy.
 *
 * Needs root; installs docker.io, docker-compose, debootstrap, iptables and iproute2
 * when missing; starts a Docker engine when none runs (docker-host.ts: one that leaves
 * the host's firewall alone) and stops it by pid. The image builds on ROSTERD_BASE, or
 * else on the local base from deploy/docker/build-local-base.sh (built once, reused;
 * ROSTERD_REBUILD_BASE=1 builds it again), since no registry may be reachable.
 * Everything the test creates (containers, network, volumes, namespace attachments,
 * iptables rules, the engine) is removed afterwards, also when a test fails or the run
 * is interrupted; images are kept as a build cache.
 *
 * Not part of `npm test`, which needs no Docker.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { freePort, waitFor } from '../cluster/harness.ts';
import { isolateTheLeader, type NemesisContext } from '../partition/nemesis.ts';
import { downSync, iptablesFaults, ROOT, type NetnsScope } from '../partition/netns.ts';
import type { NetworkFaults } from '../partition/network-faults.ts';
import { freshSeed, SeededRandom } from '../partition/rng.ts';
import { TOXIPROXY_URL_ENV, toxiproxyFaults } from '../partition/toxiproxy.ts';
import { COMPOSE_SUBNET, ComposeCluster } from './compose-cluster.ts';
import { composeCommand, DockerHost, installTools, missingPrerequisites, run } from './docker-host.ts';

const PROJECT = 'rosterd-dockertest';
const LOCAL_BASE = 'rosterd-base:bookworm-node20';
/** cluster.sh's scope for the containers' namespaces: its own prefix, the compose network. */
const SCOPE: NetnsScope = { prefix: 'rosterdk-', subnet: COMPOSE_SUBNET };
const ROSTERCTL = path.join(ROOT, 'dist/cli/rosterctl.js');
const TOXIPROXY_URL = process.env[TOXIPROXY_URL_ENV];
/** Building the base and the image from nothing takes minutes; later runs reuse the cache. */
const SETUP_TIMEOUT_MS = 30 * 60_000;
const TEST_TIMEOUT_MS = 5 * 60_000;

const host = new DockerHost();
let cluster: ComposeCluster | undefined;
let net: NetworkFaults | undefined;
let endpoints = '';
/** Each facility's web page port on the host. */
const webPorts: Record<string, string> = {};
const seed = process.env['ROSTERD_DOCKER_SEED'] !== undefined ? Number(process.env['ROSTERD_DOCKER_SEED']) : freshSeed();

let cleanedUp = false;

/** Removes everything the test made, synchronously (exit and signal handlers too), once; never throws. */
function cleanUp(): void {
  if (cleanedUp) return;
  cleanedUp = true;
  try {
    cluster?.clients.close();
    cluster?.compose(['down', '-v', '--remove-orphans', '--timeout', '5']);
  } catch (e) {
    process.stderr.write(`docker test: compose down failed: ${(e as Error).message}\n`);
  }
  downSync(SCOPE);
  host.stopSync();
}
const onSignal = (signal: NodeJS.Signals): void => {
  cleanUp();
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
process.once('exit', cleanUp);

/** Runs the compiled rosterctl; resolves with its exit code and output. */
function rosterctl(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ROSTERCTL, ...args], { env: { ...process.env, ROSTER_ENDPOINTS: endpoints, ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr }),
    );
  });
}

async function peopleOn(c: ComposeCluster, id: string): Promise<string[]> {
  const r = await c.clients.call<{ people: { id: string }[] }>('roster', c.address(id), 'ListPeople', { read: { stale: true } }, 2000);
  return r.ok ? r.value.people.map((p) => p.id) : [];
}

before(
  async () => {
    const missing = missingPrerequisites();
    assert.deepEqual(missing, [], `the docker test cannot run here; missing:\n  - ${missing.join('\n  - ')}`);
    installTools();
    await host.start();
    const compose = composeCommand();
    assert.ok(compose, 'no compose: neither `docker compose` nor `docker-compose` works');
    let base = process.env['ROSTERD_BASE'];
    if (base === undefined) {
      base = LOCAL_BASE;
      let present = true;
      try {
        run('docker', ['image', 'inspect', LOCAL_BASE]);
      } catch {
        present = false;
      }
      if (!present || process.env['ROSTERD_REBUILD_BASE'] === '1') run('bash', [path.join(ROOT, 'deploy/docker/build-local-base.sh'), LOCAL_BASE], { timeoutMs: SETUP_TIMEOUT_MS });
    }
    const ports: Record<string, string> = {};
    for (const id of ['A', 'B', 'C']) {
      ports[`ROSTERD_PORT_${id}`] = String(await freePort());
      ports[`ROSTERD_METRICS_PORT_${id}`] = String(await freePort());
      ports[`ROSTERD_WEB_PORT_${id}`] = String(await freePort());
    }
    endpoints = ['A', 'B', 'C'].map((id) => `127.0.0.1:${ports[`ROSTERD_PORT_${id}`]}`).join(',');
    for (const id of ['A', 'B', 'C']) webPorts[id] = ports[`ROSTERD_WEB_PORT_${id}`]!;
    cluster = new ComposeCluster({
      compose,
      project: PROJECT,
      env: { ROSTERD_BASE: base, ...ports },
      ...(TOXIPROXY_URL ? { args: ['--profile', 'toxiproxy', '--env-file', path.join(ROOT, 'deploy/docker/toxiproxy.env')] } : {}),
    });
    // Leftovers of a run that died before its clean-up.
    downSync(SCOPE);
    cluster.compose(['down', '-v', '--remove-orphans', '--timeout', '5']);
    cluster.compose(['build'], SETUP_TIMEOUT_MS);
    cluster.compose(['up', '-d', '--no-build']);
    const c = cluster;
    await waitFor(() => c.ids.every((id) => c.health(id) === 'healthy'), 'every container healthy by its HEALTHCHECK (the gRPC health service)', 180_000);
    await waitFor(async () => (await c.leader()) !== undefined, 'a leader', 60_000);
    if (TOXIPROXY_URL) {
      net = toxiproxyFaults(TOXIPROXY_URL, c.ids);
    } else {
      const iptables = iptablesFaults(SCOPE);
      for (const id of c.ids) await iptables.attach(id, c.pid(id));
      net = iptables;
    }
    process.stdout.write(`docker test: seed ${seed}, faults by ${net.name}, base ${base}, endpoints ${endpoints}\n`);
  },
  { timeout: SETUP_TIMEOUT_MS },
);

after(() => {
  cleanUp();
});

test('three facilities in containers: rosterctl on the host sees one leader and every member, and a write reaches all three', { timeout: TEST_TIMEOUT_MS }, async () => {
  const c = cluster!;
  const status = await rosterctl(['status', '--json']);
  assert.equal(status.code, 0, status.stderr);
  const doc = JSON.parse(status.stdout) as { leader: string; members: { id: string; address: string; reachable: boolean }[] };
  assert.ok(c.ids.includes(doc.leader as 'A'), `leader ${doc.leader}`);
  assert.deepEqual(doc.members.map((m) => [m.id, m.address, m.reachable]), c.ids.map((id) => [id, c.address(id), true]));
  const add = await rosterctl(['person', 'add', 'd1', '--name', 'Dr Docker', '--role', 'resident', '--home', 'A']);
  assert.equal(add.code, 0, add.stderr);
  await waitFor(async () => (await Promise.all(c.ids.map((id) => peopleOn(c, id)))).every((people) => people.includes('d1')), 'd1 on every facility', 30_000);
  // Each node's web page is published on the host too.
  for (const id of c.ids) {
    const page = await fetch(`http://127.0.0.1:${webPorts[id]}/`);
    assert.equal(page.status, 200, `the web page of ${id}`);
    assert.match(await page.text(), /<html/i);
  }
});

test('the leader cut off inside its container: the other two elect a leader and take a write, and after the heal the old one catches up', { timeout: TEST_TIMEOUT_MS }, async () => {
  const c = cluster!;
  const events: string[] = [];
  const ctx: NemesisContext = { cluster: c, net: net!, rng: new SeededRandom(seed), now: () => Date.now(), log: (e) => events.push(e) };
  const old = await isolateTheLeader(ctx);
  const others = c.ids.filter((id) => id !== old);
  try {
    let next = '';
    await waitFor(
      async () => {
        const views = await Promise.all(others.map((id) => c.status(id)));
        const l = views[0]?.leader ?? '';
        next = others.includes(l as 'A') && views.every((v) => v?.leader === l) ? l : '';
        return next !== '';
      },
      `a new leader among ${others.join(', ')} while ${old} is cut off`,
      30_000,
    );
    const add = await rosterctl(['person', 'add', 'd2', '--name', 'Dr Majority', '--role', 'faculty', '--home', others[0]!], { ROSTER_ENDPOINTS: others.map((id) => c.address(id)).join(',') });
    assert.equal(add.code, 0, add.stderr);
    await waitFor(async () => (await c.status(old))?.partitionState === 'minority', `${old} to see itself in a minority`, 30_000);
    assert.ok(!(await peopleOn(c, old)).includes('d2'), `${old} applied a write while cut off`);
  } finally {
    await ctx.net.heal();
    events.push('heal');
  }
  await waitFor(async () => (await peopleOn(c, old)).includes('d2'), `${old} to catch up after the heal`, 30_000);
  await waitFor(
    async () => {
      const views = await Promise.all(c.ids.map((id) => c.status(id)));
      return views.every((v) => v !== undefined && v.leader !== '' && v.leader === views[0]?.leader);
    },
    'one leader agreed by all three after the heal',
    30_000,
  );
  const again = await rosterctl(['person', 'add', 'd3', '--name', 'Dr Healed', '--role', 'resident', '--home', old]);
  assert.equal(again.code, 0, again.stderr);
  process.stdout.write(`docker test: ${events.join('; ')}\n`);
});
