import type { Command } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { CliError, usageError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { action, type Environment, type ExitSink, type Invocation } from '../invocation.ts';
import { renderTable, UNKNOWN_CELL } from '../output.ts';
import { parseEndpoint } from '../endpoints.ts';
import { Admin, Ledger } from '../protos.ts';
import { checkId, checkIndex } from '../validate.ts';
// The modules themselves, not the folder's index: rosterctl must not load the log-entry
// codec (protobufjs), which only the daemon needs.
import type { LedgerEntry } from '../../node/ledger/chain.ts';
import { statementsFromWire, type EvidenceRecord } from '../../node/ledger/evidence.ts';
import { formatExport, verifyExport } from '../../node/ledger/export-format.ts';
import { parsePublicKey } from '../../node/ledger/identity.ts';
import type { Evidence__Output, FacilityKey__Output, GetLedgerReply__Output, LedgerEntry__Output } from '../../node/wire/generated/rosterd/ledger/v1/index.ts';

/** Entries per page when exporting (the server's largest page). */
const EXPORT_PAGE = 10_000;
/** How long each member gets to send its signed head during verify. */
const HEAD_PROBE_TIMEOUT_MS = 1000;

const short = (b: Uint8Array): string => Buffer.from(b).toString('hex').slice(0, 12);

function entryJson(e: LedgerEntry__Output): Record<string, unknown> {
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  return {
    seq: e.seq,
    block: e.block,
    version: e.version,
    digest: hex(e.digest),
    prevHash: hex(e.prevHash),
    hash: hex(e.hash),
    timeMs: e.timeMs,
    proposer: e.proposer,
    index: e.index,
    signedBy: e.votes.map((v) => v.facility),
    dissent: e.dissent.map((d) => ({ facility: d.facility, reason: d.reason, digest: d.vote ? hex(d.vote.digest) : null })),
  };
}

function describeCommit(e: LedgerEntry__Output, appended: boolean): string {
  const dissent = e.dissent.length > 0 ? `; dissent: ${e.dissent.map((d) => `${d.facility} (${d.reason})`).join('; ')}` : '';
  return `${appended ? 'committed' : 'already committed:'} block ${e.block} version ${e.version} as ledger entry ${e.seq} (hash ${short(e.hash)}…, digest ${short(e.digest)}…), signed by ${e.votes.map((v) => v.facility).join(', ')}${dissent}`;
}

function keyJson(k: FacilityKey__Output): Record<string, unknown> {
  return { facility: k.facility, publicKey: `ed25519:${Buffer.from(k.publicKey).toString('base64')}`, fingerprint: k.fingerprint, registeredAt: k.registeredAt, voter: k.voter };
}

function evidenceJson(e: Evidence__Output): Record<string, unknown> {
  return { id: e.id, facility: e.facility, kind: e.kind, detail: e.detail, index: e.index, reportedBy: e.reportedBy };
}

/** Reads trusted keys: lines or commas of ID=ed25519:<base64> (the --peer-keys form), or `rosterctl keys --json` output. */
async function readKeys(file: string): Promise<Map<string, Uint8Array>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw usageError(`--keys: cannot read ${file} (${(e as Error).message})`);
  }
  const keys = new Map<string, Uint8Array>();
  const add = (facility: string, key: string): void => {
    try {
      keys.set(facility, parsePublicKey(key));
    } catch (e) {
      throw usageError(`--keys: ${facility}: ${(e as Error).message}`);
    }
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: { keys?: { facility?: unknown; publicKey?: unknown }[] };
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw usageError(`--keys: ${file} is not JSON (${(e as Error).message})`);
    }
    for (const k of parsed.keys ?? []) if (typeof k.facility === 'string' && typeof k.publicKey === 'string') add(k.facility, k.publicKey);
  } else {
    for (const part of trimmed.split(/[,\n]/).map((p) => p.trim()).filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw usageError(`--keys: "${part.slice(0, 40)}" is not ID=ed25519:<base64>`);
      add(part.slice(0, eq), part.slice(eq + 1));
    }
  }
  if (keys.size === 0) throw usageError(`--keys: ${file} names no keys`);
  return keys;
}

/** The whole ledger, page by page, with its keys and facilities, as an export's text. */
async function exportText(inv: Invocation, stale: boolean): Promise<{ text: string; entries: number; exportedFrom: string }> {
  const rpc = inv.rpc();
  const entries: LedgerEntry__Output[] = [];
  let from = 1;
  let first: Awaited<ReturnType<typeof rpc.call<unknown, GetLedgerReply__Output>>> | undefined;
  for (;;) {
    const page = await rpc.call(Ledger.GetLedger, { fromSeq: from, limit: EXPORT_PAGE, block: '', stale });
    first ??= page;
    // Pages of a live ledger may come from a longer ledger than the first: cut at the first page's head.
    for (const e of page.entries) if (e.seq <= first.headSeq) entries.push(e);
    if (page.nextSeq === 0 || page.nextSeq > first.headSeq) break;
    from = page.nextSeq;
  }
  const evidence = await rpc.call(Ledger.ListEvidence, { stale });
  const status = await rpc.call(Admin.Status, {});
  const head = entries.length > 0 ? { seq: entries[entries.length - 1]!.seq, hash: Buffer.from(entries[entries.length - 1]!.hash) } : { seq: first.headSeq, hash: Buffer.from(first.headHash) };
  const text = formatExport({
    cluster: first.cluster,
    facilities: first.facilities,
    keys: first.keys.map((k) => ({ facility: k.facility, publicKey: Buffer.from(k.publicKey) })),
    head,
    exportedFrom: status.id,
    appliedIndex: first.appliedIndex,
    entries: entries as LedgerEntry[],
    evidence: evidence.evidence.flatMap((e): EvidenceRecord[] => {
      const statements = statementsFromWire(e.statements);
      return statements ? [{ id: e.id, facility: e.facility, statements, index: e.index, reportedBy: e.reportedBy, detail: e.detail }] : [];
    }),
  });
  return { text, entries: entries.length, exportedFrom: status.id };
}

interface HeadView {
  id: string;
  address: string;
  seq: number | null;
  hash: string | null;
  agrees: boolean | null;
  detail: string;
}

/** Every member's signed head, compared with the export's entries (and so with each other). */
async function compareHeads(inv: Invocation, entries: ReadonlyMap<number, string>, exportHead: number): Promise<HeadView[]> {
  const rpc = inv.rpc();
  const members = await rpc.call(Admin.Members, {});
  return Promise.all(
    members.members.map(async (m): Promise<HeadView> => {
      if (parseEndpoint(m.address) === null) return { id: m.id, address: m.address, seq: null, hash: null, agrees: null, detail: 'no usable address' };
      const a = await rpc.probe(m.address, Ledger.GetHead, {}, HEAD_PROBE_TIMEOUT_MS);
      if (!a.ok || !a.value.head) return { id: m.id, address: m.address, seq: null, hash: null, agrees: null, detail: 'did not answer' };
      const h = a.value.head;
      const hash = Buffer.from(h.hash).toString('hex');
      const splits = a.value.splitViews.map((s) => s.facility);
      const note = [splits.length > 0 ? `it reports split views with ${splits.join(', ')}` : '', a.value.divergences.length > 0 ? `its own state diverges on ${a.value.divergences.map((d) => d.block).join(', ')}` : '']
        .filter(Boolean)
        .join('; ');
      if (h.seq > exportHead) return { id: m.id, address: m.address, seq: h.seq, hash, agrees: null, detail: `ahead of the export (entry ${h.seq}): export again to compare${note ? `; ${note}` : ''}` };
      // An empty ledger (seq 0) agrees with every ledger of its cluster; a shorter one is behind, not split.
      const agrees = h.seq === 0 || entries.get(h.seq) === hash;
      const detail = !agrees ? `its entry ${h.seq} is not the export's: a split view` : h.seq < exportHead ? `behind the export, agrees up to entry ${h.seq}` : 'matches the export';
      return { id: m.id, address: m.address, seq: h.seq, hash, agrees, detail: detail + (note ? `; ${note}` : '') };
    }),
  );
}

/** `keys`, `commit`, `ledger show|export|verify`, `evidence list`. */
export function registerLedger(program: Command, environment: Environment, setExit: ExitSink): void {
  program
    .command('keys')
    .description("the facilities' public keys (with fingerprints) that every signature is checked against, this node's own, and the quorum rule")
    .option('--stale', "serve from the answering node's state (works in a minority too)")
    .action(
      action<{ stale: boolean }>(environment, setExit, {
        parse: (_args, o) => ({ stale: o['stale'] === true }),
        run: async (inv, plan) => {
          const r = await inv.rpc().call(Ledger.ListKeys, { stale: plan.stale });
          inv.out.result(
            { keys: r.keys.map(keyJson), self: r.self ? keyJson(r.self) : null, facilities: r.facilities, faultsDetected: r.faultsDetected, quorum: r.quorum, selfProblem: r.selfProblem },
            () => {
              const table = renderTable(
                ['FACILITY', 'FINGERPRINT', 'REGISTERED', 'VOTES'],
                r.keys.map((k) => [k.facility, k.fingerprint, k.registeredAt === 0 ? 'genesis' : `index ${k.registeredAt}`, k.voter ? 'yes' : 'no']),
              );
              const rule =
                `${r.facilities} facilities: a commitment needs ${r.quorum} signatures on one digest` +
                (r.faultsDetected === 0 ? ' (no facility can finalize alone; a lying facility is caught with proof, but not outvoted: that needs four facilities)' : ` (outvotes up to ${r.faultsDetected} lying ${r.faultsDetected === 1 ? 'facility' : 'facilities'})`);
              const self = r.self ? `this node: ${r.self.facility} ${r.self.fingerprint}${r.selfProblem ? `\nproblem: ${r.selfProblem}` : ''}` : `this node runs without a key${r.selfProblem ? `\nproblem: ${r.selfProblem}` : ''}`;
              return `${table}\n${rule}\n${self}`;
            },
          );
        },
      }),
    );

  program
    .command('commit')
    .description(
      "commit a block's current schedule to the ledger: every facility signs its own digest of the block, and once a quorum signed one digest the entry is appended " +
        '(a final approval: refused in a minority; a facility that disagrees is recorded as dissent)',
    )
    .requiredOption('--block <id>', 'block id')
    .action(
      action<{ block: string }>(environment, setExit, {
        parse: (_args, o) => ({ block: checkId('--block', String(o['block'])) }),
        run: async (inv, plan) => {
          const r = await inv.rpc().call(Ledger.Commit, { block: plan.block });
          const e = r.entry;
          if (!e) throw new CliError('INTERNAL', 'the server answered without an entry', ExitCode.SERVER_ERROR);
          inv.out.result({ appended: r.appended, detail: r.detail, entry: entryJson(e) }, () => describeCommit(e, r.appended));
        },
      }),
    );

  const ledger = program.command('ledger').description('the hash-chained ledger of schedule commitments');
  ledger
    .command('show')
    .description('the ledger entries: block, version, digest, who signed and who dissented')
    .option('--block <id>', "only this block's commitments")
    .option('--from <seq>', 'first entry (default 1)')
    .option('--limit <n>', 'at most this many entries (default 1000)')
    .option('--stale', "serve from the answering node's state (works in a minority too)")
    .action(
      action<{ block: string; from: number; limit: number; stale: boolean }>(environment, setExit, {
        parse: (_args, o) => ({
          block: o['block'] === undefined ? '' : checkId('--block', String(o['block'])),
          from: o['from'] === undefined ? 1 : checkIndex('--from', String(o['from'])),
          limit: o['limit'] === undefined ? 1000 : Math.min(checkIndex('--limit', String(o['limit'])), 10_000),
          stale: o['stale'] === true,
        }),
        run: async (inv, plan) => {
          const r = await inv.rpc().call(Ledger.GetLedger, { fromSeq: plan.from, limit: plan.limit, block: plan.block, stale: plan.stale });
          inv.out.result({ entries: r.entries.map(entryJson), headSeq: r.headSeq, headHash: Buffer.from(r.headHash).toString('hex'), nextSeq: r.nextSeq }, () => {
            const head = `head: entry ${r.headSeq} (${short(r.headHash)}…)${r.nextSeq ? `; more from --from ${r.nextSeq}` : ''}`;
            if (r.entries.length === 0) return `no entries\n${head}`;
            const table = renderTable(
              ['SEQ', 'BLOCK', 'VERSION', 'DIGEST', 'SIGNED BY', 'DISSENT', 'HASH'],
              r.entries.map((e) => [e.seq, e.block, e.version, `${short(e.digest)}…`, e.votes.map((v) => v.facility).join(','), e.dissent.map((d) => d.facility).join(',') || '-', `${short(e.hash)}…`]),
            );
            return `${table}\n${head}`;
          });
        },
      }),
    );

  ledger
    .command('export')
    .description('the whole ledger, its keys and its evidence as a file that `ledger verify` checks offline (JSON Lines)')
    .option('--output <file>', 'write it here (default: standard output)')
    .option('--stale', "serve from the answering node's state (works in a minority too)")
    .action(
      action<{ output: string | undefined; stale: boolean }>(environment, setExit, {
        parse: (_args, o) => ({ output: o['output'] === undefined ? undefined : String(o['output']), stale: o['stale'] === true }),
        run: async (inv, plan) => {
          const x = await exportText(inv, plan.stale);
          if (plan.output === undefined) {
            environment.sink.stdout(x.text);
            return;
          }
          try {
            await writeFile(plan.output, x.text);
          } catch (e) {
            throw new CliError('INVALID_ARGUMENT', `--output: cannot write ${plan.output} (${(e as Error).message})`, ExitCode.BAD_INPUT);
          }
          inv.out.result({ file: plan.output, entries: x.entries, exportedFrom: x.exportedFrom }, () => `exported ${x.entries} entries from ${x.exportedFrom} to ${plan.output}`);
        },
      }),
    );

  ledger
    .command('verify')
    .description(
      'check an exported ledger offline: the hash chain, every hash and every signature (exit 1 naming the first bad entry); ' +
        "then compare it with the signed heads of the live members (skip with --offline)",
    )
    .requiredOption('--file <file>', 'the export (rosterctl ledger export)')
    .option('--keys <file>', "trusted public keys, ID=ed25519:<base64> per line (or `rosterctl keys --json` output); default: the keys in the file")
    .option('--offline', 'do not contact the cluster')
    .action(
      action<{ file: string; keys: string | undefined; offline: boolean }>(environment, setExit, {
        parse: (_args, o) => ({ file: String(o['file']), keys: o['keys'] === undefined ? undefined : String(o['keys']), offline: o['offline'] === true }),
        run: async (inv, plan) => {
          let text: string;
          try {
            text = await readFile(plan.file, 'utf8');
          } catch (e) {
            throw usageError(`--file: cannot read ${plan.file} (${(e as Error).message})`);
          }
          const trusted = plan.keys === undefined ? undefined : await readKeys(plan.keys);
          const started = performance.now();
          const verdict = verifyExport(text, trusted);
          const ms = performance.now() - started;
          if (!verdict.ok) {
            const where = verdict.seq === undefined ? `line ${verdict.line}` : `entry ${verdict.seq} (line ${verdict.line})`;
            throw new CliError('FAILED_PRECONDITION', `${plan.file}: verification failed at ${where}: ${verdict.problem}`, ExitCode.REFUSED);
          }
          const summary = `${plan.file}: ${verdict.entries} entries and ${verdict.evidence} evidence records verify (head ${verdict.head.seq}, ${short(verdict.head.hash)}…; keys from ${verdict.keysFrom === 'trusted' ? plan.keys : 'the file itself: pass --keys to check them against keys you trust'}; ${ms.toFixed(0)} ms)`;
          if (plan.offline) {
            inv.out.result({ ok: true, entries: verdict.entries, evidence: verdict.evidence, head: verdict.head.seq, keysFrom: verdict.keysFrom, ms }, () => summary);
            return;
          }
          const hashes = new Map<number, string>();
          for (const line of text.split('\n').slice(1)) {
            if (!line.startsWith('{"entry"')) continue;
            const e = (JSON.parse(line) as { entry: { seq: number; hash: string } }).entry;
            hashes.set(e.seq, e.hash);
          }
          const heads = await compareHeads(inv, hashes, verdict.head.seq);
          const split = heads.filter((h) => h.agrees === false);
          inv.out.result({ ok: split.length === 0, entries: verdict.entries, evidence: verdict.evidence, head: verdict.head.seq, keysFrom: verdict.keysFrom, ms, heads }, () => {
            const table = renderTable(
              ['MEMBER', 'HEAD', 'HASH', 'AGREES'],
              heads.map((h) => [h.id, h.seq ?? UNKNOWN_CELL, h.hash ? `${h.hash.slice(0, 12)}…` : UNKNOWN_CELL, `${h.agrees === null ? '-' : h.agrees ? 'yes' : 'NO'} (${h.detail})`]),
            );
            return `${summary}\n${table}`;
          });
          if (split.length > 0) throw new CliError('FAILED_PRECONDITION', `split view: ${split.map((h) => h.id).join(', ')} signed a head that disagrees with the export`, ExitCode.REFUSED);
        },
      }),
    );

  program
    .command('evidence')
    .description('proof of lying facilities')
    .command('list')
    .description('evidence recorded against facilities that signed two things that cannot both be true (two digests for one block version, two heads at one sequence)')
    .option('--stale', "serve from the answering node's state (works in a minority too)")
    .action(
      action<{ stale: boolean }>(environment, setExit, {
        parse: (_args, o) => ({ stale: o['stale'] === true }),
        run: async (inv, plan) => {
          const r = await inv.rpc().call(Ledger.ListEvidence, { stale: plan.stale });
          inv.out.result({ evidence: r.evidence.map(evidenceJson) }, () => {
            if (r.evidence.length === 0) return 'no evidence';
            return renderTable(
              ['ID', 'FACILITY', 'KIND', 'DETAIL', 'REPORTED BY', 'INDEX'],
              r.evidence.map((e) => [`${e.id.slice(0, 12)}…`, e.facility, e.kind, e.detail, e.reportedBy, e.index]),
            );
          });
        },
      }),
    );
}
