import http from 'node:http';
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { METRICS, prometheusSeries } from './metric-catalog';
import { startMetrics, type Metrics } from './metrics';
import { startHealthServer, type HealthServer } from './health-server';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The service's own /metrics endpoint, as Prometheus reads it. */
function scrape(port: number): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/metrics' }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}

describe('service metrics on the Prometheus endpoint', () => {
  let metrics: Metrics;
  let server: HealthServer;

  beforeEach(async () => {
    metrics = startMetrics({ service: 'test' });
    server = await startHealthServer(0, {}, metrics.scrape);
  });

  afterEach(async () => {
    await server.close();
    await metrics.close();
  });

  it('shows every catalogued metric, with its attributes, once each thing happened', async () => {
    const m = metrics.metrics;
    const now = 1_000_000;
    m.routed({ model: 'small-fast', strategy: 'utility', route: 'default' });
    m.limitRefused('acme', 'LIMIT_EXCEEDED');
    m.modelCalled({ model: 'small-fast', pool: 'small-a', ok: true, latencyMs: 42, inputTokens: 10, outputTokens: 20, costUsd: 0.5 });
    m.fellBack('small-fast', 'large-general');
    m.jobFinished('small-fast', now - 120, now);
    m.hopCommitted('router', 'switchyard.jobs.classified', [now - 7, now - 3], now);
    m.deadLettered('classifier', 'INVALID_JOB');
    m.observeLiveLoad(() => ({
      takenAt: now,
      pools: { 'small-a': { model: 'small-fast', inFlight: 3, capacity: 16, leaseExpiresAt: now + 5_000 } },
      breakers: { 'model:small-fast': { ejectedUntil: now + 1_000 } },
    }));
    m.observeConsumerLag(async () => [{ group: 'switchyard-router', topic: 'switchyard.jobs.classified', lag: 12 }]);

    const { status, contentType, body } = await scrape(server.port);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain/);
    for (const metric of Object.values(METRICS)) {
      for (const series of prometheusSeries(metric)) expect(body).toMatch(new RegExp(`^${series}\\{`, 'm'));
    }
    expect(body).toContain('switchyard_routing_decisions_total{model="small-fast",strategy="utility",route="default"} 1');
    expect(body).toContain('switchyard_model_tokens_total{model="small-fast",direction="output"} 20');
    expect(body).toContain('switchyard_model_cost_usd_total{model="small-fast"} 0.5');
    expect(body).toContain('switchyard_hop_latency_ms_count{stage="router",topic="switchyard.jobs.classified"} 2');
    expect(body).toContain('switchyard_job_end_to_end_latency_ms_sum{model="small-fast"} 120');
    expect(body).toContain('switchyard_pool_in_flight{pool="small-a",model="small-fast"} 3');
    expect(body).toContain('switchyard_breaker_open{target="model:small-fast"} 1');
    expect(body).toContain('switchyard_consumer_lag{group="switchyard-router",topic="switchyard.jobs.classified"} 12');
    expect(body).toContain('switchyard_dlq_entries_total{stage="classifier",reason="INVALID_JOB"} 1');
  });

  it('counts a failed call in the latency histogram but not in tokens or cost', async () => {
    metrics.metrics.modelCalled({ model: 'm', pool: 'p', ok: false, latencyMs: 30, inputTokens: 0, outputTokens: 0, costUsd: 0 });
    const { body } = await scrape(server.port);
    expect(body).toContain('switchyard_model_call_latency_ms_count{model="m",pool="p",outcome="error"} 1');
    expect(body).not.toContain('switchyard_model_tokens_total{');
    expect(body).not.toContain('switchyard_model_cost_usd_total{');
  });

  it('reports a pool whose lease expired with no capacity, and a breaker past its ejection as closed', async () => {
    const now = 5_000;
    metrics.metrics.observeLiveLoad(() => ({
      takenAt: now,
      pools: { gone: { model: 'm', inFlight: 2, capacity: 8, leaseExpiresAt: now - 1 } },
      breakers: { 'pool:gone': { ejectedUntil: now - 1 } },
    }));
    const { body } = await scrape(server.port);
    expect(body).toContain('switchyard_pool_capacity{pool="gone",model="m"} 0');
    expect(body).toContain('switchyard_pool_in_flight{pool="gone",model="m"} 0');
    expect(body).toContain('switchyard_breaker_open{target="pool:gone"} 0');
  });
});

/**
 * The OTLP exporter loads its HTTP transport with a dynamic import, which jest's module sandbox refuses
 * without --experimental-vm-modules; a service runs plain Node, so the push is tested in a child process.
 */
const PUSH_ONE_METRIC = `
import { startMetrics } from '@switchyard/telemetry';
const metrics = startMetrics({ service: 'otlp-test', otlpEndpoint: process.argv[1] });
metrics.metrics.routed({ model: 'small-fast', strategy: 'utility', route: 'default' });
await metrics.close();
`;

describe('service metrics over OTLP', () => {
  it('pushes the recorded metrics to <otlpEndpoint>/v1/metrics, at the latest when closed', async () => {
    const requests: { url?: string; body: string }[] = [];
    const collector = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push({ url: req.url, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PUSH_ONE_METRIC, `http://127.0.0.1:${port}/`], { cwd: REPO_ROOT, stdio: 'inherit' });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => collector.close(resolve));
    expect(code).toBe(0);
    expect(requests.map((r) => r.url)).toEqual(['/v1/metrics']);
    expect(requests[0].body).toContain('"name":"switchyard_routing_decisions"');
    expect(requests[0].body).toContain('"stringValue":"otlp-test"');
    // A child Node process compiling TypeScript takes seconds on a busy machine.
  }, 60_000);
});
