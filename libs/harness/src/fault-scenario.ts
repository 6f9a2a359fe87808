import type { ConfigDocument } from '@switchyard/config';
import { DEFAULT_TRANSACTION_TIMEOUT_MS, PlainPublisher, TopicReader, type OutboundRecord } from '@switchyard/messaging';
import { busiestLeader } from './busiest-leader';
import { countDelivery } from './delivery-count';
import { startCpuHogs } from './cpu-hog';
import { garbageJobs } from './garbage-jobs';
import { documentForMix, jobsOfMix, publishJobs, publishWithRetries, type JobMix, type JobSink } from './job-mix';
import type { LocalInfra } from './local-infra';
import { infraCommand } from './local-infra';
import type { ServiceName } from './pipeline';
import { PipelineRun } from './pipeline-run';
import { readConfigDocument } from './run-config';

/** What the fault harness can SIGKILL mid-run, or SIGSTOP (the pauses) and wake again. */
export const FAULTS = ['broker-leader', 'redis', 'classifier', 'router', 'worker', 'scorer', 'broker-pause', 'worker-pause', 'redis-pause'] as const;
export type Fault = (typeof FAULTS)[number];

const SERVICE_OF: Partial<Record<Fault, ServiceName>> = { classifier: 'classifier', router: 'router', worker: 'model-worker', scorer: 'scorer', 'worker-pause': 'model-worker' };
/** The chaos runs' consumer session timeout: a worker paused for twice as long has lost its partitions when it wakes. */
const SESSION_TIMEOUT_MS = 6_000;
/** Longer than a transaction may stay open, so the paused leader's open transactions are expired by their coordinators. */
const BROKER_PAUSE_MS = DEFAULT_TRANSACTION_TIMEOUT_MS + 5_000;

export interface RunFigures {
  jobs: number;
  results: number;
  dlq: number;
  lost: number;
  duplicates: number;
  jobsPerSecond: number;
  /** The slowest recovery of the run's faults. */
  recoverySeconds: number | null;
  /** Only with garbage: how many pieces were sent, and how many ended in the DLQ, with a result, or with neither. */
  garbage?: { sent: number; dlq: number; results: number; lost: number };
  /** Only when a job has more than one outcome: where its copies sit, and how many duplicates each hop's topic holds, to name the stage that doubled them. */
  doubled?: { copies: string[]; duplicatesByTopic: Record<string, number> };
}

function chaosDocument(): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, partitions: 3, replicationFactor: 3, sessionTimeoutMs: SESSION_TIMEOUT_MS };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 2, latencyP95Ms: 10, failureRate: 0 };
  return doc;
}

async function injectFault(fault: Fault, run: PipelineRun, pauseMs: number, log: (message: string) => void): Promise<void> {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  if (fault === 'broker-leader' || fault === 'broker-pause') {
    const { topics } = run;
    const leader = await busiestLeader(run.kafka, [topics.jobs, topics.classified, topics.results, ...run.config.pools.map((p) => topics.pool(p.id))]);
    const node = String(leader.brokerId);
    if (fault === 'broker-pause') {
      const ms = Math.max(pauseMs, BROKER_PAUSE_MS);
      log(`SIGSTOP Kafka node ${node} for ${ms} ms (leads ${leader.partitionsLed} partitions of ${leader.topic})`);
      infraCommand('pause-node', node);
      await pause(ms);
      infraCommand('resume-node', node);
      return;
    }
    log(`SIGKILL Kafka node ${node} (leads ${leader.partitionsLed} partitions of ${leader.topic})`);
    infraCommand('kill-node', node);
    await pause(pauseMs);
    infraCommand('start-node', node);
    return;
  }
  if (fault === 'redis' || fault === 'redis-pause') {
    log(fault === 'redis' ? 'SIGKILL Redis' : `SIGSTOP Redis for ${pauseMs} ms`);
    infraCommand(fault === 'redis' ? 'kill-redis' : 'pause-redis');
    await pause(pauseMs);
    infraCommand(fault === 'redis' ? 'start-redis' : 'resume-redis');
    return;
  }
  const [victim] = run.pipeline.instances(SERVICE_OF[fault] as ServiceName);
  if (fault === 'worker-pause') {
    // Woken after its partitions moved, the worker is a zombie: its next commit must be fenced.
    const ms = Math.max(pauseMs, 2 * SESSION_TIMEOUT_MS);
    log(`SIGSTOP ${victim.options.instance} (pid ${victim.pid}) for ${ms} ms`);
    victim.signal('SIGSTOP');
    await pause(ms);
    victim.signal('SIGCONT');
    return;
  }
  log(`SIGKILL ${victim.options.instance} (pid ${victim.pid})`);
  await victim.stop('SIGKILL');
  await pause(pauseMs);
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
  /** How long the killed part stays down (a paused broker or worker at least as long as it takes to be given up on). */
  pauseMs: number;
  /** The fault injected this many times, evenly spaced through the run. @default 1 */
  repeat?: number;
  /** "transactional": the project's RecordPublisher; "plain": a non-transactional producer with retries, as other languages send. @default "transactional" */
  producer?: 'transactional' | 'plain';
  /** Fraction of jobs sent twice on purpose, byte for byte. @default 0 */
  resendFraction?: number;
  /** Bad input (garbage-jobs.ts) mixed into the jobs topic, as a fraction of the jobs. @default 0 */
  garbageFraction?: number;
  /** Jobs of one kind (job-mix.ts): "tasks", one model each, or "pipelines", multi-step pipeline jobs. @default "tasks" */
  mix?: JobMix;
  /** Processes spinning a core each beside the run. @default 0 */
  cpuHogs?: number;
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
  const hops = [topics.jobs, topics.classified, topics.pipelines, ...run.config.pools.map((p) => topics.pool(p.id)), topics.results, topics.dlq];
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
export async function runFaultScenario(options: FaultRunOptions): Promise<RunFigures> {
  const { fault, jobs, pauseMs, infra, baselinePerSecond, log } = options;
  // A paused worker's partitions can only move to a second replica of its pool.
  const replicasPerPool = fault === 'worker-pause' ? 2 : 1;
  const run = new PipelineRun({
    label: `chaos-${fault ?? 'baseline'}`,
    document: documentForMix(options.mix ?? 'tasks', chaosDocument()),
    brokers: infra.brokers,
    redisUrl: infra.redisUrl,
    replicasPerPool,
  });
  const stopHogs = startCpuHogs(options.cpuHogs ?? 0);
  const sink: JobSink & { close(): Promise<void> } = options.producer === 'plain' ? new PlainPublisher(run.kafka) : run.publisher;
  await run.start();
  try {
    const warmup = jobsOfMix(options.mix ?? 'tasks', 100, `${run.prefix}warmup`);
    await publishJobs(run.publisher, run.topics, warmup);
    await run.settle(new Set(warmup.map((j) => j.id ?? '')), 180_000, 500);
    const batch = jobsOfMix(options.mix ?? 'tasks', jobs, `${run.prefix}job`);
    const ids = new Set(batch.map((j) => j.id ?? ''));
    const garbage = garbageJobs(Math.round(jobs * (options.garbageFraction ?? 0)), `${run.prefix}bad`, run.topics);
    const garbageIds = new Set(garbage.ids);
    const started = Date.now();
    const publishing = Promise.all([
      publishJobs(sink, run.topics, batch, {
        retries: 30,
        resendFraction: options.resendFraction,
        onRetry: (err) => log(`job batch not stored, sending it again: ${(err as Error).message}`),
      }),
      publishGarbage(run, garbage.records, log),
    ]);
    const faultTimes: number[] = [];
    const repeat = options.repeat ?? 1;
    // Evenly spaced by results: with one fault, once a third of them are in.
    for (let k = 1; fault && k <= repeat; k++) {
      await run.reader.waitUntil(() => run.results(ids).length >= (jobs * k) / (repeat + 2), 900_000);
      faultTimes.push(Date.now());
      await injectFault(fault, run, pauseMs, log);
    }
    await publishing;
    const count = await run.settle(new Set([...ids, ...garbageIds]), 900_000, 5_000).then(() => countDelivery(ids, run.results(ids), run.deadLetters(ids)));
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
      recoverySeconds: fault ? Math.max(...faultTimes.map((at) => recoverySeconds(arrivals, at, baselinePerSecond))) : null,
      ...(doubled && { doubled }),
      ...(garbageIds.size > 0 && { garbage: garbageFigures(run, garbageIds, log) }),
    };
  } finally {
    stopHogs();
    if (sink !== run.publisher) await sink.close().catch(() => undefined);
    await run.stop();
  }
}

/** Bad input in small transactional batches beside the jobs, so it lands among them on every partition. */
async function publishGarbage(run: PipelineRun, records: OutboundRecord[], log: (message: string) => void): Promise<void> {
  for (let i = 0; i < records.length; i += 10) {
    await publishWithRetries(run.publisher, records.slice(i, i + 10), { retries: 30, onRetry: (err) => log(`garbage batch not stored, sending it again: ${(err as Error).message}`) });
  }
}

function garbageFigures(run: PipelineRun, ids: Set<string>, log: (message: string) => void): NonNullable<RunFigures['garbage']> {
  const count = countDelivery(ids, run.results(ids), run.deadLetters(ids));
  if (count.lost > 0) log(`garbage with no outcome (first 20): ${count.lostIds.join(', ')}; logs in ${run.dir}`);
  return { sent: ids.size, dlq: count.dlq, results: count.results, lost: count.lost };
}
