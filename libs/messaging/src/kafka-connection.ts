import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { Logger } from '@switchyard/telemetry';
import { assertKafkajsPatched } from './kafkajs-patch-check';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** TLS from PEM files; `{}` trusts the system CAs. Absent: plaintext. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** SASL with the password read from a file (a mounted secret). */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; passwordFile: string };
}

/** The PEM files and the SASL password are read once, here, so a wrong path stops start-up naming the file. */
function security(options: KafkaConnectionOptions): { ssl?: { ca?: string; cert?: string; key?: string }; sasl?: SASLOptions } {
  const read = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, 'utf8'));
  const ssl = options.tls && { ca: read(options.tls.caFile), cert: read(options.tls.certFile), key: read(options.tls.keyFile) };
  const sasl = options.sasl && ({ mechanism: options.sasl.mechanism, username: options.sasl.username, password: read(options.sasl.passwordFile)!.trim() } as SASLOptions);
  return { ssl, sasl };
}

/**
 * kafkajs warnings that do not apply here, demoted to debug: we never relied
 * on the v1 partitioner, and bounded producer retries are deliberate — a
 * transaction that exhausts them is aborted and its chunk replayed.
 */
const EXPECTED_WARNINGS = [/switched default partitioner/, /Limiting retries for the idempotent producer/];
/**
 * kafkajs logs every error response at ERROR, including CONCURRENT_TRANSACTIONS,
 * which a transaction right after the previous commit gets until that commit's
 * markers are written; it is retried (transactional-stage.ts), so it is debug.
 */
const RETRIED_RESPONSE_ERRORS = [/another concurrent operation on the same transaction/];

/** kafkajs logs through our JSON logger; its INFO chatter is demoted to debug. */
function logCreator(logger: Logger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const fields = { kafka: extra };
      const retried = level === logLevel.ERROR && RETRIED_RESPONSE_ERRORS.some((pattern) => pattern.test(String(extra.error ?? '')));
      if (level === logLevel.ERROR && !retried) logger.error(fields, message);
      else if (level === logLevel.WARN && !EXPECTED_WARNINGS.some((pattern) => pattern.test(message))) logger.warn(fields, message);
      else logger.debug(fields, message);
    };
}

/**
 * The Kafka client behind the messaging port. Only this folder imports
 * kafkajs, so swapping the client touches one lib.
 */
export function createKafka(options: KafkaConnectionOptions): Kafka {
  assertKafkajsPatched();
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: logCreator(options.logger),
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 20 },
    connectionTimeout: 3_000,
    ...security(options),
  });
}

export type { Kafka };
