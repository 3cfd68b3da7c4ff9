/**
 * The ledger's export file, checked offline by `rosterctl ledger verify`: JSON Lines, so a
 * damaged line is named and the rest still read.
 *
 *   line 1: {"format":"rosterd-ledger-export/1","cluster":..,"facilities":[..],
 *            "keys":[{"facility","publicKey"(base64),"fingerprint"}],"head":{"seq","hash"},
 *            "exportedFrom":..,"appliedIndex":..}
 *   then one line per entry, {"entry":{...}} in sequence order (entry-json.ts),
 *   then one line per evidence record, {"evidence":{...}}.
 *
 * Verification needs nothing but the file and the facilities' public keys: the keys in
 * the file, or, better, keys the auditor trusts from elsewhere (`--keys`), since whoever
 * could rewrite the ledger could rewrite the keys beside it.
 */
import { verifyChain, type LedgerEntry, type LedgerHead } from './chain.ts';
import {
  entryFromJson,
  entryToJson,
  evidenceFromJson,
  evidenceToJson,
  jsonList,
  jsonObject,
  jsonString,
  jsonUint,
  LedgerJsonError,
  publicKeyFromJson,
  publicKeyToJson,
} from './entry-json.ts';
import { evidenceId, evidenceProblem, type EvidenceRecord } from './evidence.ts';
import { fingerprint } from './identity.ts';
import { sameBytes } from './merkle.ts';

export const EXPORT_FORMAT = 'rosterd-ledger-export/1';

export interface ExportKey {
  readonly facility: string;
  readonly publicKey: Buffer;
}

export interface LedgerExport {
  readonly cluster: string;
  readonly facilities: readonly string[];
  readonly keys: readonly ExportKey[];
  readonly head: LedgerHead;
  readonly exportedFrom: string;
  readonly appliedIndex: number;
  readonly entries: readonly LedgerEntry[];
  readonly evidence: readonly EvidenceRecord[];
}

/** The export file's text. */
export function formatExport(x: LedgerExport): string {
  const header = {
    format: EXPORT_FORMAT,
    cluster: x.cluster,
    facilities: [...x.facilities],
    keys: x.keys.map((k) => ({ facility: k.facility, publicKey: publicKeyToJson(k.publicKey), fingerprint: fingerprint(k.publicKey) })),
    head: { seq: x.head.seq, hash: x.head.hash.toString('hex') },
    exportedFrom: x.exportedFrom,
    appliedIndex: x.appliedIndex,
  };
  const lines = [JSON.stringify(header), ...x.entries.map((e) => JSON.stringify({ entry: entryToJson(e) })), ...x.evidence.map((e) => JSON.stringify({ evidence: evidenceToJson(e) }))];
  return `${lines.join('\n')}\n`;
}

/** What verification found. */
export type ExportVerdict =
  | { readonly ok: true; readonly entries: number; readonly evidence: number; readonly head: LedgerHead; readonly keysFrom: 'file' | 'trusted' }
  /** `line`: 1-based line of the file; `seq`: the entry's sequence when it could be read. */
  | { readonly ok: false; readonly line: number; readonly seq: number | undefined; readonly problem: string };

/**
 * Checks an export: its header, every entry (the hash chain from the genesis hash, each
 * hash, each commitment's signatures, chain.ts), the head it claims, and every evidence
 * record. Keys come from `trusted` when given (a file's keys that differ from them are a
 * failure), else from the file. Stops at the first problem and names its line and entry.
 */
export function verifyExport(text: string, trusted?: ReadonlyMap<string, Uint8Array>): ExportVerdict {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const fail = (line: number, seq: number | undefined, problem: string): ExportVerdict => ({ ok: false, line, seq, problem });
  if (lines.length === 0) return fail(1, undefined, 'the file is empty');
  let header: Record<string, unknown>;
  try {
    header = jsonObject(JSON.parse(lines[0]!), 'header');
    if (header.format !== EXPORT_FORMAT) return fail(1, undefined, `not a ledger export (format ${JSON.stringify(header.format)}, expected ${EXPORT_FORMAT})`);
  } catch (e) {
    return fail(1, undefined, `the header is not readable: ${(e as Error).message}`);
  }
  let cluster: string;
  let facilities: string[];
  let claimedHead: { seq: number; hash: string };
  const keys = new Map<string, Uint8Array>();
  try {
    cluster = jsonString(header, 'cluster', 'header');
    facilities = jsonList(header.facilities, 'header.facilities').map((f, i) => {
      if (typeof f !== 'string') throw new LedgerJsonError(`header.facilities[${i}]: not a string`);
      return f;
    });
    for (const [i, k] of jsonList(header.keys, 'header.keys').entries()) {
      const o = jsonObject(k, `header.keys[${i}]`);
      keys.set(jsonString(o, 'facility', `header.keys[${i}]`), publicKeyFromJson(o, 'publicKey', `header.keys[${i}]`));
    }
    const head = jsonObject(header.head, 'header.head');
    claimedHead = { seq: jsonUint(head, 'seq', 'header.head'), hash: jsonString(head, 'hash', 'header.head') };
  } catch (e) {
    return fail(1, undefined, (e as Error).message);
  }
  if (trusted) {
    for (const [facility, key] of keys) {
      const t = trusted.get(facility);
      if (t && !sameBytes(t, key)) return fail(1, undefined, `the file's key for ${facility} (${fingerprint(key)}) is not the trusted one (${fingerprint(t)})`);
    }
  }
  const keyOf = (f: string): Uint8Array | undefined => (trusted ? trusted.get(f) : keys.get(f));
  const entries: LedgerEntry[] = [];
  const evidence: { line: number; record: EvidenceRecord }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    let o: Record<string, unknown>;
    try {
      o = jsonObject(JSON.parse(lines[i]!), `line ${line}`);
    } catch (e) {
      return fail(line, entries.length > 0 ? entries[entries.length - 1]!.seq + 1 : 1, `the line is not readable JSON (${(e as Error).message}): the entry after ${entries.length > 0 ? `entry ${entries[entries.length - 1]!.seq}` : 'the header'} was damaged`);
    }
    try {
      if ('entry' in o) {
        if (evidence.length > 0) return fail(line, undefined, 'an entry after the evidence records');
        entries.push(entryFromJson(o.entry, `line ${line}`));
      } else if ('evidence' in o) evidence.push({ line, record: evidenceFromJson(o.evidence, `line ${line}`) });
      else return fail(line, undefined, 'neither an entry nor an evidence record');
    } catch (e) {
      return fail(line, undefined, (e as Error).message);
    }
  }
  const verdict = verifyChain(cluster, facilities, keyOf, entries);
  if (!verdict.ok) return fail(verdict.position + 1, verdict.seq, `entry ${verdict.seq}: ${verdict.problem}`);
  if (verdict.head.seq !== claimedHead.seq || verdict.head.hash.toString('hex') !== claimedHead.hash) {
    return fail(1, undefined, `the header claims head ${claimedHead.seq} (${claimedHead.hash.slice(0, 12)}…), the entries end at ${verdict.head.seq} (${verdict.head.hash.toString('hex').slice(0, 12)}…): entries were removed or added at the end`);
  }
  for (const { line, record } of evidence) {
    const problem = evidenceProblem(cluster, record.statements, keyOf);
    if (problem) return fail(line, undefined, `evidence ${record.id}: ${problem}`);
    if (evidenceId(cluster, record.statements) !== record.id) return fail(line, undefined, `evidence ${record.id}: its id does not match its statements`);
  }
  return { ok: true, entries: entries.length, evidence: evidence.length, head: verdict.head, keysFrom: trusted ? 'trusted' : 'file' };
}
