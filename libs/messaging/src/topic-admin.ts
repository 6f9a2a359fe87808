import { Kafka, logLevel, type Admin } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
}

/**
 * Creates missing topics. With replication ≥ 3 it sets min.insync.replicas=2
 * so an acknowledged write survives the loss of one broker.
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      // Leaders are awaited below: kafkajs's own wait gives up on UNKNOWN_TOPIC_OR_PARTITION.
      await admin
        .createTopics({
          waitForLeaders: false,
          topics: missing.map((s) => ({
            topic: s.topic,
            numPartitions: s.partitions,
            replicationFactor: s.replicationFactor,
            configEntries: s.replicationFactor >= 3 ? [{ name: 'min.insync.replicas', value: '2' }] : [],
          })),
        })
        .catch(ignoreAlreadyExists);
    }
    await waitForMetadata(admin, specs.map((s) => s.topic));
  } finally {
    await admin.disconnect();
  }
}

/** Best effort: a leftover throwaway topic or group costs nothing but a line in a listing. */
export async function deleteThrowaway(kafka: Kafka, topics: string[], groups: string[] = []): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    await admin.deleteTopics({ topics }).catch(() => undefined);
  } catch {
    // The cluster went away after answering; nothing to clean then.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Services start together and each creates missing topics: another one winning the race is fine. */
function ignoreAlreadyExists(err: unknown): void {
  const errors = (err as { errors?: { type?: string }[] }).errors;
  if (errors?.length && errors.every((e) => e.type === 'TOPIC_ALREADY_EXISTS')) return;
  throw err;
}

/**
 * On a cluster a broker learns of a new topic a moment after CreateTopics
 * returns, and one restarted lately later still; meanwhile it answers
 * UNKNOWN_TOPIC_OR_PARTITION, which kafkajs's consumers and producers do not
 * retry. So wait until every broker, asked on its own, shows every partition
 * with a leader.
 */
async function waitForMetadata(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const { brokers } = await admin.describeCluster();
  await awaitTopicsOnEveryBroker(
    brokers.map((b) => `${b.host}:${b.port}`),
    topics,
    Date.now() + timeoutMs,
  );
}

/** Polls each broker through a client bootstrapped on it alone until it shows the topics with leaders. */
export async function awaitTopicsOnEveryBroker(addresses: string[], topics: string[], deadline: number): Promise<void> {
  await Promise.all(
    addresses.map(async (address) => {
      const admin = new Kafka({ clientId: 'switchyard-topic-check', brokers: [address], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      await admin.connect();
      try {
        for (;;) {
          const visible = await admin
            .fetchTopicMetadata({ topics })
            .then(({ topics: metadata }) => metadata.length === topics.length && metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
            .catch(() => false);
          if (visible) return;
          if (Date.now() >= deadline) throw new Error(`broker ${address} does not show topics ${topics.join(', ')} with leaders`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await admin.disconnect();
      }
    }),
  );
}
