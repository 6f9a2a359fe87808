import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '@switchyard/telemetry';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/**
 * kafkajs warnings that do not apply here, demoted to debug: we never relied
 * on the v1 partitioner, and bounded producer retries are deliberate — a
 * transaction that exhausts them is aborted and its chunk replayed.
 */
const EXPECTED_WARNINGS = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

/** kafkajs logs through our JSON logger; its INFO chatter is demoted to debug. */
function logCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const fields = { kafka: extra };
      if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN && !EXPECTED_WARNINGS.some((pattern) => pattern.test(message))) logger.warn(fields, message);
      else logger.debug(fields, message);
    };
}

/**
 * The Kafka client behind the messaging port. Only this folder imports
 * kafkajs, so swapping the client touches one lib.
 */
export function createKafka(options: KafkaConnectionOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: logCreator(options.logger),
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 20 },
    connectionTimeout: 3_000,
  });
}

export type { Kafka };
