/**
 * One hop of the exactly-once relay as a process of its own, started by
 * relay-processes.ts: reads RELAY_HOP (a RelayHop as JSON) and KAFKA_BROKERS,
 * tells its parent "ready" once its stage runs, and stops on SIGTERM.
 */
import pino from 'pino';
import { createKafka } from '@switchyard/messaging';
import { relayStage, type RelayHop } from './relay-floor';

async function main(): Promise<void> {
  const hop = JSON.parse(process.env.RELAY_HOP ?? '') as RelayHop;
  const logger = pino({ level: 'warn' });
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: `relay-hop-${hop.from}`, logger });
  const stage = relayStage(kafka, hop, logger);
  await stage.start();
  process.once('SIGTERM', () => void stage.stop().finally(() => process.exit(0)));
  process.send?.('ready');
}

main().catch((err) => {
  process.stderr.write(`relay hop failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
