/**
 * The readiness check `scripts/infra.sh up` runs after starting servers, and that anyone can run
 * against servers of their own:
 *   tsx tools/infra/wait-ready.ts --kafka 127.0.0.1:9092 [--kafka-log <broker log>] [--expect-brokers 3]
 *                                 [--redis redis://127.0.0.1:6379] [--timeout 120000]
 * Exits 0 once everything named answers; 1 with the last error otherwise.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
// eslint-disable-next-line no-restricted-imports -- runs under plain tsx and jest's globalSetup, where the @switchyard alias does not resolve
import { waitForKafkaReady } from '../../libs/messaging/src/kafka-readiness';
import { waitForRedisReady } from './redis-readiness';

const say = (msg: string) => console.log(`infra: ${msg}`);

/** The running broker's own "Kafka version: x" start-up line (the last one: restarts append). */
function versionFromBrokerLog(logFile: string): string | undefined {
  try {
    const matches = [...readFileSync(logFile, 'utf8').matchAll(/Kafka version: (\S+)/g)];
    return matches.at(-1)?.[1];
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kafka: { type: 'string' },
      'kafka-log': { type: 'string' },
      'expect-brokers': { type: 'string', default: '1' },
      redis: { type: 'string' },
      timeout: { type: 'string', default: '120000' },
    },
  });
  const timeoutMs = Number(values.timeout);
  const verbose = (msg: string) => process.env.INFRA_VERBOSE && say(msg);
  if (values.kafka) {
    const started = Date.now();
    const brokers = values.kafka.split(',');
    const ready = await waitForKafkaReady({ brokers, timeoutMs, minBrokers: Number(values['expect-brokers']), log: verbose });
    const version = (values['kafka-log'] && versionFromBrokerLog(values['kafka-log'])) ?? ready.brokerVersion ?? 'unknown';
    say(
      `Kafka ${values.kafka} ready (metadata, transactional send, group read) in ${seconds(started)} s: ` +
        `Kafka ${version}, ${ready.brokers} broker(s), controller ${ready.controllerId ?? 'unknown'}`,
    );
  }
  if (values.redis) {
    const started = Date.now();
    const { version } = await waitForRedisReady({ url: values.redis, timeoutMs, log: verbose });
    say(`Redis ${values.redis} ready in ${seconds(started)} s: Redis ${version}`);
  }
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

main().catch((error: unknown) => {
  console.error(`infra: error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
