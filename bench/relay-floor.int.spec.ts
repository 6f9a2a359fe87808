import pino from 'pino';
import { createKafka } from '@switchyard/messaging';
import { openLoopLatencies, startRelay, timeFlow } from './relay-floor';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logger = pino({ level: 'silent' });

describe('the relay floor on a real broker', () => {
  const kafka = createKafka({ brokers, clientId: 'relay-floor-test', logger });

  it('counts a burst and an open-loop run only once every message has come out of the last hop', async () => {
    const relay = await startRelay(kafka, { hops: 2, logger });
    try {
      expect(relay.pids).toEqual([process.pid]);

      const burst = await timeFlow(kafka, relay.input, relay.output, 1_200, 200);
      expect(burst).toMatchObject({ messages: 1_200 });
      expect(burst.messagesPerSecond).toBeCloseTo(1_200 / burst.seconds);

      const latencies = await openLoopLatencies(kafka, relay.input, relay.output, 300, 1_000, 200);
      expect(latencies).toHaveLength(300);
      expect(latencies[0]).toBeGreaterThanOrEqual(0);
    } finally {
      await relay.stop();
    }
  });
});
