import pino from 'pino';
import { createKafka } from './kafka-connection';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

/**
 * kafkajs 2.2.4 rescheduled its pending-request check every millisecond on
 * every connection, forever, even with nothing pending (patches/README.md):
 * six idle services burned a third of a core. With the patch a connected,
 * idle client schedules no timers at all.
 */
describe('an idle Kafka client', () => {
  const kafka = createKafka({ brokers, clientId: 'idle-timers-test', logger: pino({ level: 'silent' }) });
  const admin = kafka.admin();

  afterAll(() => admin.disconnect());

  it('schedules no timer while nothing is pending', async () => {
    await admin.connect();
    await admin.listTopics();
    const original = global.setTimeout;
    let scheduled = 0;
    global.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      scheduled += 1;
      return original(...args);
    }) as typeof setTimeout;
    try {
      await new Promise((resolve) => original(resolve, 300));
    } finally {
      global.setTimeout = original;
    }
    expect(scheduled).toBe(0);
  });
});
