/**
 * Where the pipeline's CPU per job goes, against its own floor, from one run:
 * `npm run bench:pipeline -- --jobs 3000 --json`.
 *
 * 1. Capacity: N jobs sent at once (500 per transaction) through classifier →
 *    router → model-worker → scorer, with a zero-latency simulated backend
 *    and the delivery guarantee on, counted by an independent read_committed
 *    reader. Jobs/s from the first send to the last result; the CPU each
 *    service process, the broker and Redis used over that window, from
 *    /proc/<pid>/stat, per job.
 * 2. Latency: N more jobs sent open-loop (on a schedule, not a burst) at half
 *    that capacity; e2e from when each job was due to be sent to when its
 *    result was read, and the CPU per job at that rate (smaller chunks, so
 *    more transactions a job, than in the burst).
 * 3. The floor, once the services have stopped: four exactly-once hops that
 *    forward each message unchanged, a process per hop (the same
 *    TransactionalStage, chunk sizes and transactions as the services, no
 *    service work), its CPU per message measured the same way, then its
 *    latency at the pipeline's rate.
 *
 * The broker and Redis are shared with anything else using them while the
 * bench runs; their CPU counts that work too.
 */
import type { ConfigDocument } from '@switchyard/config';
import { resultCodec } from '@switchyard/contracts';
import { createKafka } from '@switchyard/messaging';
import pino from 'pino';
import { ensureLocalInfra, infraState, jobRecord, mixedJobs, PipelineRun, publishJobs, readConfigDocument } from '@switchyard/harness';
import { intFlag, parseFlags, percentile } from './cli-args';
import { sendOnSchedule } from './open-loop';
import { cpuMs } from './process-cpu';
import { openLoopLatencies, startRelay, timeFlow } from './relay-floor';
import { relayHopsInProcesses } from './relay-processes';

/**
 * Jobs sent through before anything is measured. The broker's JIT is still compiling for the first
 * minute or so of transactional traffic after it starts (its C2 compiler thread used 39 s of CPU in
 * the first three runs after `infra.sh up`), which 200 jobs did not cover: in back-to-back runs of
 * the same code the broker's share fell from 1.2 to 0.42 ms a job. The floor runs after the
 * pipeline, on the broker the pipeline warmed.
 */
const WARMUP_JOBS = 2_000;

/** The floor's messages are about a job's size on the jobs topic. */
const FLOOR_MESSAGE_BYTES = 200;

/** Processes whose CPU is counted, by what they are (a stage, "broker", "redis"). */
type ProcessGroups = Record<string, number[]>;

function cpuOf(groups: ProcessGroups): Record<string, number> {
  return Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, cpuMs(pids)]));
}

/**
 * CPU per job (ms) of each group over `work`, and the work's result. `work` may call `readCpu` when
 * the jobs are done, so what it waits for afterwards (e.g. a quiet period) is not counted.
 */
async function cpuPerJob<T>(groups: ProcessGroups, jobs: number, work: (readCpu: () => void) => Promise<T>): Promise<{ result: T; perJob: Record<string, number> }> {
  const before = cpuOf(groups);
  let after: Record<string, number> | undefined;
  const result = await work(() => (after ??= cpuOf(groups)));
  after ??= cpuOf(groups);
  const spent = after;
  return { result, perJob: Object.fromEntries(Object.keys(groups).map((name) => [name, round3((spent[name] - before[name]) / jobs)])) };
}

function total(perJob: Record<string, number>): number {
  return round3(Object.values(perJob).reduce((a, b) => a + b, 0));
}

function round3(value: number): number {
  return Number(value.toFixed(3));
}

function zeroLatencyDocument(): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, delivery: 'exactly-once' };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 0, latencyP95Ms: 0, failureRate: 0 };
  return doc;
}

/** The local single broker's and Redis's pids, from scripts/infra.sh: their CPU is part of a job's. */
function infraPids(brokers: string[]): ProcessGroups {
  const state = infraState();
  const broker = state.kafka?.nodes[0]?.pid;
  const redis = state.redis?.pid;
  if (!broker || !redis || state.kafka?.brokers.join(',') !== brokers.join(',')) {
    throw new Error(`bench:pipeline reads the broker's and Redis's CPU from /proc and needs the local single broker and Redis of scripts/infra.sh (running ${brokers.join(',')}; KAFKA_BROKERS must not point elsewhere)`);
  }
  return { broker: [broker], redis: [redis] };
}

async function measurePipeline(jobs: number, infra: { brokers: string[]; redisUrl: string }, log: (m: string) => void) {
  const run = new PipelineRun({ label: 'bench-pipeline', document: zeroLatencyDocument(), ...infra });
  await run.start();
  try {
    const stages: ProcessGroups = {};
    for (const p of run.pipeline.processes) (stages[p.options.service] ??= []).push(p.pid ?? 0);
    const groups = { ...stages, ...infraPids(infra.brokers) };
    const warmup = mixedJobs(WARMUP_JOBS, `${run.prefix}warmup`);
    await publishJobs(run.publisher, run.topics, warmup);
    await run.settle(new Set(warmup.map((j) => j.id ?? '')), 180_000, 500);

    log(`warmed up, sending ${jobs} jobs at once`);
    const burst = mixedJobs(jobs, `${run.prefix}burst`);
    const burstIds = new Set(burst.map((j) => j.id ?? ''));
    const started = Date.now();
    const capacity = await cpuPerJob(groups, jobs, async (readCpu) => {
      await publishJobs(run.publisher, run.topics, burst);
      return run.settle(burstIds, 600_000, 2_000, readCpu);
    });
    const finished = Math.max(...run.results(burstIds).map((r) => r.receivedAt));
    const jobsPerSecond = jobs / ((finished - started) / 1000);
    const rate = Math.max(1, Math.round(jobsPerSecond / 2));
    log(`capacity ${jobsPerSecond.toFixed(0)} jobs/s, ${total(capacity.perJob)} ms CPU a job; sending ${jobs} jobs open-loop at ${rate}/s`);

    const paced = mixedJobs(jobs, `${run.prefix}paced`);
    const pacedIds = new Set(paced.map((j) => j.id ?? ''));
    const pacedRun = await cpuPerJob(groups, jobs, async (readCpu) => {
      await sendOnSchedule(jobs, rate, (first, dueAtMs) => run.publisher.publish(dueAtMs.map((due, j) => jobRecord({ ...paced[first + j], createdUnixMs: due }, run.topics))));
      return run.settle(pacedIds, 600_000, 2_000, readCpu);
    });
    const pacedCount = pacedRun.result;
    const latencies = run.results(pacedIds).map((r) => r.receivedAt - Number(resultCodec.decode(r.value).jobCreatedUnixMs)).sort((a, b) => a - b);
    return {
      jobsPerSecond,
      rate,
      cpu: capacity.perJob,
      pacedCpu: pacedRun.perJob,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      lost: capacity.result.lost + pacedCount.lost,
      duplicates: capacity.result.duplicates + pacedCount.duplicates,
    };
  } finally {
    await run.stop();
  }
}

async function measureFloor(messages: number, rate: number, infra: { brokers: string[] }, log: (m: string) => void) {
  const probe = createKafka({ brokers: infra.brokers, clientId: 'bench-floor', logger: pino({ level: 'silent' }) });
  const relay = await startRelay(probe, { hops: 4, logger: pino({ level: 'silent' }), runHops: relayHopsInProcesses(infra.brokers) });
  try {
    const groups = { 'relay-hops': relay.pids, ...infraPids(infra.brokers) };
    const capacity = await cpuPerJob(groups, messages, () => timeFlow(probe, relay.input, relay.output, messages, FLOOR_MESSAGE_BYTES));
    log(`floor: ${capacity.result.messagesPerSecond.toFixed(0)} msgs/s, ${total(capacity.perJob)} ms CPU a message; sending ${messages} open-loop at ${rate}/s`);
    const paced = await cpuPerJob(groups, messages, () => openLoopLatencies(probe, relay.input, relay.output, messages, rate, FLOOR_MESSAGE_BYTES));
    const latencies = paced.result;
    return { messagesPerSecond: capacity.result.messagesPerSecond, cpu: capacity.perJob, pacedCpu: paced.perJob, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    await relay.stop();
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const jobs = intFlag(flags, 'jobs', 3_000);
  const log = (m: string) => process.stderr.write(`bench:pipeline ${m}\n`);
  const infra = await ensureLocalInfra({ log });
  try {
    const pipeline = await measurePipeline(jobs, infra, log);
    const floor = await measureFloor(jobs, pipeline.rate, infra, log);
    const line = {
      pipeline_jobs_per_s: Math.round(pipeline.jobsPerSecond),
      cpu_ms_per_job: total(pipeline.cpu),
      floor_cpu_ms_per_job: total(floor.cpu),
      stage_cpu_ms_per_job: pipeline.cpu,
      e2e_p50_ms: pipeline.p50,
      e2e_p99_ms: pipeline.p99,
      floor_e2e_p50_ms: floor.p50,
      lost: pipeline.lost,
      duplicates: pipeline.duplicates,
      jobs,
      e2e_rate_jobs_per_s: pipeline.rate,
      floor_msgs_per_s: Math.round(floor.messagesPerSecond),
      floor_stage_cpu_ms_per_job: floor.cpu,
      floor_e2e_p99_ms: floor.p99,
      e2e_phase_cpu_ms_per_job: total(pipeline.pacedCpu),
      e2e_phase_stage_cpu_ms_per_job: pipeline.pacedCpu,
      floor_e2e_phase_cpu_ms_per_job: total(floor.pacedCpu),
      floor_e2e_phase_stage_cpu_ms_per_job: floor.pacedCpu,
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
