import { runFaultScenario, type Fault } from './fault-scenario';

const clusterBrokers = process.env.KAFKA_CLUSTER_BROKERS;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The delivery guarantee under real faults on the three-node cluster (started
 * by `npm run infra:up -- --brokers 3`): every job has exactly one outcome.
 */
const describeOnCluster = clusterBrokers ? describe : describe.skip;

describeOnCluster('exactly one outcome per job under faults on a three-node cluster', () => {
  const infra = { brokers: (clusterBrokers ?? '').split(','), redisUrl, release: async () => undefined };
  const log = (message: string) => process.stderr.write(`[chaos] ${message}\n`);

  it.each<Fault>(['broker-leader', 'worker'])('loses and doubles nothing when the %s is SIGKILLed mid-run', async (fault) => {
    const figures = await runFaultScenario({ fault, jobs: 2_000, pauseMs: 3_000, infra, baselinePerSecond: 0, log });
    log(`${fault}: ${JSON.stringify(figures)}`);
    // objectContaining prints the whole figures on failure, with where doubled jobs were doubled.
    expect(figures).toEqual(expect.objectContaining({ jobs: 2_000, lost: 0, duplicates: 0 }));
    expect(figures.results + figures.dlq).toBe(2_000);
  });
});
