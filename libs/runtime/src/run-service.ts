import { ConfigError, DEFAULT_CONFIG_PATH, loadConfig, type SwitchyardConfig } from '@switchyard/config';
import { assertValidPipelines } from '@switchyard/pipelines';
import { consumerGroups, ConsumerLagReader, createKafka, topicNames, TransactionalStage, withResultsJsonMirror, type ConsumerGroups, type Kafka, type StageOptions, type TopicNames } from '@switchyard/messaging';
import { createLogger, startHealthServer, startMetrics, startTracing, throttledWarning, type Logger, type ReadinessCheck, type ServiceMetrics } from '@switchyard/telemetry';
import { hostname } from 'node:os';
import type { Tracer } from '@opentelemetry/api';
import { provisionPipelineTopics } from './pipeline-topics';
import { consumerLagOf, recordCommittedChunks, type ConsumedTopics } from './stage-metrics';

/** What every service gets: parsed config, logger, tracer, metrics, Kafka, topic and group names. */
export interface ServiceContext {
  config: SwitchyardConfig;
  logger: Logger;
  tracer: Tracer;
  /** Recorded by the service's stages; exported over OTLP and scraped at /metrics on its HTTP port. */
  metrics: ServiceMetrics;
  kafka: Kafka;
  topics: TopicNames;
  groups: ConsumerGroups;
  /** For re-reading the config at run time (an admin reload); settings come from `config`. */
  env: NodeJS.ProcessEnv;
  /** This replica's name: `instance.id` (SWITCHYARD_INSTANCE), else "<hostname>-<pid>". */
  instanceId: string;
  /** Starts this service's consume → process → produce stage with the deployment's Kafka, DLQ and delivery settings. */
  startStage<T>(spec: StageSpec<T>): Promise<TransactionalStage<T>>;
}

/** What differs between the services' stages; the rest comes from the config. */
export type StageSpec<T> = Pick<StageOptions<T>, 'groupId' | 'topics' | 'decode' | 'process' | 'minMessagesPerTransaction'>;

export interface RunningService {
  readiness: Record<string, ReadinessCheck>;
  /** Stops consuming, finishes in-flight work, commits, disconnects. */
  close(): Promise<void>;
}

export interface ServiceDefinition {
  name: string;
  httpPort(config: SwitchyardConfig): number;
  start(context: ServiceContext): Promise<RunningService>;
}

/** Exit codes an orchestrator can tell apart. */
const EXIT_BAD_CONFIG = 2;
const EXIT_CRASHED = 1;

/**
 * Boots a service: config (a bad file stops start-up naming the key),
 * logging, tracing, metrics, topics, health endpoints, and an orderly SIGTERM:
 * closes what it started in reverse order, then exits 0.
 */
export async function runService(definition: ServiceDefinition, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: SwitchyardConfig;
  try {
    config = loadConfig(env);
    assertValidPipelines(config, env.SWITCHYARD_CONFIG ?? DEFAULT_CONFIG_PATH);
  } catch (err) {
    process.stderr.write(`${definition.name}: ${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const logger = createLogger({ service: definition.name, level: config.telemetry.logLevel, logPrompts: config.telemetry.logPrompts });
  const tracing = startTracing({ service: definition.name, otlpEndpoint: config.telemetry.otlpEndpoint });
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: `${config.kafka.clientId}-${definition.name}`, logger, tls: config.kafka.tls, sasl: config.kafka.sasl });
  const topics = topicNames(config.kafka.topicPrefix);
  const metrics = startMetrics({ service: definition.name, otlpEndpoint: config.telemetry.otlpEndpoint });
  const lagReader = new ConsumerLagReader(kafka);
  const consumed: ConsumedTopics[] = [];
  metrics.metrics.observeConsumerLag(consumerLagOf(lagReader, consumed, throttledWarning(logger, 'consumer lag not read from Kafka')));
  const closers: (() => Promise<void>)[] = [() => tracing.close(), () => metrics.close(), () => lagReader.close()];
  let stopping = false;

  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    for (const close of closers.reverse()) {
      await close().catch((err) => logger.error({ err }, 'error while closing'));
    }
    logger.info('stopped');
    logger.flush();
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    void shutdown('uncaughtException', EXIT_CRASHED);
  });
  process.on('unhandledRejection', (err) => {
    logger.fatal({ err }, 'unhandled rejection');
    void shutdown('unhandledRejection', EXIT_CRASHED);
  });

  try {
    await provisionPipelineTopics(kafka, config, topics);
    const startStage = async <T>(spec: StageSpec<T>) => {
      // Every stage's results are mirrored here, so no service that publishes results (model-worker, pipeline-advancer) can leave them out.
      const mirrored: StageSpec<T>['process'] = async (messages) => withResultsJsonMirror(await spec.process(messages), topics);
      const stage = new TransactionalStage<T>({
        ...spec,
        process: config.kafka.resultsJsonMirror ? mirrored : spec.process,
        kafka,
        name: definition.name,
        dlqTopic: topics.dlq,
        logger,
        sessionTimeoutMs: config.kafka.sessionTimeoutMs,
        delivery: config.kafka.delivery,
        maxMessageBytes: config.kafka.maxMessageBytes,
        onCommitted: recordCommittedChunks(metrics.metrics, definition.name, topics.dlq),
      });
      await stage.start();
      consumed.push({ groupId: spec.groupId, topics: spec.topics });
      return stage;
    };
    const service = await definition.start({ config, logger, tracer: tracing.tracer, metrics: metrics.metrics, kafka, topics, groups: consumerGroups(config.kafka.topicPrefix), env, instanceId: config.instance.id ?? `${hostname()}-${process.pid}`, startStage });
    closers.push(() => service.close());
    const health = await startHealthServer(definition.httpPort(config), service.readiness, metrics.scrape);
    closers.push(() => health.close());
    logger.info({ httpPort: health.port, brokers: config.kafka.brokers }, 'started');
  } catch (err) {
    logger.fatal({ err }, 'failed to start');
    await shutdown('start-up failed', EXIT_CRASHED);
  }
}
