import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { GrpcTransport, type Transport } from '../../cli/client.ts';
import { clientPackageDefinition } from '../../node/server/protos.ts';
import { runInProcess } from '../cli/run-cli.ts';
import { Cluster } from './harness.ts';

// Backpressure under a surge: nodes run with a small proposal queue
// (--max-pending-proposals 8) and get 10x that many concurrent writes, each from its own
// connection (as separate coordinators would). Every write must either be acknowledged
// and then present on every node, or be refused at once with RESOURCE_EXHAUSTED and a
// retry-after hint and be absent; none may be lost. rosterctl, honouring the hint,
// gets every write of a surge through within its deadline, each applied once.
//
// The election timeout is long here (2-4 s): a loaded machine that delays a heartbeat
// must not move leadership in the middle of a surge, or the surge would measure
// elections, not backpressure. Should the leader move all the same, its waiting writes
// are answered at once with UNAVAILABLE and an unknown outcome (never left to the
// client's deadline), and the test checks exactly that.

const QUEUE = 8;
const SURGE = 10 * QUEUE;
const SURGES = 4;

const pkg = grpc.loadPackageDefinition(clientPackageDefinition) as unknown as {
  rosterd: { v1: { Roster: new (address: string, creds: grpc.ChannelCredentials, options: object) => grpc.Client & Record<string, Function> } };
};

interface Outcome {
  readonly id: string;
  readonly ok: boolean;
  readonly code?: grpc.status;
  readonly retryAfterMs?: string;
  readonly outcome?: string;
  readonly details?: string;
}

let c: Cluster;
before(async () => {
  c = await Cluster.start({ flags: ['--max-pending-proposals', String(QUEUE), '--election-ticks', '100', '--heartbeat-ticks', '5'] });
});
after(async () => {
  await c?.stop();
});

/** SURGE concurrent AddBlock calls at `address`, one connection each, released together. */
async function surge(address: string, prefix: string): Promise<Outcome[]> {
  const clients = Array.from({ length: SURGE }, () => new pkg.rosterd.v1.Roster(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }));
  try {
    await Promise.all(clients.map((client) => new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 10_000, (e?: Error) => (e ? reject(e) : resolve())))));
    return await Promise.all(
      clients.map(
        (client, i) =>
          new Promise<Outcome>((resolve) => {
            const id = `${prefix}-${i}`;
            client['AddBlock']!(
              { header: { requestId: id }, block: { id, start: '2026-03-01', end: '2026-03-02' } },
              { deadline: Date.now() + 15_000 },
              (err: grpc.ServiceError | null) => {
                if (!err) return resolve({ id, ok: true });
                const retryAfter = err.metadata?.get('x-roster-retry-after-ms')[0];
                const outcome = err.metadata?.get('x-roster-outcome')[0];
                resolve({
                  id,
                  ok: false,
                  code: err.code,
                  details: err.details,
                  ...(retryAfter !== undefined ? { retryAfterMs: String(retryAfter) } : {}),
                  ...(outcome !== undefined ? { outcome: String(outcome) } : {}),
                });
              },
            );
          }),
      ),
    );
  } finally {
    for (const client of clients) client.close();
  }
}

async function blocksOn(id: string): Promise<Set<string>> {
  const r = await c.node(id).call('roster', 'ListBlocks', { read: { stale: false } }, 10_000);
  assert.ok(r.ok, JSON.stringify(r));
  return new Set((r.value.blocks as { id: string }[]).map((b) => b.id));
}

async function term(id: string): Promise<number> {
  const r = await c.node(id).call('admin', 'Status', {}, 10_000);
  assert.ok(r.ok, JSON.stringify(r));
  return Number(r.value.term);
}

test(`a surge of ${SURGE} writes against a queue of ${QUEUE}: every write is acknowledged or refused with retry-after, none is lost`, async () => {
  const leader = await c.waitForLeader();
  const termBefore = await term(leader);
  const all: Outcome[] = [];
  const perSurge: string[] = [];
  for (let s = 0; s < SURGES; s++) {
    const outcomes = await surge(c.node(leader).address, `surge${s}`);
    all.push(...outcomes);
    const accepted = outcomes.filter((o) => o.ok).length;
    const refused = outcomes.filter((o) => !o.ok && o.code === grpc.status.RESOURCE_EXHAUSTED).length;
    perSurge.push(`surge ${s + 1}: ${accepted} accepted, ${refused} refused with retry-after`);
  }
  const leaderMoved = (await term(leader)) !== termBefore;
  const accepted = all.filter((o) => o.ok);
  const unknown = all.filter((o) => !o.ok && o.code === grpc.status.UNAVAILABLE && o.outcome === 'unknown');
  const refused = all.filter((o) => !o.ok && !unknown.includes(o));
  // No write is left waiting for its deadline, whatever happens to leadership.
  assert.deepEqual(all.filter((o) => o.code === grpc.status.DEADLINE_EXCEEDED).map((o) => `${o.id}: ${o.details}`), []);
  // An unknown outcome only comes from a leader that stopped leading mid-surge.
  if (!leaderMoved) assert.deepEqual(unknown.map((o) => `${o.id}: ${o.details}`), [], 'outcome unknown without a leader change');
  // Every refusal says so: RESOURCE_EXHAUSTED with a usable retry-after hint.
  for (const o of refused) {
    assert.equal(o.code, grpc.status.RESOURCE_EXHAUSTED, `${o.id}: ${o.details}`);
    assert.ok(Number(o.retryAfterMs) > 0, `${o.id} has no retry-after hint`);
    assert.match(o.details ?? '', /pending|retry/);
  }
  // Nothing lost, nothing refused slipped in: check every node.
  let lost = 0;
  for (const id of c.nodes.keys()) {
    const have = await blocksOn(id);
    const missing = accepted.filter((o) => !have.has(o.id));
    lost = Math.max(lost, missing.length);
    assert.deepEqual(missing.map((o) => o.id), [], `node ${id} lost acknowledged writes`);
    assert.deepEqual(refused.filter((o) => have.has(o.id)).map((o) => o.id), [], `node ${id} applied writes it refused`);
  }
  const summary =
    `${SURGES} surges of ${SURGE} writes (queue ${QUEUE}): ${accepted.length} accepted, ${refused.length} refused with retry-after, ` +
    `${unknown.length} unknown (leader moved: ${leaderMoved}), ${lost} lost [${perSurge.join('; ')}]`;
  console.log(`# backpressure: ${summary}`);
  assert.ok(refused.length > 0, `no surge hit backpressure: ${summary}`);
  assert.equal(lost, 0);
});

test('rosterctl honours retry-after: a surge through the CLI gets every write applied exactly once within the deadline', async () => {
  let busy = 0;
  const counting = (): Transport => {
    const inner = new GrpcTransport();
    return {
      unary: async (address, method, request, limits) => {
        const r = await inner.unary(address, method, request, limits);
        if (!r.ok && r.failure.code === grpc.status.RESOURCE_EXHAUSTED) busy++;
        return r;
      },
      close: () => inner.close(),
    };
  };
  const endpoints = [...c.nodes.values()].map((n) => n.address).join(',');
  const runs = await Promise.all(
    Array.from({ length: SURGE }, (_, i) =>
      runInProcess(['--json', '--timeout', '20000', '--endpoints', endpoints, 'block', 'add', `cli-${i}`, '--start', '2026-04-01', '--end', '2026-04-02', '--request-id', `cli-${i}`], {
        transport: counting,
      }),
    ),
  );
  for (const [i, r] of runs.entries()) assert.equal(r.code, 0, `cli-${i}: ${r.stdout}${r.stderr}`);
  const indexes = runs.map((r) => (JSON.parse(r.stdout) as { index: number }).index);
  assert.equal(new Set(indexes).size, SURGE, 'each write has its own log index');
  for (const id of c.nodes.keys()) {
    const have = await blocksOn(id);
    assert.equal([...have].filter((b) => b.startsWith('cli-')).length, SURGE, `node ${id}`);
  }
  console.log(`# backpressure: rosterctl surge of ${SURGE}: all ${SURGE} applied; ${busy} attempts were refused with retry-after and retried`);
});

test(`a burst of ${SURGE} writes on one connection never has more than about ${QUEUE} proposals accepted at once`, async () => {
  // They arrive within a turn or two of the event loop, long before the first commit:
  // a bound checked when the proposal reaches the Raft core (not when it arrives) let
  // all of them through.
  const leader = await c.waitForLeader();
  const client = new pkg.rosterd.v1.Roster(c.node(leader).address, grpc.credentials.createInsecure(), {});
  try {
    await new Promise<void>((resolve, reject) => client.waitForReady(Date.now() + 10_000, (e?: Error) => (e ? reject(e) : resolve())));
    const results = await Promise.all(
      Array.from(
        { length: SURGE },
        (_, i) =>
          new Promise<boolean>((resolve) =>
            client['AddBlock']!(
              { header: { requestId: `burst-${i}` }, block: { id: `burst-${i}`, start: '2026-03-01', end: '2026-03-02' } },
              { deadline: Date.now() + 15_000 },
              (err: grpc.ServiceError | null) => resolve(!err),
            ),
          ),
      ),
    );
    const accepted = results.filter(Boolean).length;
    assert.ok(accepted >= 1, 'some writes must be accepted');
    assert.ok(accepted <= 2 * QUEUE, `${accepted} of a burst of ${SURGE} were accepted against a queue of ${QUEUE}`);
  } finally {
    client.close();
  }
});
