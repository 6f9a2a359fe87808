import protobuf from 'protobufjs';
import { PROTO_CONVERSION, PROTO_FILES, PROTO_ROOT } from './proto-files';
import type { Classification__Output } from './generated/switchyard/v1/Classification';
import type { Job, Job__Output } from './generated/switchyard/v1/Job';
import type { Result, Result__Output } from './generated/switchyard/v1/Result';
import type { RouteDecision, RouteDecision__Output } from './generated/switchyard/v1/RouteDecision';
import type { Score, Score__Output } from './generated/switchyard/v1/Score';

/** Raised when bytes are not a valid encoding of the expected message. */
export class DecodeError extends Error {
  readonly code = 'DECODE_FAILED';
  constructor(typeName: string, cause: unknown) {
    super(`not a valid ${typeName}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Encodes and decodes one proto message type; the same bytes on Kafka as on gRPC. */
export interface Codec<In, Out> {
  readonly typeName: string;
  encode(message: In): Buffer;
  decode(bytes: Uint8Array): Out;
}

let root: protobuf.Root | undefined;

function protoRoot(): protobuf.Root {
  if (!root) {
    const loaded = new protobuf.Root();
    loaded.resolvePath = (_origin, target) => `${PROTO_ROOT}/${target}`;
    loaded.loadSync([...PROTO_FILES], { keepCase: false });
    loaded.resolveAll();
    root = loaded;
  }
  return root;
}

function codecFor<In extends object, Out>(typeName: string): Codec<In, Out> {
  const type = protoRoot().lookupType(`switchyard.v1.${typeName}`);
  return {
    typeName,
    encode(message: In): Buffer {
      return Buffer.from(type.encode(type.fromObject(message)).finish());
    },
    decode(bytes: Uint8Array): Out {
      try {
        return type.toObject(type.decode(bytes), PROTO_CONVERSION) as Out;
      } catch (err) {
        throw new DecodeError(typeName, err);
      }
    },
  };
}

export const jobCodec: Codec<Job, Job__Output> = codecFor('Job');
export const resultCodec: Codec<Result, Result__Output> = codecFor('Result');
export const scoreCodec: Codec<Score, Score__Output> = codecFor('Score');
export const decisionCodec: Codec<RouteDecision, RouteDecision__Output> = codecFor('RouteDecision');
export const classificationCodec: Codec<Classification__Output, Classification__Output> = codecFor('Classification');
