/**
 * `npm run demo`: the whole product on this machine. Starts local Kafka and
 * Redis when none is configured, the four services with two simulated model
 * pools (config/switchyard.yaml), sends ~1,000 mixed jobs with a progress
 * bar, prints a table per model, runs one pipeline of each kind with a
 * per-step table, then the learning loop, and stops everything it started.
 */
import { createProgressBar } from '@switchyard/classification';
import { resultCodec, type Result } from '@switchyard/contracts';
import { ensureLocalInfra, learningLoopDocument, mixedJobs, PipelineRun, publishJobs, readConfigDocument, runLearningLoop, runPipelineDemo, type LocalInfra } from '@switchyard/harness';
import { ALL_TASK_TYPES, connectRedis, LiveStateStore } from '@switchyard/state';
import { intFlag, parseFlags, percentile } from './cli-args';

interface ModelRow {
  model: string;
  jobs: number;
  p50: number;
  p95: number;
  costUsd: number;
  meanScore: number | null;
}

function modelTable(results: Result[], meanScores: Map<string, number>): ModelRow[] {
  const byModel = new Map<string, Result[]>();
  for (const r of results) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
  return [...byModel].map(([model, rs]) => {
    const latencies = rs.map((r) => r.latencyMs).sort((a, b) => a - b);
    return {
      model,
      jobs: rs.length,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      costUsd: rs.reduce((sum, r) => sum + r.costUsd, 0),
      meanScore: meanScores.get(model) ?? null,
    };
  });
}

function printTable(rows: ModelRow[]): void {
  const header = ['model', 'jobs', 'p50 ms', 'p95 ms', 'cost USD', 'mean score'];
  const lines = rows.map((r) => [r.model, String(r.jobs), r.p50.toFixed(0), r.p95.toFixed(0), r.costUsd.toFixed(4), r.meanScore === null ? '-' : r.meanScore.toFixed(3)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(format).join('\n')}\n`);
}

const log = (message: string) => process.stderr.write(`demo: ${message}\n`);

/**
 * The learning loop on real outcomes: two replayed models (Mixtral, GPT-4),
 * routed by the learned policy; per wave, how often the strong model was used
 * where the weak one would have been right.
 */
async function learningLoop(infra: LocalInfra, waves: number, perWave: number): Promise<void> {
  const run = new PipelineRun({ label: 'demo-loop', document: learningLoopDocument(), brokers: infra.brokers, redisUrl: infra.redisUrl });
  try {
    log(`learning loop: ${waves} waves of ${perWave} MMLU prompts, replayed weak/strong models, learned policy`);
    await run.start();
    process.stdout.write('\nlearning loop   wave  jobs  sent to strong  strong where weak was right\n');
    await runLearningLoop(run, {
      waves,
      perWave,
      onWave: (w) =>
        process.stdout.write(`                ${String(w.wave + 1).padStart(4)}  ${String(w.jobs).padStart(4)}  ${(w.strongShare * 100).toFixed(1).padStart(13)}%  ${(w.wastedStrongShare * 100).toFixed(1).padStart(26)}%\n`),
    });
  } finally {
    await run.stop();
  }
}

async function mixedTraffic(infra: LocalInfra, jobs: number): Promise<void> {
  const run = new PipelineRun({ label: 'demo', document: readConfigDocument(), brokers: infra.brokers, redisUrl: infra.redisUrl });
  try {
    log(`starting classifier, router, scorer and workers for pools ${run.config.pools.map((p) => p.id).join(', ')} (logs in ${run.dir})`);
    await run.start();
    const batch = mixedJobs(jobs, `${run.prefix}demo`);
    const ids = new Set(batch.map((j) => j.id ?? ''));
    const bar = createProgressBar(process.stderr, jobs, 'jobs answered');
    const progress = setInterval(() => bar.update(run.results(ids).length + run.deadLetters(ids).length), 200);
    await publishJobs(run.publisher, run.topics, batch, { batchSize: 100 });
    const count = await run.settle(ids, 300_000, 2_000);
    clearInterval(progress);
    bar.finish(`${count.results} results, ${count.dlq} dead letters, ${count.lost} lost, ${count.duplicates} duplicates`);

    const redis = await connectRedis(infra.redisUrl);
    const store = new LiveStateStore(redis, { keyPrefix: run.config.redis.keyPrefix, breaker: run.config.routing.breaker });
    // The scorer writes after the results topic: wait until it has scored every result.
    const deadline = Date.now() + 60_000;
    let stats = await store.readScoreStats();
    const scored = () => stats.filter((s) => s.taskType !== ALL_TASK_TYPES).reduce((n, s) => n + s.count, 0);
    while (scored() < count.results && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      stats = await store.readScoreStats();
    }
    redis.disconnect();
    const meanScores = new Map(stats.filter((s) => s.taskType === ALL_TASK_TYPES).map((s) => [s.model, s.qualitySum / s.count]));
    printTable(modelTable(run.results(ids).map((r) => resultCodec.decode(r.value)), meanScores));
    if (count.lost > 0 || count.duplicates > 0) throw new Error(`delivery broken: ${count.lost} lost, ${count.duplicates} duplicates (logs in ${run.dir})`);
  } finally {
    await run.stop();
  }
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const infra = await ensureLocalInfra({ log });
  try {
    await mixedTraffic(infra, intFlag(flags, 'jobs', 1_000));
    await runPipelineDemo({ brokers: infra.brokers, redisUrl: infra.redisUrl, write: (text) => process.stdout.write(text), log });
    await learningLoop(infra, intFlag(flags, 'waves', 4), intFlag(flags, 'per-wave', 100));
  } finally {
    await infra.release();
  }
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
