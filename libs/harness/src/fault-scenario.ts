import type { ConfigDocument } from '@switchyard/config';
import { TopicReader } from '@switchyard/messaging';
import { busiestLeader } from './busiest-leader';
import { countDelivery } from './delivery-count';
import { mixedJobs, publishJobs } from './job-mix';
import type { LocalInfra } from './local-infra';
import { infraCommand } from './local-infra';
import type { ServiceName } from './pipeline';
import { PipelineRun } from './pipeline-run';
import { readConfigDocument } from './run-config';

/** What the fault harness can SIGKILL mid-run. */
export const FAULTS = ['broker-leader', 'redis', 'classifier', 'router', 'worker', 'scorer'] as const;
export type Fault = (typeof FAULTS)[number];

const SERVICE_OF: Partial<Record<Fault, ServiceName>> = { classifier: 'classifier', router: 'router', worker: 'model-worker', scorer: 'scorer' };

export interface RunFigures {
  jobs: number;
  results: number;
  dlq: number;
  lost: number;
  duplicates: number;
  jobsPerSecond: number;
  recoverySeconds: number | null;
  /** Only when a job has more than one outcome: where its copies sit, and how many duplicates each hop's topic holds, to name the stage that doubled them. */
  doubled?: { copies: string[]; duplicatesByTopic: Record<string, number> };
}

function chaosDocument(): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, partitions: 3, replicationFactor: 3, sessionTimeoutMs: 6_000 };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 2, latencyP95Ms: 10, failureRate: 0 };
  return doc;
}

async function injectFault(fault: Fault, run: PipelineRun, pauseMs: number, log: (message: string) => void): Promise<void> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, pauseMs));
  if (fault === 'broker-leader') {
    const { topics } = run;
    const leader = await busiestLeader(run.kafka, [topics.jobs, topics.classified, topics.results, ...run.config.pools.map((p) => topics.pool(p.id))]);
    log(`SIGKILL Kafka node ${leader.brokerId} (leads ${leader.partitionsLed} partitions of ${leader.topic})`);
    infraCommand('kill-node', String(leader.brokerId));
    await pause();
    infraCommand('start-node', String(leader.brokerId));
    return;
  }
  if (fault === 'redis') {
    log('SIGKILL Redis');
    infraCommand('kill-redis');
    await pause();
    infraCommand('start-redis');
    return;
  }
  const [victim] = run.pipeline.instances(SERVICE_OF[fault] as ServiceName);
  log(`SIGKILL ${victim.options.instance} (pid ${victim.pid})`);
  await victim.stop('SIGKILL');
  await pause();
  victim.start();
}

/**
 * Seconds from the fault until outcomes flow at half the baseline rate again
 * (1 s buckets), counted only if the flow dropped below that; 0 if it never did.
 */
function recoverySeconds(arrivals: number[], faultAt: number, baselinePerSecond: number): number {
  const buckets: number[] = [];
  for (const t of arrivals) if (t >= faultAt) buckets[Math.floor((t - faultAt) / 1000)] = (buckets[Math.floor((t - faultAt) / 1000)] ?? 0) + 1;
  const half = baselinePerSecond / 2;
  const last = buckets.length - 1;
  const dropped = Array.from({ length: last }, (_, i) => buckets[i] ?? 0).findIndex((n) => n < half);
  if (dropped < 0) return 0;
  for (let i = dropped + 1; i < last; i++) if ((buckets[i] ?? 0) >= half) return i;
  // The flow never got back to half speed before the jobs ran out: recovered when the last one arrived.
  return last + 1;
}

export interface FaultRunOptions {
  fault: Fault | null;
  jobs: number;
  /** How long the killed part stays down. */
  pauseMs: number;
  infra: LocalInfra;
  /** Jobs per second without a fault, for recovery_s. */
  baselinePerSecond: number;
  log: (message: string) => void;
}

/**
 * Reads every hop's topic from the start with a second read_committed reader
 * and counts, per topic, the run's jobs held more than once, as the results
 * are counted: the first topic with a count is the output of the stage that
 * doubled them.
 */
async function duplicatesByHop(run: PipelineRun, ids: Set<string>): Promise<Record<string, number>> {
  const { topics } = run;
  const hops = [topics.jobs, topics.classified, ...run.config.pools.map((p) => topics.pool(p.id)), topics.results, topics.dlq];
  const reader = new TopicReader(run.kafka, hops);
  await reader.start();
  try {
    await reader.waitUntil(() => reader.records.length > 0 && reader.idleFor() > 5_000, 120_000);
    const perTopic = (topic: string) => countDelivery(ids, reader.records.filter((r) => r.topic === topic), []).duplicates;
    return Object.fromEntries(hops.map((topic) => [topic.slice(run.prefix.length), perTopic(topic)]));
  } finally {
    await reader.close();
  }
}

/**
 * Runs the real pipeline on the three-node cluster, SIGKILLs one part of it
 * once a third of the results are in, restarts it after a pause, and counts
 * what an independent read_committed reader saw on the results and DLQ topics.
 */
export async function runFaultScenario({ fault, jobs, pauseMs, infra, baselinePerSecond, log }: FaultRunOptions): Promise<RunFigures> {
  const run = new PipelineRun({ label: `chaos-${fault ?? 'baseline'}`, document: chaosDocument(), brokers: infra.brokers, redisUrl: infra.redisUrl });
  await run.start();
  try {
    const warmup = mixedJobs(100, `${run.prefix}warmup`);
    await publishJobs(run.publisher, run.topics, warmup);
    await run.settle(new Set(warmup.map((j) => j.id ?? '')), 180_000, 500);
    const batch = mixedJobs(jobs, `${run.prefix}job`);
    const ids = new Set(batch.map((j) => j.id ?? ''));
    const started = Date.now();
    const publishing = publishJobs(run.publisher, run.topics, batch, { retries: 30, onRetry: (err) => log(`job batch not stored, sending it again: ${(err as Error).message}`) });
    let faultAt = 0;
    if (fault) {
      await run.reader.waitUntil(() => run.results(ids).length >= jobs / 3, 600_000);
      faultAt = Date.now();
      await injectFault(fault, run, pauseMs, log);
    }
    await publishing;
    const count = await run.settle(ids, 900_000, 5_000);
    const arrivals = [...run.results(ids), ...run.deadLetters(ids)].map((r) => r.receivedAt);
    const finished = Math.max(...arrivals);
    if (count.lost > 0) log(`lost job ids (first 20): ${count.lostIds.join(', ')}; logs in ${run.dir}`);
    let doubled: RunFigures['doubled'];
    if (count.duplicates > 0) {
      // A trace that fails must not hide the count it explains.
      const duplicatesByTopic = await duplicatesByHop(run, ids).catch((err: Error) => ({ [`trace failed: ${err.message}`]: -1 }));
      doubled = { copies: count.duplicateCopies, duplicatesByTopic };
      log(`doubled jobs: ${JSON.stringify(doubled)}; logs in ${run.dir}`);
    }
    return {
      jobs,
      results: count.results,
      dlq: count.dlq,
      lost: count.lost,
      duplicates: count.duplicates,
      jobsPerSecond: jobs / ((finished - started) / 1000),
      recoverySeconds: fault ? recoverySeconds(arrivals, faultAt, baselinePerSecond) : null,
      ...(doubled && { doubled }),
    };
  } finally {
    await run.stop();
  }
}
