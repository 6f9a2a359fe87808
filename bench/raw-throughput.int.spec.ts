import pino from 'pino';
import { createKafka } from '@switchyard/messaging';
import { measureRawThroughput, measureTransactionalRelay } from './raw-throughput';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = pino({ level: 'silent' });

describe('throughput ceilings on a real broker', () => {
  const kafka = createKafka({ brokers, clientId: 'ceiling-test', logger });

  it('times the raw round trip and the exactly-once relay only once every message has been read at the far end', async () => {
    const raw = await measureRawThroughput(kafka, 1_200);
    expect(raw).toMatchObject({ messages: 1_200 });
    expect(raw.messagesPerSecond).toBeCloseTo(1_200 / raw.seconds);

    const relay = await measureTransactionalRelay(kafka, 1_200, { hops: 2, logger });
    expect(relay).toMatchObject({ messages: 1_200 });
    expect(relay.seconds).toBeGreaterThan(0);
  });
});
