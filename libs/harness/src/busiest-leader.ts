import type { Kafka } from '@switchyard/messaging';

/**
 * The broker leading the most partitions of the busiest of `topics` (most
 * records written): the node whose loss hurts the pipeline most.
 */
export async function busiestLeader(kafka: Kafka, topics: string[]): Promise<{ topic: string; brokerId: number; partitionsLed: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let busiest = { topic: topics[0], records: -1n };
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const records = offsets.reduce((sum, p) => sum + BigInt(p.high) - BigInt(p.low), 0n);
      if (records > busiest.records) busiest = { topic, records };
    }
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [busiest.topic] });
    const led = new Map<number, number>();
    for (const p of metadata[0].partitions) led.set(p.leader, (led.get(p.leader) ?? 0) + 1);
    const [brokerId, partitionsLed] = [...led].sort((a, b) => b[1] - a[1])[0];
    return { topic: busiest.topic, brokerId, partitionsLed };
  } finally {
    await admin.disconnect();
  }
}
