import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_CONVERSION, PROTO_FILES, PROTO_ROOT } from './proto-files';
import type { ProtoGrpcType } from './generated/services';

let definition: protoLoader.PackageDefinition | undefined;

/** The switchyard.v1 package definition, loaded once. */
function switchyardPackageDefinition(): protoLoader.PackageDefinition {
  definition ??= protoLoader.loadSync([...PROTO_FILES], { ...PROTO_CONVERSION, includeDirs: [PROTO_ROOT] });
  return definition;
}

/**
 * The switchyard.v1 descriptors as the .proto files spell them (snake_case
 * fields), for server reflection: generic clients such as grpcurl reject the
 * camelCase descriptors of the loaded package (map entry names no longer match
 * their fields).
 */
export function switchyardReflectionDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync([...PROTO_FILES], { ...PROTO_CONVERSION, keepCase: true, includeDirs: [PROTO_ROOT] });
}

/** The switchyard.v1 gRPC package, loaded from the same protos as the Kafka codec. */
export function loadSwitchyardPackage(): ProtoGrpcType['switchyard']['v1'] {
  const loaded = grpc.loadPackageDefinition(switchyardPackageDefinition()) as unknown as ProtoGrpcType;
  return loaded.switchyard.v1;
}
