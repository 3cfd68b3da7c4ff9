import { X509Certificate } from 'node:crypto';

/**
 * Who a certificate speaks for, written in its subject alternative names as one URI:
 * rosterd://<cluster>/facility/<id> for a node (its key pair is the facility's Ed25519
 * key, node/ledger/identity.ts) and rosterd://<cluster>/role/<role> for a client. The
 * cluster is in the name so that a certificate of one cluster is never read as one of
 * another, even when both clusters share an operator's CA by mistake.
 */

/** Client roles, least to most: each may do what the ones before it may (access-table.ts). */
export const ROLES = ['viewer', 'coordinator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The scheme of identity URIs. */
const SCHEME = 'rosterd://';

/** A certificate's identity, as the access table reads it. */
export type Principal =
  | { readonly kind: 'facility'; readonly facility: string }
  | { readonly kind: 'client'; readonly role: Role };

/** The URI naming facility `id` of `cluster`. */
export function facilityUri(cluster: string, id: string): string {
  return `${SCHEME}${cluster}/facility/${id}`;
}

/** The URI granting `role` in `cluster`. */
export function roleUri(cluster: string, role: Role): string {
  return `${SCHEME}${cluster}/role/${role}`;
}

/** Whether `s` is one of ROLES. */
export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** How a principal is named in messages and logs: "facility A", "role coordinator". */
export function describePrincipal(p: Principal): string {
  return p.kind === 'facility' ? `facility ${p.facility}` : `role ${p.role}`;
}

/**
 * The URIs among the subject alternative names, as node:crypto prints them
 * ("DNS:localhost, IP Address:127.0.0.1, URI:rosterd://..."). Identity URIs hold no
 * comma or quote (ids and cluster names are [A-Za-z0-9_-]), so splitting is exact for them.
 */
export function sanUris(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName
    .split(', ')
    .filter((part) => part.startsWith('URI:'))
    .map((part) => part.slice('URI:'.length));
}

/**
 * The principal a certificate (DER, or its subjectAltName text) names for `cluster`, or
 * the reason it names none: no rosterd identity, another cluster's, an unknown role, or
 * more than one identity (a certificate speaks for one facility or one role).
 */
export function principalOf(cert: Buffer | { readonly subjectAltName: string | undefined }, cluster: string): Principal | { readonly refusal: string } {
  const san = Buffer.isBuffer(cert) ? new X509Certificate(cert).subjectAltName : cert.subjectAltName;
  const uris = sanUris(san).filter((u) => u.startsWith(SCHEME));
  if (uris.length === 0) return { refusal: 'the certificate names no rosterd facility or role (a URI rosterd://<cluster>/facility/<id> or /role/<role>)' };
  if (uris.length > 1) return { refusal: `the certificate names ${uris.length} rosterd identities; one is allowed` };
  const m = /^rosterd:\/\/([^/]+)\/(facility|role)\/([^/]+)$/.exec(uris[0]!);
  if (!m) return { refusal: 'the certificate\'s rosterd URI is malformed' };
  const [, certCluster, kind, name] = m as unknown as [string, string, string, string];
  if (certCluster !== cluster) return { refusal: `the certificate is for cluster ${certCluster.slice(0, 64)}, not ${cluster}` };
  if (kind === 'facility') return { kind: 'facility', facility: name };
  if (!isRole(name)) return { refusal: `the certificate names an unknown role ${name.slice(0, 64)} (roles: ${ROLES.join(', ')})` };
  return { kind: 'client', role: name };
}
