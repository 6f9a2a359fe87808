import type { Job, ResultInput } from '@switchyard/contracts';
import { jobHeaders, resultRecord, type OutboundRecord } from '@switchyard/messaging';
import { throttledWarning, type Logger } from '@switchyard/telemetry';

/**
 * How long results wait to share one Kafka transaction. Every transaction is
 * three requests (AddPartitions, Produce, EndTxn): flushed every 50 ms, kafkajs
 * took about a tenth of the router's CPU in calls one at a time (profiled).
 * The scorer needs no fresher results than this.
 */
const FLUSH_EVERY_MS = 250;
/** Results kept for a retry while Kafka is away; older ones are dropped (and counted in the warning). */
const MAX_PENDING = 10_000;

type ResultJob = Pick<Job, 'id' | 'tenant' | 'affinityKey' | 'attempt' | 'deadlineUnixMs'>;

/** Somewhere results go: the results topic. */
export interface ResultSink {
  add(result: ResultInput, job: ResultJob): void;
}

interface PendingResult {
  result: ResultInput;
  job: ResultJob;
}

/**
 * Puts synchronous results on the results topic, as model-workers do for
 * Kafka jobs, so the scorer and the statistics learn from both paths. The
 * caller never waits for Kafka: results are batched and published in one
 * transaction every FLUSH_EVERY_MS; a failed batch is retried with the next.
 * Results are encoded at the flush, not when added, so the encoding is off
 * the answer's path (it sat between the model's answer and the caller's).
 */
export class ResultPublisher implements ResultSink {
  private pending: PendingResult[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly warn: (err: unknown) => void;
  private dropped = 0;

  constructor(
    private readonly publish: (records: OutboundRecord[]) => Promise<void>,
    private readonly resultsTopic: string,
    logger: Logger,
  ) {
    this.warn = throttledWarning(logger, 'synchronous results not published yet; retrying');
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  add(result: ResultInput, job: ResultJob): void {
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.dropped += 1;
    }
    this.pending.push({ result, job });
  }

  /** Publishes what is pending; resolves when that batch is stored or has failed (and is kept for the next). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.pending = [];
      try {
        await this.publish(batch.map(({ result, job }) => resultRecord(this.resultsTopic, job, result, jobHeaders(job))));
      } catch (err) {
        this.pending = [...batch, ...this.pending].slice(-MAX_PENDING);
        this.warn(Object.assign(err as Error, { dropped: this.dropped }));
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
