/**
 * node/tls — mutual TLS and authorization: the identities certificates carry (a
 * facility, or a client role, as a rosterd:// URI), loading and checking a node's or a
 * client's TLS files, the credentials of servers and channels, and the access table with
 * the server interceptor that enforces it on every call.
 *
 * Issuing certificates (certificate-issuer.ts, used by rosterctl tls, npm start --tls
 * and tests) is not exported here: the daemon never issues, and does not load the X.509
 * library for it.
 *
 * Must not: log or return key material; decide access anywhere but access-table.ts.
 */
export { facilityUri, roleUri, principalOf, describePrincipal, isRole, ROLES, type Role, type Principal } from './identity-uri.ts';
export { ACCESS_TABLE, refusal, roleAtLeast, methodName, type Access } from './access-table.ts';
export { accessGate, certificateAdmission, type AccessGateOptions } from './access-gate.ts';
export { TlsMaterial, TlsFileError, channelFor, type TlsFiles } from './tls-material.ts';
