/* eslint-disable @typescript-eslint/no-require-imports -- kafkajs internals have no typed entry point */
const createEosManager = require('kafkajs/src/producer/eosManager') as (options: object) => EosManager;
const { KafkaJSProtocolError, KafkaJSConnectionError } = require('kafkajs/src/errors') as { KafkaJSProtocolError: new (e: object) => Error; KafkaJSConnectionError: new (message: string) => Error };
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode(code: number): object };
/* eslint-enable @typescript-eslint/no-require-imports */

interface EosManager {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  addPartitionsToTransaction(topicData: { topic: string; partitions: { partition: number }[] }[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const silentLogger = { ...logger, namespace: () => logger };

/**
 * A cluster of two brokers in memory: it counts coordinator lookups (FindCoordinator), answers them
 * with `coordinator`, records which broker served each request, and lets a test make the next
 * request to a broker fail.
 */
function fakeCluster() {
  const state = { coordinator: 1, lookups: 0, failNext: new Map<number, Error>(), servedBy: [] as number[] };
  const broker = (nodeId: number) => {
    const answer = async () => {
      const failure = state.failNext.get(nodeId);
      state.failNext.delete(nodeId);
      if (failure) throw failure;
      state.servedBy.push(nodeId);
      return {};
    };
    return { nodeId, initProducerId: async () => ({ producerId: 7, producerEpoch: 0 }), addPartitionsToTxn: answer, endTxn: answer };
  };
  const brokers = new Map([1, 2].map((id) => [id, broker(id)]));
  const cluster = {
    retry: { retries: 0 },
    refreshMetadataIfNecessary: async () => undefined,
    findBroker: async ({ nodeId }: { nodeId: number }) => brokers.get(nodeId),
    findGroupCoordinator: async () => {
      state.lookups += 1;
      return brokers.get(state.coordinator);
    },
  };
  return { cluster, state };
}

async function transactionThatCommits(eos: EosManager, partition: number): Promise<void> {
  eos.beginTransaction();
  await eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition }] }]);
  await eos.commit();
}

/**
 * patches/kafkajs+2.2.4.patch: a transactional producer looks its coordinator up once, not before
 * every request, and looks again after a request to it fails with a coordinator error or a
 * connection error (the coordinator moved, or its broker died).
 */
describe('kafkajs transaction coordinator cache (patched)', () => {
  const started = async () => {
    const { cluster, state } = fakeCluster();
    const eos = createEosManager({ logger: silentLogger, cluster, transactional: true, transactionalId: 'tx-1' });
    await eos.initProducerId();
    state.lookups = 0;
    return { eos, state };
  };

  it('looks the coordinator up once for many transactions', async () => {
    const { eos, state } = await started();
    for (let i = 0; i < 5; i++) await transactionThatCommits(eos, i);
    expect(state.lookups).toBe(1);
  });

  it.each([
    ['NOT_COORDINATOR_FOR_GROUP', () => new KafkaJSProtocolError(createErrorFromCode(16))],
    ['GROUP_COORDINATOR_NOT_AVAILABLE', () => new KafkaJSProtocolError(createErrorFromCode(15))],
    ['a lost connection', () => new KafkaJSConnectionError('Connection error: ECONNRESET')],
  ])('looks it up again after %s, and uses the new one', async (_, failure) => {
    const { eos, state } = await started();
    await transactionThatCommits(eos, 0);
    state.coordinator = 2;
    state.failNext.set(1, failure());
    eos.beginTransaction();
    await expect(eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 1 }] }])).rejects.toThrow();
    await eos.abort();
    state.servedBy = [];
    await transactionThatCommits(eos, 2);
    expect(state.lookups).toBe(2);
    expect(state.servedBy).toEqual([2, 2]);
  });

  it('keeps it after any other protocol error (the transaction failed, not the coordinator)', async () => {
    const { eos, state } = await started();
    await transactionThatCommits(eos, 0);
    state.failNext.set(1, new KafkaJSProtocolError(createErrorFromCode(51)));
    eos.beginTransaction();
    await expect(eos.addPartitionsToTransaction([{ topic: 'out', partitions: [{ partition: 1 }] }])).rejects.toThrow(/concurrent/i);
    await eos.abort();
    state.servedBy = [];
    await transactionThatCommits(eos, 2);
    expect(state.lookups).toBe(1);
    expect(state.servedBy).toEqual([1, 1]);
  });
});
