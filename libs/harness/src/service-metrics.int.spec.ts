import http from 'node:http';
import type { ConfigDocument } from '@switchyard/config';
import { HEADERS } from '@switchyard/messaging';
import { METRICS, prometheusSeries } from '@switchyard/telemetry';
import { jobRecord, mixedJobs } from './job-mix';
import type { ServiceName } from './pipeline';
import { PipelineRun } from './pipeline-run';
import { readConfigDocument } from './run-config';
import type { ServiceProcess } from './service-process';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The services this run starts (a config without pipelines needs no pipeline advancer). */
type RunningService = Exclude<ServiceName, 'pipeline-advancer'>;

/** The sample config with fast simulated models, a model that fails every call, and a tenant with a tiny limit. */
function metricsConfigDocument(): ConfigDocument {
  const doc = readConfigDocument();
  doc.kafka = { ...doc.kafka, sessionTimeoutMs: 6_000 };
  for (const model of doc.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0 };
  doc.models.push({
    id: 'always-fails',
    provider: 'simulated',
    pricing: { inputUsdPerMTok: 0.01, outputUsdPerMTok: 0.01 },
    contextWindow: 32000,
    simulated: { latencyMedianMs: 1, failureRate: 1 },
  });
  doc.pools.push({ id: 'fails-a', model: 'always-fails', concurrency: 4 });
  doc.routing.routes.default.candidates = ['small-fast', 'large-general'];
  doc.routing.routes['flaky-first'] = { policy: 'cascade', cascade: { models: ['always-fails', 'large-general'], threshold: 0.5 } };
  doc.tenants = [...(doc.tenants ?? []), { id: 'tiny', requestsPerMinute: 2 }];
  return doc;
}

function get(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${path}: ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

/** Sum of the values of one series whose labels contain every given `name="value"` pair. */
function sumOf(scrape: string, series: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([name, value]) => `${name}="${value}"`);
  return scrape
    .split('\n')
    .filter((line) => line.startsWith(`${series}{`) && wanted.every((pair) => line.includes(pair)))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

describe('metrics of the four running services, scraped from their Prometheus endpoints', () => {
  const run = new PipelineRun({ label: 'metrics', document: metricsConfigDocument(), brokers, redisUrl });
  const ports = new Map<ServiceProcess, number>();

  /** Each instance's scrape, joined per service (the model-worker's pools together). */
  async function scrapeService(service: RunningService): Promise<string> {
    const scrapes = await Promise.all(run.pipeline.instances(service).map((instance) => get(ports.get(instance)!, '/metrics')));
    return scrapes.join('\n');
  }

  beforeAll(async () => {
    await run.start();
    for (const instance of run.pipeline.processes) {
      const started = await instance.waitForLog((line) => line.msg === 'started' && typeof line.httpPort === 'number');
      ports.set(instance, started.httpPort as number);
    }
    const jobs = [
      ...mixedJobs(60, `${run.prefix}plain`),
      ...mixedJobs(10, `${run.prefix}flaky`).map((job) => ({ ...job, route: 'flaky-first' })),
      ...mixedJobs(6, `${run.prefix}tiny`, 'tiny'),
    ];
    await run.publisher.publish([
      ...jobs.map((job) => jobRecord(job, run.topics)),
      { topic: run.topics.jobs, key: 'poison', value: Buffer.from([0xff, 0xff, 0xff]), headers: { [HEADERS.jobId]: `${run.prefix}poison` } },
    ]);
    const ids = new Set([...jobs.map((job) => job.id ?? ''), `${run.prefix}poison`]);
    await run.settle(ids, 120_000);
  });

  afterAll(() => run.stop());

  it('exports every catalogued metric from the service that records it', async () => {
    const scrapes = await Promise.all((['classifier', 'router', 'model-worker', 'scorer'] as const).map(async (s) => [s, await scrapeService(s)] as const));
    const byService = new Map(scrapes);
    const recordedBy: Record<keyof typeof METRICS, RunningService[]> = {
      routingDecisions: ['router'],
      limitRefusals: ['router'],
      poolInFlight: ['router'],
      poolCapacity: ['router'],
      breakerOpen: ['router'],
      modelCallLatency: ['model-worker'],
      modelTokens: ['model-worker'],
      modelCost: ['model-worker'],
      fallbacks: ['model-worker'],
      endToEndLatency: ['scorer'],
      deadLetters: ['classifier', 'router'],
      hopLatency: ['classifier', 'router', 'model-worker', 'scorer'],
      consumerLag: ['classifier', 'router', 'model-worker', 'scorer'],
    };
    const missing = Object.entries(recordedBy).flatMap(([key, services]) =>
      services.flatMap((service) => prometheusSeries(METRICS[key as keyof typeof METRICS]).filter((series) => !byService.get(service)!.includes(`\n${series}{`)).map((series) => `${service}: ${series}`)),
    );
    expect(missing).toEqual([]);
  });

  it('counts what happened to the jobs: decisions, fallbacks, refusals, dead letters, tokens and lag per group', async () => {
    const [router, workers, classifier, scorer] = await Promise.all([scrapeService('router'), scrapeService('model-worker'), scrapeService('classifier'), scrapeService('scorer')]);
    const refused = run.deadLetters(new Set(mixedJobs(6, `${run.prefix}tiny`, 'tiny').map((job) => job.id ?? ''))).length;
    expect(refused).toBeGreaterThan(0);
    // A chunk replayed after a failed commit is recorded again: counts are at least the outcomes, never fewer.
    expect(sumOf(router, 'switchyard_routing_decisions_total')).toBeGreaterThanOrEqual(76 - refused);
    expect(sumOf(router, 'switchyard_routing_decisions_total', { strategy: 'cascade', route: 'flaky-first' })).toBeGreaterThanOrEqual(10);
    expect(sumOf(router, 'switchyard_limit_refusals_total', { tenant: 'tiny', reason: 'LIMIT_EXCEEDED' })).toBeGreaterThanOrEqual(refused);
    expect(sumOf(router, 'switchyard_dlq_entries_total', { stage: 'router', reason: 'LIMIT_EXCEEDED' })).toBe(refused);
    expect(sumOf(classifier, 'switchyard_dlq_entries_total', { stage: 'classifier' })).toBe(1);
    expect(sumOf(workers, 'switchyard_fallbacks_total', { from_model: 'always-fails', to_model: 'large-general' })).toBeGreaterThanOrEqual(10);
    expect(sumOf(workers, 'switchyard_model_call_latency_ms_count', { model: 'always-fails', outcome: 'error' })).toBeGreaterThanOrEqual(10);
    expect(sumOf(workers, 'switchyard_model_tokens_total', { direction: 'output' })).toBeGreaterThan(0);
    expect(sumOf(workers, 'switchyard_model_cost_usd_total')).toBeGreaterThan(0);
    expect(sumOf(scorer, 'switchyard_job_end_to_end_latency_ms_count')).toBeGreaterThanOrEqual(76 - refused);
    expect(sumOf(router, 'switchyard_pool_capacity', { pool: 'small-a' })).toBe(16);
    // Every group reports its lag. With all jobs settled only transaction markers remain past the
    // committed offsets (a few per partition), far fewer than the 77 records each group consumed.
    const lags = Object.fromEntries(
      [
        [classifier, `${run.prefix}switchyard-classifier`],
        [router, `${run.prefix}switchyard-router`],
        [scorer, `${run.prefix}switchyard-scorer`],
      ].map(([scrape, group]) => [group, scrape.includes(`switchyard_consumer_lag{group="${group}"`) ? sumOf(scrape, 'switchyard_consumer_lag', { group }) : 'missing']),
    );
    expect(lags).toEqual(Object.fromEntries(Object.keys(lags).map((group) => [group, expect.any(Number)])));
    expect(Math.max(...Object.values(lags).map(Number))).toBeLessThan(10);
  });
});
