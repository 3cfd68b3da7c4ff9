import type * as grpc from '@grpc/grpc-js';
import type { AdminDefinition } from '../wire/generated/rosterd/admin/v1/Admin.ts';
import type { RosterDefinition } from '../wire/generated/rosterd/v1/Roster.ts';
import type { LedgerDefinition } from '../wire/generated/rosterd/ledger/v1/Ledger.ts';
import { ADMIN_SERVICE_NAME, clientPackageDefinition as loadClientPackageDefinition, healthPackageDefinition, LEDGER_SERVICE_NAME, ROSTER_SERVICE_NAME } from '../wire/protos.ts';
import { clientMessageRoot, malformedUtf8Field } from '../wire/utf8-check.ts';

/** The client-facing package definition (Roster, Admin, Ledger), loaded when the server module is imported. */
export const clientPackageDefinition = loadClientPackageDefinition();

/** What server reflection lists: the client contract and the standard health service. */
export const reflectedPackageDefinition = { ...clientPackageDefinition, ...healthPackageDefinition() };

/** Requests whose encoding held a string field that is not well-formed UTF-8, with that field's path. */
const malformed = new WeakMap<object, string>();

/**
 * The path of a string field of `request` that arrived as malformed UTF-8 (before
 * decoding replaced the bad bytes), or undefined. Every handler refuses such a request
 * before reading it (unary.ts, watch-service.ts).
 */
export function malformedUtf8In(request: unknown): string | undefined {
  return typeof request === 'object' && request !== null ? malformed.get(request) : undefined;
}

/**
 * The service as grpc-js serves it, each request deserializer preceded by the UTF-8
 * check of its string fields (wire/utf8-check.ts). The check cannot refuse the call
 * itself (grpc-js turns a throwing deserializer into INTERNAL), so it marks the decoded
 * request for the handler, which refuses it with INVALID_ARGUMENT. Reply serializers
 * pass bytes through, so a handler can encode its reply once to check its size.
 */
function service(name: string): grpc.ServiceDefinition {
  const def = clientPackageDefinition[name];
  if (def === undefined || 'format' in def) throw new Error(`proto: service ${name} not found`);
  const reflected = clientMessageRoot().lookupService(name);
  const checked: Record<string, grpc.MethodDefinition<object, unknown>> = {};
  for (const [method, m] of Object.entries(def as grpc.ServiceDefinition)) {
    const type = reflected.methods[method]?.resolvedRequestType;
    if (!type) throw new Error(`proto: method ${name}/${method} has no request type`);
    const decode = m.requestDeserialize as (bytes: Buffer) => object;
    const encode = m.responseSerialize as (reply: unknown) => Buffer;
    checked[method] = {
      ...(m as grpc.MethodDefinition<object, unknown>),
      requestDeserialize: (bytes: Buffer) => {
        const request = decode(bytes);
        const field = malformedUtf8Field(type, bytes);
        if (field !== undefined) malformed.set(request, field);
        return request;
      },
      // A handler that measured its reply (unary.ts, encodeReply) hands over the bytes.
      responseSerialize: (reply: unknown) => (Buffer.isBuffer(reply) ? reply : encode(reply)),
    };
  }
  return checked;
}

/** rosterd.v1.Roster as grpc-js serves it. */
export const ROSTER_SERVICE = service(ROSTER_SERVICE_NAME) as RosterDefinition;
/** rosterd.admin.v1.Admin as grpc-js serves it. */
export const ADMIN_SERVICE = service(ADMIN_SERVICE_NAME) as AdminDefinition;
/** rosterd.ledger.v1.Ledger as grpc-js serves it. */
export const LEDGER_SERVICE = service(LEDGER_SERVICE_NAME) as LedgerDefinition;
