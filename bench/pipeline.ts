/**
 * Pipeline throughput against the raw Kafka ceiling, measured side by side in
 * one run: `npm run bench:pipeline -- --jobs 5000 --json`.
 *
 * - raw: this Kafka client producing and consuming N messages on one topic
 *   (the median of three passes).
 * - relay: N messages through four exactly-once TransactionalStages that
 *   forward them unchanged (one process, no service work): what the delivery
 *   guarantee alone leaves of the raw ceiling.
 * - relay_processes: the same four hops in four processes, the pipeline's
 *   topology with no service work: the ceiling the services can approach.
 * - pipeline: N jobs through classifier → router → model-worker → scorer with
 *   a zero-latency simulated backend and the delivery guarantee on (each hop
 *   transactional), counted by an independent read_committed reader.
 * - pipeline_at_least_once: the same with plain sends, to show what the
 *   guarantee costs.
 */
import type { ConfigDocument } from '@switchyard/config';
import { resultCodec } from '@switchyard/contracts';
import pino from 'pino';
import { ensureLocalInfra, mixedJobs, PipelineRun, publishJobs, readConfigDocument } from '@switchyard/harness';
import { intFlag, parseFlags, percentile } from './cli-args';
import { measureRawThroughput, measureTransactionalRelay } from './raw-throughput';
import { relayHopsInProcesses } from './relay-processes';

const RAW_RUNS = 3;

interface PipelineFigures {
  jobsPerSecond: number;
  p50: number;
  p99: number;
  lost: number;
  duplicates: number;
}

function zeroLatencyDocument(delivery: 'exactly-once' | 'at-least-once'): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, delivery };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 0, latencyP95Ms: 0, failureRate: 0 };
  return doc;
}

async function measurePipeline(jobs: number, delivery: 'exactly-once' | 'at-least-once', infra: { brokers: string[]; redisUrl: string }, log: (m: string) => void): Promise<PipelineFigures> {
  const run = new PipelineRun({ label: `bench-${delivery}`, document: zeroLatencyDocument(delivery), ...infra });
  await run.start();
  try {
    const warmup = mixedJobs(200, `${run.prefix}warmup`);
    await publishJobs(run.publisher, run.topics, warmup);
    await run.settle(new Set(warmup.map((j) => j.id ?? '')), 180_000, 500);
    log(`${delivery}: warmed up, sending ${jobs} jobs`);
    const batch = mixedJobs(jobs, `${run.prefix}bench`);
    const ids = new Set(batch.map((j) => j.id ?? ''));
    const started = Date.now();
    await publishJobs(run.publisher, run.topics, batch);
    const count = await run.settle(ids, 600_000, 2_000);
    const results = run.results(ids);
    const finished = Math.max(...results.map((r) => r.receivedAt));
    const latencies = results.map((r) => r.receivedAt - resultCodec.decode(r.value).jobCreatedUnixMs).sort((a, b) => a - b);
    return { jobsPerSecond: jobs / ((finished - started) / 1000), p50: percentile(latencies, 50), p99: percentile(latencies, 99), lost: count.lost, duplicates: count.duplicates };
  } finally {
    await run.stop();
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const jobs = intFlag(flags, 'jobs', 5_000);
  const log = (m: string) => process.stderr.write(`bench:pipeline ${m}\n`);
  const infra = await ensureLocalInfra({ log });
  try {
    const probe = new PipelineRun({ label: 'bench-raw', document: zeroLatencyDocument('exactly-once'), ...infra });
    // One raw pass of N messages lasts well under a second here, and its rate
    // varied 2x between passes; the ceiling is the median of three.
    const rawRuns: number[] = [];
    for (let i = 0; i < RAW_RUNS; i++) rawRuns.push((await measureRawThroughput(probe.kafka, jobs)).messagesPerSecond);
    const raw = { messagesPerSecond: percentile([...rawRuns].sort((a, b) => a - b), 50) };
    log(`raw: ${rawRuns.map((r) => r.toFixed(0)).join(', ')} msgs/s (median ${raw.messagesPerSecond.toFixed(0)})`);
    const relay = await measureTransactionalRelay(probe.kafka, jobs, { hops: 4, logger: pino({ level: 'silent' }) });
    log(`4-hop exactly-once relay: ${relay.messagesPerSecond.toFixed(0)} msgs/s`);
    const relayProcesses = await measureTransactionalRelay(probe.kafka, jobs, { hops: 4, logger: pino({ level: 'silent' }), runHops: relayHopsInProcesses(infra.brokers) });
    log(`4-hop exactly-once relay, a process per hop: ${relayProcesses.messagesPerSecond.toFixed(0)} msgs/s`);
    const guaranteed = await measurePipeline(jobs, 'exactly-once', infra, log);
    const plain = await measurePipeline(jobs, 'at-least-once', infra, log);
    const line = {
      jobs,
      pipeline_jobs_per_s: Math.round(guaranteed.jobsPerSecond),
      raw_msgs_per_s: Math.round(raw.messagesPerSecond),
      raw_runs_msgs_per_s: rawRuns.map(Math.round),
      ratio: Number((guaranteed.jobsPerSecond / raw.messagesPerSecond).toFixed(3)),
      e2e_p50_ms: guaranteed.p50,
      e2e_p99_ms: guaranteed.p99,
      lost: guaranteed.lost,
      duplicates: guaranteed.duplicates,
      relay_msgs_per_s: Math.round(relay.messagesPerSecond),
      relay_ratio: Number((relay.messagesPerSecond / raw.messagesPerSecond).toFixed(3)),
      relay_processes_msgs_per_s: Math.round(relayProcesses.messagesPerSecond),
      relay_processes_ratio: Number((relayProcesses.messagesPerSecond / raw.messagesPerSecond).toFixed(3)),
      pipeline_at_least_once_jobs_per_s: Math.round(plain.jobsPerSecond),
      guarantee_cost_ratio: Number((guaranteed.jobsPerSecond / plain.jobsPerSecond).toFixed(3)),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await infra.release();
  }
}

main().catch((err) => {
  process.stderr.write(`bench:pipeline failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
