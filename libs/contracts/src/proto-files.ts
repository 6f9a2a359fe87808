import path from 'node:path';

/** Root folder of the .proto files: the single source of every message and service. */
export const PROTO_ROOT = path.resolve(__dirname, '../../../protos');

export const PROTO_FILES = [
  'switchyard/v1/job.proto',
  'switchyard/v1/classification.proto',
  'switchyard/v1/routing.proto',
  'switchyard/v1/result.proto',
  'switchyard/v1/score.proto',
  'switchyard/v1/services.proto',
] as const;

/**
 * Conversion options shared by the gRPC loader and the Kafka codec, so a
 * message decoded from either path has the same shape (int64 as number,
 * enums as strings, absent fields filled with defaults).
 */
export const PROTO_CONVERSION = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  arrays: true,
  objects: true,
} as const;
