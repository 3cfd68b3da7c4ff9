import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath } from '../wire/protos.ts';

/** proto-loader options shared by the server and rosterctl: camelCase fields, numbers, enum names. */
export const LOADER_OPTIONS: protoLoader.Options = { keepCase: false, longs: Number, enums: String, defaults: true, oneofs: true };

/** The client-facing package definition (Roster and Admin), loaded at run time. */
export const clientPackageDefinition = protoLoader.loadSync([protoPath('roster.proto'), protoPath('admin.proto')], LOADER_OPTIONS);

export const ROSTER_SERVICE = clientPackageDefinition['rosterd.v1.Roster'] as grpc.ServiceDefinition;
export const ADMIN_SERVICE = clientPackageDefinition['rosterd.admin.v1.Admin'] as grpc.ServiceDefinition;
