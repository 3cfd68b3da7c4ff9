import * as protoLoader from '@grpc/proto-loader';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The one place that knows where the .proto files are and how gRPC loads the client
 * contract. The client contract (roster.proto, admin.proto, ledger.proto) is loaded by
 * @grpc/proto-loader with LOADER_OPTIONS, and the types in ./generated/ are generated for
 * exactly those options (generate-types.ts), so both come from here. Each file is read
 * on first use, not at import, so rosterctl commands that fail validation never read a
 * .proto file. raft.proto is parsed by protobufjs in raft-proto.ts, which rosterctl
 * never loads. (node/schedule/codec.ts reads roster.proto itself, with protobufjs, for
 * the log's Command bytes: the state machine imports nothing from gRPC's libraries.)
 *
 * protoPath resolves against this module's own location, so the compiled daemon and
 * CLI (dist/node/wire/protos.js) find the copies `npm run build` puts in dist/proto/.
 */

/** The proto files of the client contract (Roster and Admin), in proto/. */
export const CLIENT_PROTO_FILES: readonly string[] = Object.freeze(['roster.proto', 'admin.proto', 'ledger.proto']);

/** Absolute path of a file in proto/. */
export function protoPath(file: string): string {
  return fileURLToPath(new URL(`../../proto/${file}`, import.meta.url));
}

/**
 * How every loader of the client contract decodes messages: camelCase fields, uint64 as
 * number, enums as their names, unset scalars as their defaults and unset messages as
 * null, and a virtual field naming the member set in each oneof. The generated types
 * describe objects of exactly this shape; change one and regenerate (npm run gen:proto).
 */
export const LOADER_OPTIONS: Readonly<protoLoader.Options> = Object.freeze({
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
});

/** Fully qualified name of the Roster service (roster.proto), as in its package. */
export const ROSTER_SERVICE_NAME = 'rosterd.v1.Roster';
/** Fully qualified name of the Admin service (admin.proto), as in its package. */
export const ADMIN_SERVICE_NAME = 'rosterd.admin.v1.Admin';
/** Fully qualified name of the Ledger service (ledger.proto), as in its package. */
export const LEDGER_SERVICE_NAME = 'rosterd.ledger.v1.Ledger';

let clientDefinition: protoLoader.PackageDefinition | undefined;

/** The package definition of the client contract (Roster and Admin): read once, synchronously, on the first call. */
export function clientPackageDefinition(): protoLoader.PackageDefinition {
  clientDefinition ??= protoLoader.loadSync(
    CLIENT_PROTO_FILES.map((f) => protoPath(f)),
    LOADER_OPTIONS,
  );
  return clientDefinition;
}

/**
 * grpc.health.v1 as grpc-health-check ships it (the service HealthImplementation serves),
 * loaded with LOADER_OPTIONS: for server reflection, which lists only what it is given.
 */
export function healthPackageDefinition(): protoLoader.PackageDefinition {
  // Required here, not imported: grpc-health-check brings its own proto-loader and
  // protobufjs, which every rosterctl start would otherwise load for nothing.
  const { protoPath } = createRequire(import.meta.url)('grpc-health-check') as { protoPath: string };
  return protoLoader.loadSync(protoPath, LOADER_OPTIONS);
}
