/**
 * Fault harness: `npm run chaos -- --jobs N --fault F --json`, F one of
 * broker-leader, redis, classifier, router, worker, scorer (SIGKILL, restart
 * after --pause-ms), broker-pause, worker-pause, redis-pause (SIGSTOP, SIGCONT
 * after --pause-ms, a broker at least past the transaction timeout, a worker
 * at least past twice its session timeout), or all.
 *
 * Runs the real four-service pipeline on the three-node Kafka cluster (started
 * with scripts/infra.sh when none runs) with a simulated backend, injects the
 * fault once a third of the results are in (or --repeat N times, evenly
 * spaced), waits until nothing more arrives, and prints one JSON line per fault:
 * {"fault","jobs","results","dlq","lost","duplicates","jobs_per_s","baseline_jobs_per_s","recovery_s"},
 * plus "garbage","garbage_dlq","garbage_results","garbage_lost" with --garbage-fraction.
 * lost and duplicates are per job id, from an independent read_committed
 * reader of the results and DLQ topics, never from the services.
 *
 * Options:
 *   --producer transactional|plain  jobs sent by the project's RecordPublisher (default) or by a
 *                                   non-transactional, non-idempotent producer with retries
 *   --resend-fraction F             that fraction of jobs sent a second time, byte for byte
 *   --garbage-fraction F            bad input (garbage-jobs.ts) mixed into the jobs topic, F per job;
 *                                   each piece must end in the DLQ or with its one result
 *   --cpu-hog N                     N processes spinning a core each beside the run
 *   --mix tasks|pipelines           single-model jobs (default) or pipeline jobs, one of each kind in turn
 *   --repeat N                      the fault injected N times in one run
 *
 * recovery_s: seconds from the fault until outcomes flow again at half the
 * baseline rate (1 s buckets), the slowest of the repeats; 0 when the flow
 * never dropped that low.
 */
import { ensureLocalInfra, FAULTS, JOB_MIXES, runFaultScenario, type Fault } from '@switchyard/harness';
import { choiceFlag, fractionFlag, intFlag, parseFlags } from './cli-args';

const log = (message: string) => process.stderr.write(`chaos ${new Date().toISOString().slice(11, 19)} ${message}\n`);

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const jobs = intFlag(flags, 'jobs', 5_000);
  const pauseMs = intFlag(flags, 'pause-ms', 5_000);
  const requested = String(flags.get('fault') ?? '');
  const faults: Fault[] = requested === 'all' ? [...FAULTS] : FAULTS.includes(requested as Fault) ? [requested as Fault] : [];
  if (faults.length === 0) throw new Error(`--fault must be one of ${FAULTS.join(', ')}, all (got "${requested}")`);
  const conditions = {
    producer: choiceFlag(flags, 'producer', ['transactional', 'plain'] as const),
    resendFraction: fractionFlag(flags, 'resend-fraction', 0),
    garbageFraction: fractionFlag(flags, 'garbage-fraction', 0),
    cpuHogs: flags.has('cpu-hog') ? intFlag(flags, 'cpu-hog', 1) : 0,
    mix: choiceFlag(flags, 'mix', JOB_MIXES),
  };
  const repeat = intFlag(flags, 'repeat', 1);
  const infra = await ensureLocalInfra({ nodes: 3, log });
  try {
    log(`baseline: ${jobs} jobs, no fault, ${JSON.stringify(conditions)}`);
    const baseline = await runFaultScenario({ fault: null, jobs, pauseMs, infra, baselinePerSecond: 0, log, ...conditions });
    log(`baseline: ${baseline.jobsPerSecond.toFixed(0)} jobs/s, lost ${baseline.lost}, duplicates ${baseline.duplicates}`);
    for (const fault of faults) {
      log(`${fault}: ${jobs} jobs${repeat > 1 ? `, ${repeat} times` : ''}`);
      const figures = await runFaultScenario({ fault, jobs, pauseMs, infra, baselinePerSecond: baseline.jobsPerSecond, log, repeat, ...conditions });
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
        ...(figures.garbage && {
          garbage: figures.garbage.sent,
          garbage_dlq: figures.garbage.dlq,
          garbage_results: figures.garbage.results,
          garbage_lost: figures.garbage.lost,
        }),
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
