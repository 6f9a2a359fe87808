/**
 * Fault harness: `npm run chaos -- --jobs N --fault F --json`, F one of
 * broker-leader, redis, classifier, router, worker, scorer, all.
 *
 * Runs the real four-service pipeline on the three-node Kafka cluster (started
 * with scripts/infra.sh when none runs) with a simulated backend, SIGKILLs the
 * target once a third of the results are in, restarts it after --pause-ms,
 * waits until nothing more arrives, and prints one JSON line per fault:
 * {"fault","jobs","results","dlq","lost","duplicates","jobs_per_s","baseline_jobs_per_s","recovery_s"}.
 * lost and duplicates come from an independent read_committed reader of the
 * results and DLQ topics, never from the services.
 *
 * recovery_s: seconds from the kill until outcomes flow again at half the
 * baseline rate (1 s buckets); 0 when the flow never dropped that low.
 */
import { ensureLocalInfra, FAULTS, runFaultScenario, type Fault } from '@switchyard/harness';
import { intFlag, parseFlags } from './cli-args';

const log = (message: string) => process.stderr.write(`chaos ${new Date().toISOString().slice(11, 19)} ${message}\n`);

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const jobs = intFlag(flags, 'jobs', 5_000);
  const pauseMs = intFlag(flags, 'pause-ms', 5_000);
  const requested = String(flags.get('fault') ?? '');
  const faults: Fault[] = requested === 'all' ? [...FAULTS] : FAULTS.includes(requested as Fault) ? [requested as Fault] : [];
  if (faults.length === 0) throw new Error(`--fault must be one of ${FAULTS.join(', ')}, all (got "${requested}")`);
  const infra = await ensureLocalInfra({ nodes: 3, log });
  try {
    log(`baseline: ${jobs} jobs, no fault`);
    const baseline = await runFaultScenario({ fault: null, jobs, pauseMs, infra, baselinePerSecond: 0, log });
    log(`baseline: ${baseline.jobsPerSecond.toFixed(0)} jobs/s, lost ${baseline.lost}, duplicates ${baseline.duplicates}`);
    for (const fault of faults) {
      log(`${fault}: ${jobs} jobs`);
      const figures = await runFaultScenario({ fault, jobs, pauseMs, infra, baselinePerSecond: baseline.jobsPerSecond, log });
      const line = {
        fault,
        jobs: figures.jobs,
        results: figures.results,
        dlq: figures.dlq,
        lost: figures.lost,
        duplicates: figures.duplicates,
        jobs_per_s: Math.round(figures.jobsPerSecond),
        baseline_jobs_per_s: Math.round(baseline.jobsPerSecond),
        recovery_s: figures.recoverySeconds,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    }
  } finally {
    await infra.release();
  }
}

main().catch((err) => {
  process.stderr.write(`chaos failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
