import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { awaitTopicsOnEveryBroker, deleteThrowaway } from './topic-admin';

export interface KafkaReadinessOptions {
  brokers: string[];
  /** @default 60000 */
  timeoutMs?: number;
  /** How many brokers must be registered (a fresh 3-node cluster reports them one by one). @default 1 */
  minBrokers?: number;
  log?: (msg: string) => void;
}

export interface KafkaReadiness {
  /**
   * The release the broker reports, where it reports one: Kafka's protocol carries no version
   * string, so this is read from the `inter.broker.protocol.version` broker config (3.x); 4.x
   * removed that config and leaves this unset.
   */
  brokerVersion?: string;
  controllerId?: number;
  brokers: number;
}

const PAUSE_BETWEEN_ATTEMPTS_MS = 500;

/**
 * Waits until Kafka can serve the pipeline, not just accept connections: a metadata call, then a
 * round trip through a throwaway topic with a transactional send and a consumer-group read. A
 * freshly started broker answers metadata seconds before its group and transaction coordinators
 * stop failing with "coordinator is loading"; tests that start before that see flaky first calls.
 */
export async function waitForKafkaReady(options: KafkaReadinessOptions): Promise<KafkaReadiness> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const minBrokers = options.minBrokers ?? 1;
  const log = options.log ?? (() => undefined);
  const deadline = Date.now() + timeoutMs;
  // The loop below does the retrying: the client fails fast so each attempt fits the deadline.
  const kafka = new Kafka({
    clientId: 'switchyard-readiness',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  // One throwaway topic for all attempts: a topic made per attempt may not have reached every
  // broker's metadata before that attempt's producer asks for it.
  const probe = `switchyard-readiness-${randomUUID().slice(0, 8)}`;
  let topicCreated = false;
  let lastError = 'no attempt finished';
  try {
    for (let attempt = 1; Date.now() < deadline; attempt++) {
      try {
        const cluster = await describe(kafka, minBrokers);
        if (!topicCreated) topicCreated = await createProbeTopic(kafka, probe, cluster.addresses, deadline);
        await roundTrip(kafka, probe, deadline);
        return { brokers: cluster.brokers, controllerId: cluster.controllerId, brokerVersion: cluster.brokerVersion };
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        log(`Kafka ${options.brokers.join(',')} not ready yet (attempt ${attempt}): ${lastError}`);
        await sleep(Math.min(PAUSE_BETWEEN_ATTEMPTS_MS, Math.max(0, deadline - Date.now())));
      }
    }
  } finally {
    if (topicCreated) await deleteThrowaway(kafka, [probe], [probe]);
  }
  throw new Error(`Kafka at ${options.brokers.join(',')} was not ready within ${timeoutMs} ms; last error: ${lastError}`);
}

async function describe(kafka: Kafka, minBrokers: number): Promise<KafkaReadiness & { addresses: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { brokers, controller } = await admin.describeCluster();
    if (brokers.length < minBrokers) throw new Error(`${brokers.length} of ${minBrokers} brokers registered`);
    return {
      brokers: brokers.length,
      controllerId: controller ?? undefined,
      brokerVersion: await protocolVersion(admin, brokers[0].nodeId),
      addresses: brokers.map((b) => `${b.host}:${b.port}`),
    };
  } finally {
    await admin.disconnect();
  }
}

async function protocolVersion(admin: Admin, nodeId: number): Promise<string | undefined> {
  // ConfigResourceTypes.BROKER; kafkajs exports the enum only under a deprecated name.
  const result = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: 4, name: String(nodeId), configNames: ['inter.broker.protocol.version'] }],
  });
  const value = result.resources[0]?.configEntries.find((e) => e.configName === 'inter.broker.protocol.version')?.configValue;
  return value ? value.replace(/-IV\d+$/, '') : undefined;
}

/**
 * Creates the probe topic and waits until every broker's metadata shows it with a leader. Under
 * KRaft a broker learns of a new topic up to some hundreds of milliseconds after CreateTopics
 * returns, answering UNKNOWN_TOPIC_OR_PARTITION meanwhile (kafkajs's `waitForLeaders` asks one
 * broker and does not retry that error).
 */
async function createProbeTopic(kafka: Kafka, topic: string, brokerAddresses: string[], deadline: number): Promise<true> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: 1 }] });
  } finally {
    await admin.disconnect();
  }
  await awaitTopicsOnEveryBroker(brokerAddresses, [topic], deadline);
  return true;
}

/** One transactional record through the probe topic and a consumer group. */
async function roundTrip(kafka: Kafka, probe: string, deadline: number): Promise<void> {
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  try {
    // A short fetch wait: the broker parks a read_committed fetch for its full wait even after the commit.
    consumer = kafka.consumer({ groupId: probe, maxWaitTimeInMs: 100, retry: { retries: 3, restartOnFailure: async () => false } });
    const received = new Promise<void>((resolve, reject) => {
      consumer!.on(consumer!.events.CRASH, ({ payload }) => reject(payload.error));
      void consumer!.connect()
        .then(() => consumer!.subscribe({ topic: probe, fromBeginning: true }))
        .then(() => consumer!.run({ eachMessage: async () => resolve() }))
        .catch(reject);
    });
    // Awaited below, after the send; until then a failed subscribe must not surface as unhandled.
    received.catch(() => undefined);
    producer = kafka.producer({ transactionalId: probe, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const transaction = await producer.transaction();
    await transaction.send({ topic: probe, messages: [{ value: 'ready?' }] });
    await transaction.commit();
    await withDeadline(received, deadline, 'the readiness record did not come back through a consumer group');
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await consumer?.disconnect().catch(() => undefined);
  }
}

function withDeadline<T>(promise: Promise<T>, deadline: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
