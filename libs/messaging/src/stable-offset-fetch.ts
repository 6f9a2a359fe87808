/**
 * A consumer group's committed offsets as OffsetFetch v7 with require_stable
 * (KIP-447) reads them: a partition whose offset a transaction has committed
 * but the group coordinator has not yet applied answers UNSTABLE_OFFSET_COMMIT
 * instead of the previous offset, and is asked again until it is stable.
 * https://kafka.apache.org/protocol#The_Messages_OffsetFetch
 *
 * kafkajs 2.2.4 stops at OffsetFetch v4, which returns the previous offset in
 * that moment; a new partition owner that trusted it would redo, and publish
 * again, the chunk the previous owner had just committed (transactional-stage.ts).
 * kafkajs has no flexible-version requests (v6+), so this file encodes v7 itself
 * and sends it over the connection kafkajs already has to the group
 * coordinator, through kafkajs internals: the cluster factory every client of
 * a Kafka instance is built with, and its Encoder and Decoder.
 */
import type { Kafka } from 'kafkajs';

/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs internals have no typed entry point */
const Encoder = require('kafkajs/src/protocol/encoder') as new () => KafkaEncoder;
const Decoder = require('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => KafkaDecoder;
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode(code: number): Error & { type: string } };
/* eslint-enable @typescript-eslint/no-require-imports */

interface KafkaEncoder {
  writeInt32(value: number): KafkaEncoder;
  writeBoolean(value: boolean): KafkaEncoder;
  writeUVarInt(value: number): KafkaEncoder;
  writeUVarIntString(value: string): KafkaEncoder;
  writeUVarIntArray(values: KafkaEncoder[], type: 'object'): KafkaEncoder;
  writeEncoder(value: KafkaEncoder): KafkaEncoder;
}

interface KafkaDecoder {
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readUVarIntString(): string | null;
  readUVarIntArray<T>(reader: (decoder: KafkaDecoder) => T): T[] | null;
  readTaggedFields(): unknown;
}

interface CoordinatorBroker {
  versions?: Record<number, { maxVersion: number }>;
  connectionPool: { send(request: { request: unknown; response: unknown; requestTimeout?: number }): Promise<unknown> };
}

interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  findGroupCoordinator(options: { groupId: string }): Promise<CoordinatorBroker>;
}

const OFFSET_FETCH = 9;
const VERSION = 7;
const EMPTY_TAGGED_FIELDS = 0;
/** Errors after which the coordinator is looked up again. */
const COORDINATOR_MOVED = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_COORDINATOR_NOT_AVAILABLE', 'GROUP_LOAD_IN_PROGRESS']);

export interface StableOffsetFetchOptions {
  /** How long to keep asking while an offset stays unstable or the coordinator is moving. @default 30000 (a transaction timeout) */
  timeoutMs?: number;
  /** Pause between two asks. @default 20 */
  retryDelayMs?: number;
}

/** Partition → committed offset as a string ("-1" when the group has none). */
export type CommittedOffsets = Map<number, string>;

/**
 * Reads committed offsets that no open or just-committed transaction is about
 * to change. One instance holds one connection to the cluster; close() it.
 */
export class StableOffsetFetcher {
  private readonly cluster: InternalCluster;
  private connected?: Promise<void>;

  constructor(kafka: Kafka) {
    this.cluster = internalClusterOf(kafka);
  }

  async committedOffsets(groupId: string, topic: string, partitions: number[], options: StableOffsetFetchOptions = {}): Promise<CommittedOffsets> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    // A failed connect is not kept: the next call (a stage's retry after its back-off) connects again.
    this.connected ??= this.cluster.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    await this.connected;
    for (let attempt = 1; ; attempt++) {
      try {
        const coordinator = await this.cluster.findGroupCoordinator({ groupId });
        const maxVersion = coordinator.versions?.[OFFSET_FETCH]?.maxVersion ?? VERSION;
        if (maxVersion < VERSION) throw new Error(`the group coordinator supports OffsetFetch up to v${maxVersion}; stable offsets need v${VERSION} (Kafka 2.5 or later)`);
        return (await coordinator.connectionPool.send({ request: offsetFetchRequest(groupId, topic, partitions), response: offsetFetchResponse })) as CommittedOffsets;
      } catch (err) {
        const error = err as Error & { type?: string };
        const retriable = error.type === 'UNSTABLE_OFFSET_COMMIT' || COORDINATOR_MOVED.has(error.type ?? '');
        if (!retriable || Date.now() > deadline) {
          throw Object.assign(new Error(`stable offsets of group ${groupId} on ${topic} not read after ${attempt} attempt(s): ${error.message}`), { cause: error, type: error.type });
        }
      }
      await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 20));
    }
  }

  async close(): Promise<void> {
    if (this.connected) await this.cluster.disconnect();
  }
}

/** The cluster factory kafkajs's own producers, consumers and admins are made with (same brokers, TLS, SASL, retry). */
function internalClusterOf(kafka: Kafka): InternalCluster {
  const factory = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = factory && (kafka as unknown as Record<symbol, unknown>)[factory];
  if (typeof create !== 'function') throw new Error('kafkajs no longer has the cluster factory stable-offset-fetch.ts relies on (checked with kafkajs 2.2.4)');
  return create.call(kafka, {}) as InternalCluster;
}

/** OffsetFetch v7 request, after a flexible (v2) request header whose only addition is its empty tagged fields. */
function offsetFetchRequest(groupId: string, topic: string, partitions: number[]) {
  return {
    apiKey: OFFSET_FETCH,
    apiVersion: VERSION,
    apiName: 'OffsetFetch',
    encode: async () => {
      const partitionIndexes = new Encoder().writeUVarInt(partitions.length + 1);
      for (const partition of partitions) partitionIndexes.writeInt32(partition);
      const topicEntry = new Encoder().writeUVarIntString(topic).writeEncoder(partitionIndexes).writeUVarInt(EMPTY_TAGGED_FIELDS);
      return new Encoder()
        .writeUVarInt(EMPTY_TAGGED_FIELDS)
        .writeUVarIntString(groupId)
        .writeUVarIntArray([topicEntry], 'object')
        .writeBoolean(true)
        .writeUVarInt(EMPTY_TAGGED_FIELDS);
    },
  };
}

interface PartitionReply {
  partition: number;
  offset: string;
  errorCode: number;
}

/** OffsetFetch v7 response, after a flexible (v1) response header: its tagged fields come first. */
const offsetFetchResponse = {
  decode: async (raw: Buffer) => {
    const decoder = new Decoder(raw);
    decoder.readTaggedFields();
    decoder.readInt32(); // throttle_time_ms
    const topics =
      decoder.readUVarIntArray((d) => {
        d.readUVarIntString();
        const partitions =
          d.readUVarIntArray((p): PartitionReply => {
            const reply = { partition: p.readInt32(), offset: p.readInt64().toString(), errorCode: 0 };
            p.readInt32(); // committed_leader_epoch
            p.readUVarIntString(); // metadata
            reply.errorCode = p.readInt16();
            p.readTaggedFields();
            return reply;
          }) ?? [];
        d.readTaggedFields();
        return partitions;
      }) ?? [];
    return { errorCode: decoder.readInt16(), partitions: topics.flat() };
  },
  parse: async ({ errorCode, partitions }: { errorCode: number; partitions: PartitionReply[] }): Promise<CommittedOffsets> => {
    const failed = errorCode !== 0 ? errorCode : partitions.find((p) => p.errorCode !== 0)?.errorCode;
    if (failed !== undefined) throw createErrorFromCode(failed);
    return new Map(partitions.map((p) => [p.partition, p.offset]));
  },
};
