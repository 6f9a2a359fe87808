import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_CONVERSION, PROTO_FILES, PROTO_ROOT } from './proto-files';
import type { ProtoGrpcType } from './generated/services';

let definition: protoLoader.PackageDefinition | undefined;

/** The switchyard.v1 package definition (loaded once), for servers that describe themselves by reflection. */
export function switchyardPackageDefinition(): protoLoader.PackageDefinition {
  definition ??= protoLoader.loadSync([...PROTO_FILES], { ...PROTO_CONVERSION, includeDirs: [PROTO_ROOT] });
  return definition;
}

/** The switchyard.v1 gRPC package, loaded from the same protos as the Kafka codec. */
export function loadSwitchyardPackage(): ProtoGrpcType['switchyard']['v1'] {
  const loaded = grpc.loadPackageDefinition(switchyardPackageDefinition()) as unknown as ProtoGrpcType;
  return loaded.switchyard.v1;
}
