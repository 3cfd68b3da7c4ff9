/**
 * node/ledger owns the Byzantine checks: facility identities (Ed25519 keys), the
 * signatures on every log entry, schedule commitments signed by a quorum of facilities,
 * the hash-chained ledger that records them, signed ledger heads, and evidence against a
 * facility that signs two things that cannot both be true.
 *
 * The replicated parts (LedgerBook, Keyring, the chain rules) are pure and
 * deterministic, applied from the log by node/replica's ReplicatedState. The drivers
 * here (key file, vote signer's store, commitment coordinator, head exchange) reach the
 * disk and the peers only through the ports they are given. This folder must not decide
 * anything about the schedule's rules (node/schedule does) or talk gRPC itself
 * (node/server and node/transport do).
 */
export { CanonicalBytes } from './canonical-bytes.ts';
export { FacilityIdentity, fingerprint, formatPublicKey, parsePublicKey, verifySignature, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from './identity.ts';
export { commitQuorum, faultsTolerated } from './quorum.ts';
export { leafHash, merkleTree, nodeHash, rootFromPath, sameBytes, HASH_BYTES } from './merkle.ts';
export { decodePayload, encodePayload, PayloadDecodeError, type LogPayload } from './codec.ts';
export { openEntry, sealBatch, batchHeadBytes, scheduleCommandOf, SignatureChecker, ENTRY_MAGIC, type OpenedEntry } from './signed-entry.ts';
export { Keyring, type KeyRecord, type Registration } from './keyring.ts';
export { signVote, voteBytes, voteProblem, normalizeVote, type SignedVote, type VoteStatement } from './vote.ts';
export { signHead, headBytes, headProblem, normalizeHead, type SignedHead } from './signed-head.ts';
export { commitmentProblem, entryHash, genesisHash, verifyChain, type ChainVerdict, type Dissent, type LedgerEntry, type LedgerHead } from './chain.ts';
export { describeEvidence, evidenceId, evidenceProblem, evidenceToWire, statementsFromWire, statementsToWire, type EvidenceRecord, type Statements } from './evidence.ts';
export { LedgerBook, type AppendContext, type GenesisKey } from './ledger-book.ts';
export { CommandSealer, type CommandSealerOptions } from './command-sealer.ts';
export { defaultKeyFile, KeyFileError, loadIdentity, loadOrCreateIdentity, writeKeyFile } from './key-file.ts';
export { VoteSigner, type SignOutcome } from './vote-signer.ts';
export type { LedgerPeers } from './ledger-peers.ts';
export { KeyRegistrar, type KeyRegistrarOptions } from './key-registrar.ts';
export { DivergenceWatch, type DivergenceRecord } from './divergence-watch.ts';
export { HeadWatch, type HeadWatchOptions, type SplitViewRecord } from './head-watch.ts';
export { EXPORT_FORMAT, formatExport, verifyExport, type ExportKey, type ExportVerdict, type LedgerExport } from './export-format.ts';
