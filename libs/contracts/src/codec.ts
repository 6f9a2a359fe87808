import protobuf from 'protobufjs';
import { PROTO_CONVERSION, PROTO_FILES, PROTO_ROOT } from './proto-files';
import { fromProto3Json, toProto3Json } from './proto-json';
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
  /**
   * Decodes the proto3 JSON form (UTF-8).
   * @throws DecodeError when the bytes are not JSON; Proto3JsonError naming the field that does not fit.
   */
  decodeJson(bytes: Uint8Array): Out;
  /** The proto3 JSON text of an encoded message. */
  toJson(bytes: Uint8Array): string;
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

/**
 * Decodes a message that must end exactly where its last field ends. Given a
 * Buffer, protobufjs's BufferReader clamps a string that runs past the end
 * instead of throwing, so it reads a plain Uint8Array view; and protobufjs
 * accepts a 64-bit varint cut after its fourth byte (a deadline cut
 * mid-number decodes), so the top-level fields are walked first.
 */
function decodeWhole(type: protobuf.Type, bytes: Uint8Array): protobuf.Message {
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assertWholeFields(view);
  return type.decode(view);
}

/** Throws unless the bytes are a sequence of complete fields (https://protobuf.dev/programming-guides/encoding/). */
function assertWholeFields(bytes: Uint8Array): void {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (pos >= bytes.length) throw new RangeError(`a varint runs past the end (${bytes.length} bytes)`);
      const byte = bytes[pos++];
      if (shift < 49) value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    throw new RangeError(`a varint is longer than 10 bytes at byte ${pos}`);
  };
  const skip = (length: number) => {
    if (pos + length > bytes.length) throw new RangeError(`a field of ${length} bytes at byte ${pos} runs past the end (${bytes.length} bytes)`);
    pos += length;
  };
  while (pos < bytes.length) {
    const wireType = varint() % 8;
    if (wireType === 0) varint();
    else if (wireType === 1) skip(8);
    else if (wireType === 2) skip(varint());
    else if (wireType === 5) skip(4);
    else throw new RangeError(`wire type ${wireType} at byte ${pos} is not used by proto3`);
  }
}

function codecFor<In extends object, Out>(typeName: string): Codec<In, Out> {
  const type = protoRoot().lookupType(`switchyard.v1.${typeName}`);
  return {
    typeName,
    // Our messages are plain objects of the generated types, which protobufjs
    // encodes as they are: converting them with fromObject first produced the
    // same bytes at the cost of a second object tree per message.
    encode(message: In): Buffer {
      return Buffer.from(type.encode(message).finish());
    },
    decode(bytes: Uint8Array): Out {
      try {
        return type.toObject(decodeWhole(type, bytes), PROTO_CONVERSION) as Out;
      } catch (err) {
        throw new DecodeError(typeName, err);
      }
    },
    decodeJson(bytes: Uint8Array): Out {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch (err) {
        throw new DecodeError(`${typeName} (JSON)`, err);
      }
      return type.toObject(type.fromObject(fromProto3Json(type, json)), PROTO_CONVERSION) as Out;
    },
    toJson(bytes: Uint8Array): string {
      return JSON.stringify(toProto3Json(type, decodeWhole(type, bytes)));
    },
  };
}

export const jobCodec: Codec<Job, Job__Output> = codecFor('Job');
export const resultCodec: Codec<Result, Result__Output> = codecFor('Result');
export const scoreCodec: Codec<Score, Score__Output> = codecFor('Score');
export const decisionCodec: Codec<RouteDecision, RouteDecision__Output> = codecFor('RouteDecision');
export const classificationCodec: Codec<Classification__Output, Classification__Output> = codecFor('Classification');
