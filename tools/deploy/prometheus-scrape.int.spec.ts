import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { jobRecord, mixedJobs, PipelineRun, readConfigDocument } from '@switchyard/harness';
import { METRICS, prometheusSeries, type MetricDefinition } from '@switchyard/telemetry';
import { testTool } from '../jest/test-tools';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DASHBOARD_FILE = path.resolve(__dirname, '../../deploy/grafana/switchyard-dashboard.json');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function api<T>(port: number, query: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/${query}`);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus ${query}: ${body.error}`);
  return body.data;
}

/** Asks every 500 ms until `check` returns a value, or fails after `timeoutMs` with the last answer. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const giveUp = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > giveUp) throw new Error(`${what} not seen in ${timeoutMs} ms (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('a real Prometheus scraping the running pipeline', () => {
  const document = readConfigDocument();
  for (const model of document.models) model.simulated &&= { ...model.simulated, latencyMedianMs: 5, latencyP95Ms: 20, failureRate: 0 };
  const run = new PipelineRun({ label: 'prom', document, brokers, redisUrl });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-prometheus-'));
  let prometheus: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    await run.start();
    const targets = await Promise.all(
      run.pipeline.processes.map(async (instance) => {
        const started = await instance.waitForLog((line) => line.msg === 'started' && typeof line.httpPort === 'number');
        return { targets: [`127.0.0.1:${started.httpPort as number}`], labels: { service: instance.options.service, instance_name: instance.options.instance } };
      }),
    );
    writeFileSync(path.join(dir, 'prometheus.yml'), stringify({ global: { scrape_interval: '1s' }, scrape_configs: [{ job_name: 'switchyard', static_configs: targets }] }));
    port = await freePort();
    prometheus = spawn(testTool('prometheus'), [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
    const jobs = mixedJobs(40, `${run.prefix}prom`);
    await run.publisher.publish(jobs.map((job) => jobRecord(job, run.topics)));
    await run.settle(new Set(jobs.map((job) => job.id ?? '')), 120_000);
  });

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await run.stop();
  });

  it("finds every service up and every series the dashboard queries in Prometheus's own store", async () => {
    const expected = run.pipeline.processes.length;
    await waitFor(
      'every target up',
      async () => {
        const { activeTargets } = await api<{ activeTargets: { health: string }[] }>(port, 'targets');
        return activeTargets.length === expected && activeTargets.every((t) => t.health === 'up') ? true : undefined;
      },
      60_000,
    );
    const dashboard = readFileSync(DASHBOARD_FILE, 'utf8');
    const queried = new Set(dashboard.match(/\bswitchyard_[a-z0-9_]+/g));
    // A fault-free run has no fallbacks, refusals or dead letters: those counters do not exist yet.
    const onlyOnFaults: MetricDefinition[] = [METRICS.fallbacks, METRICS.limitRefusals, METRICS.deadLetters];
    const wanted = Object.values(METRICS)
      .filter((metric) => !onlyOnFaults.includes(metric))
      .flatMap(prometheusSeries)
      .filter((series) => queried.has(series));
    const stored = await waitFor(
      'every dashboard series stored',
      async () => {
        const names = await api<string[]>(port, 'label/__name__/values');
        return wanted.every((series) => names.includes(series)) ? names : undefined;
      },
      60_000,
    ).catch(async (err: Error) => {
      const names = await api<string[]>(port, 'label/__name__/values');
      throw new Error(`${err.message}; missing: ${wanted.filter((s) => !names.includes(s)).join(', ')}`);
    });
    expect(wanted.filter((series) => !stored.includes(series))).toEqual([]);
    const routed = await api<{ result: { value: [number, string] }[] }>(port, 'query?query=sum(switchyard_routing_decisions_total)');
    expect(Number(routed.result[0].value[1])).toBeGreaterThanOrEqual(40);
  });
});
