/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs internals have no typed entry point */
const createSendMessages = require('kafkajs/src/producer/sendMessages') as (options: object) => (request: object) => Promise<unknown>;
const createRetry = require('kafkajs/src/retry') as (options: object) => unknown;
const { KafkaJSProtocolError } = require('kafkajs/src/errors') as { KafkaJSProtocolError: new (e: object) => Error };
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode(code: number): object };
/* eslint-enable @typescript-eslint/no-require-imports */

// A module, so its names do not clash with the other kafkajs specs' top-level names.
export {};

const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface ProduceRequest {
  topicData: { topic: string; partitions: { partition: number; firstSequence: number; messages: unknown[] }[] }[];
}

/**
 * Two brokers in memory, leading partition 0 (broker 1, which answers after 30 ms) and partition 1
 * (broker 2, whose first request fails at once with a retriable error). Like a real broker with an
 * idempotent producer, each keeps a batch once per (partition, first sequence number): a retry
 * with the batch's own sequence is dropped as a copy, one with a new sequence is written again.
 */
function twoBrokers() {
  const written: { partition: number; firstSequence: number }[] = [];
  const seen = new Set<string>();
  let broker2Failures = 1;
  const produce = (nodeId: number) => async ({ topicData }: ProduceRequest) => {
    if (nodeId === 1) await new Promise((resolve) => setTimeout(resolve, 30));
    if (nodeId === 2 && broker2Failures-- > 0) throw new KafkaJSProtocolError(createErrorFromCode(51));
    for (const { partitions } of topicData) {
      for (const { partition, firstSequence } of partitions) {
        if (seen.has(`${partition}:${firstSequence}`)) continue;
        seen.add(`${partition}:${firstSequence}`);
        written.push({ partition, firstSequence });
      }
    }
    return { topics: topicData.map(({ topic, partitions }) => ({ topicName: topic, partitions: partitions.map(({ partition }) => ({ partition, errorCode: 0, baseOffset: '0' })) })) };
  };
  const brokers = new Map([1, 2].map((nodeId) => [nodeId, { nodeId, produce: produce(nodeId) }]));
  const partitionMetadata = [
    { partitionId: 0, leader: 1 },
    { partitionId: 1, leader: 2 },
  ];
  const cluster = {
    refreshMetadataIfNecessary: async () => undefined,
    refreshMetadata: async () => undefined,
    addMultipleTargetTopics: async () => undefined,
    isConnected: () => true,
    findTopicPartitionMetadata: () => partitionMetadata,
    findLeaderForPartitions: (_topic: string, partitions: string[]) =>
      partitions.reduce<Record<number, number[]>>((byLeader, id) => {
        const { leader } = partitionMetadata[Number(id)];
        return { ...byLeader, [leader]: [...(byLeader[leader] ?? []), Number(id)] };
      }, {}),
    findBroker: async ({ nodeId }: { nodeId: string }) => brokers.get(Number(nodeId)),
  };
  return { cluster, written };
}

function transactionalSequences() {
  const sequences = new Map<string, number>();
  return {
    isTransactional: () => true,
    acquireBrokerLock: async () => undefined,
    releaseBrokerLock: async () => undefined,
    addPartitionsToTransaction: async () => undefined,
    getSequence: (topic: string, partition: number) => sequences.get(`${topic}:${partition}`) ?? 0,
    updateSequence: (topic: string, partition: number, increment: number) => sequences.set(`${topic}:${partition}`, (sequences.get(`${topic}:${partition}`) ?? 0) + increment),
    getTransactionalId: () => 'tx-1',
    getProducerId: () => 7,
    getProducerEpoch: () => 0,
  };
}

/**
 * patches/kafkajs+2.2.4.patch: a send to several leaders retries only after every leader's request
 * has answered. Unpatched, the retry started while broker 1's request was still in flight and sent
 * its batch again under a new sequence number, so the partition got it twice.
 */
describe('kafkajs send to several leaders (patched)', () => {
  it('writes each batch once when one leader fails and is retried while another is still answering', async () => {
    const { cluster, written } = twoBrokers();
    const send = createSendMessages({
      logger: { ...logger, namespace: () => logger },
      cluster,
      retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }),
      partitioner: ({ message }: { message: { partition: number } }) => message.partition,
      eosManager: transactionalSequences(),
    });

    await send({ acks: -1, topicMessages: [{ topic: 'out', messages: [{ value: 'a', partition: 0 }, { value: 'b', partition: 1 }] }] });

    expect(written.sort((a, b) => a.partition - b.partition)).toEqual([
      { partition: 0, firstSequence: 0 },
      { partition: 1, firstSequence: 0 },
    ]);
  });
});
