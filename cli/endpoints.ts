import { usageError } from './errors.ts';
import { quote } from './validate.ts';

/** Where rosterctl looks when neither --endpoints nor ROSTER_ENDPOINTS is given: facilities A, B, C on loopback. */
export const DEFAULT_ENDPOINTS: readonly string[] = Object.freeze(['127.0.0.1:7101', '127.0.0.1:7102', '127.0.0.1:7103']);

/** The environment variable read when --endpoints is absent. */
export const ENDPOINTS_ENV = 'ROSTER_ENDPOINTS';

// A DNS name or IPv4 literal, or a bracketed IPv6 literal; then a decimal port.
const ENDPOINT_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

/**
 * Checks one `host:port` and returns it unchanged, or null if it is not one. Only the
 * plain form is accepted (no `dns:` or `unix:` schemes): it is what members advertise
 * and what leader hints carry, and it keeps a typo from becoming a surprising target.
 */
export function parseEndpoint(value: string): string | null {
  const m = ENDPOINT_PATTERN.exec(value);
  if (!m) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? value : null;
}

/** Checks a `host:port` argument (e.g. `member add ID ADDRESS`); usage error naming `argument` otherwise. */
export function checkEndpoint(argument: string, value: string): string {
  const parsed = parseEndpoint(value);
  if (parsed === null) throw usageError(`${argument}: ${quote(value)} is not host:port with a port from 1 to 65535`);
  return parsed;
}

/** Parses a comma-separated endpoint list, dropping duplicates and keeping the order given. */
export function parseEndpointList(argument: string, value: string): readonly string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw usageError(`${argument}: no endpoints given (expected host:port,...)`);
  return Object.freeze([...new Set(items.map((item) => checkEndpoint(argument, item)))]);
}

/**
 * The endpoints to use, by precedence: the --endpoints flag, then ROSTER_ENDPOINTS, then
 * DEFAULT_ENDPOINTS. An empty environment variable counts as unset.
 */
export function resolveEndpoints(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): readonly string[] {
  if (flag !== undefined) return parseEndpointList('--endpoints', flag);
  const fromEnv = env[ENDPOINTS_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return parseEndpointList(ENDPOINTS_ENV, fromEnv);
  return DEFAULT_ENDPOINTS;
}
