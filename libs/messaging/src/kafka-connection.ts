import { Kafka, logLevel, type LogEntry } from 'kafkajs';
import type { Logger } from '@switchyard/telemetry';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/** kafkajs logs through our JSON logger; its INFO chatter is demoted to debug. */
function logCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const fields = { kafka: extra };
      if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
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
