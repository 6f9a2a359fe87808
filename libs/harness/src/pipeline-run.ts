import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { ConfigDocument, SwitchyardConfig } from '@switchyard/config';
import { createKafka, HEADERS, RecordPublisher, TopicReader, topicNames, type Kafka, type ReadRecord, type TopicNames } from '@switchyard/messaging';
import { provisionPipelineTopics } from '@switchyard/runtime';
import { closeRedis, connectRedis, LiveStateStore } from '@switchyard/state';
import { countDelivery, type DeliveryCount } from './delivery-count';
import { Pipeline } from './pipeline';
import { makeRunDir, writeRunConfig } from './run-config';
import { stopOnInterrupt } from './stop-on-interrupt';

export interface PipelineRunOptions {
  /** Names the run's folder, topic prefix and Redis key prefix. */
  label: string;
  /** Config document to run (e.g. the sample, modified); Kafka and Redis settings are filled in. */
  document: ConfigDocument;
  brokers: string[];
  redisUrl: string;
  replicasPerPool?: number;
}

/**
 * One isolated run of the whole pipeline: its own topic and key prefixes, the
 * four services as processes, a transactional job publisher and an
 * independent read_committed reader of results and DLQ.
 */
export class PipelineRun {
  readonly prefix: string;
  readonly dir: string;
  readonly topics: TopicNames;
  readonly config: SwitchyardConfig;
  readonly pipeline: Pipeline;
  readonly kafka: Kafka;
  readonly publisher: RecordPublisher;
  readonly reader: TopicReader;
  private forgetInterrupt?: () => void;

  constructor(options: PipelineRunOptions) {
    this.prefix = `${options.label}-${randomUUID().slice(0, 8)}.`;
    this.dir = makeRunDir(options.label);
    const document = {
      ...options.document,
      kafka: { ...options.document.kafka, brokers: options.brokers, topicPrefix: this.prefix },
      redis: { url: options.redisUrl, keyPrefix: `${this.prefix}sy:` },
    };
    const { file, config } = writeRunConfig(this.dir, document);
    this.config = config;
    this.topics = topicNames(this.prefix);
    this.pipeline = new Pipeline({ config, configFile: file, logDir: this.dir, replicasPerPool: options.replicasPerPool });
    this.kafka = createKafka({ brokers: options.brokers, clientId: `${options.label}-harness`, logger: pino({ level: 'silent' }) });
    this.publisher = new RecordPublisher(this.kafka, `${options.label}-producer`);
    this.reader = new TopicReader(this.kafka, [this.topics.results, this.topics.dlq]);
  }

  /**
   * Creates the topics, starts the reader and the services, and waits until
   * every pool's workers hold a lease. If any of that fails it stops what it
   * started, so a failed run leaves no service processes behind.
   */
  async start(): Promise<void> {
    this.forgetInterrupt = stopOnInterrupt(() => this.stop());
    try {
      await provisionPipelineTopics(this.kafka, this.config, this.topics);
      await this.reader.start();
      await this.publisher.connect();
      this.pipeline.start();
      await this.waitForPools(120_000);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /**
   * Jobs routed before a pool's first heartbeat cannot choose its model
   * (no live pool serves it), so a run starts once the router would see all.
   */
  private async waitForPools(timeoutMs: number): Promise<void> {
    const redis = await connectRedis(this.config.redis.url);
    const store = new LiveStateStore(redis, { keyPrefix: this.config.redis.keyPrefix, breaker: this.config.routing.breaker });
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        // Six services starting at once can starve Redis replies past the
        // command timeout; that is a reason to ask again, not to give up.
        const snapshot = await store.readSnapshot().catch(() => undefined);
        const missing = this.config.pools.filter((p) => !(snapshot && snapshot.pools[p.id]?.leaseExpiresAt > snapshot.takenAt)).map((p) => p.id);
        if (missing.length === 0) return;
        if (Date.now() > deadline) throw new Error(`pools ${missing.join(', ')} have no live worker after ${timeoutMs} ms; logs in ${this.dir}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await closeRedis(redis);
    }
  }

  results(ids: Set<string>): ReadRecord[] {
    return this.reader.records.filter((r) => r.topic === this.topics.results && isFor(ids, r));
  }

  deadLetters(ids: Set<string>): ReadRecord[] {
    return this.reader.records.filter((r) => r.topic === this.topics.dlq && isFor(ids, r));
  }

  /**
   * Waits until every job has an outcome, then until nothing more arrives for `quietMs` (a duplicate
   * would come late). `onEveryOutcome` is called in between, e.g. to read CPU counters before the quiet wait.
   */
  async settle(ids: Set<string>, timeoutMs: number, quietMs = 3_000, onEveryOutcome: () => void = () => undefined): Promise<DeliveryCount> {
    // Counted incrementally: re-filtering every record on each poll took a
    // tenth of a core from the services while a benchmark ran.
    let checked = 0;
    let outcomes = 0;
    const everyJobHasAnOutcome = (records: ReadRecord[]) => {
      for (; checked < records.length; checked++) {
        const record = records[checked];
        if ((record.topic === this.topics.results || record.topic === this.topics.dlq) && isFor(ids, record)) outcomes += 1;
      }
      return outcomes >= ids.size;
    };
    await this.reader.waitUntil(everyJobHasAnOutcome, timeoutMs).catch(() => undefined);
    onEveryOutcome();
    await this.reader.waitUntil(() => this.reader.idleFor() > quietMs, timeoutMs);
    return countDelivery(ids, this.results(ids), this.deadLetters(ids));
  }

  /**
   * Stops the services, then the reader and publisher. A kafkajs client can
   * hang in disconnect after a broker it knew was killed; the harness gives
   * each 10 s so a run always ends.
   */
  async stop(): Promise<void> {
    this.forgetInterrupt?.();
    await this.pipeline.stop();
    await Promise.all([withTimeout(this.reader.close(), 10_000), withTimeout(this.publisher.close(), 10_000)]);
  }
}

/** Whether a record carries one of these job ids. */
function isFor(ids: Set<string>, record: ReadRecord): boolean {
  return ids.has(record.headers[HEADERS.jobId]);
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([work.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}
