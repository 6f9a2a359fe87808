/**
 * OpenAI-compatible front door benchmark, everything in one run on loopback: a zero-latency
 * OpenAI-compatible upstream in its own process; the floor, a bare Node HTTP proxy to it in its own
 * process; and Switchyard's `POST /v1/chat/completions` (the router, its pool `direct` to the same
 * upstream), all driven by the same load generator. Overhead is a path's latency minus calling the
 * upstream directly, at the same percentile, to the last byte (streams too). CPU counts every
 * Switchyard process (the router; no worker is on the direct path), from /proc, at concurrency 32.
 * Order: warm-up of every target, concurrency 32 (which warms the router further), then concurrency 1.
 * Prints one JSON line. Run: npm run bench:http -- --json [--rounds 20] [--per-round 100] [--c32-requests 10000]
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ensureLocalInfra, makeRunDir, readConfigDocument, ServiceProcess, stopOnInterrupt, writeRunConfig, type LocalInfra } from '@switchyard/harness';
import { hashToken } from '@switchyard/gateway';
import { forkProgram, stopChild } from './child-processes';
import { intFlag, parseFlags, percentile } from './cli-args';
import { closeConnections, drive, driveInTurns, type HttpTarget } from './http-load';
import { cpuMs } from './process-cpu';

const flags = parseFlags(process.argv.slice(2));
const asJson = flags.has('json');
const rounds = intFlag(flags, 'rounds', 20);
const perRound = intFlag(flags, 'per-round', 100);
const c32Requests = intFlag(flags, 'c32-requests', 10_000);
const log = (message: string) => process.stderr.write(`bench:http: ${message}\n`);

const MESSAGES = [{ role: 'user', content: 'Summarise in one sentence why keep-alive connections matter for a proxy.' }];
const UNARY = { messages: MESSAGES };
const STREAMED = { messages: MESSAGES, stream: true, stream_options: { include_usage: true } };
const UPSTREAM_MODEL = 'upstream-model';
/** Per target and kind: the router's JIT and pools settle over the first few thousand calls (c1 p50 fell from 1.5 to 0.9 ms). */
const WARMUP_REQUESTS = 3_000;

/** The router with one model, served by one pool the router calls directly, and one tenant's token. */
async function startRouter(upstreamPort: number, infra: LocalInfra, token: string): Promise<{ router: ServiceProcess; port: number }> {
  const dir = makeRunDir('bench-http');
  const document = readConfigDocument();
  const { file } = writeRunConfig(dir, {
    ...document,
    kafka: { ...document.kafka, brokers: infra.brokers, topicPrefix: `bench-http-${randomUUID().slice(0, 8)}.` },
    redis: { url: infra.redisUrl, keyPrefix: `bench-http-${randomUUID().slice(0, 8)}:` },
    models: [
      {
        id: UPSTREAM_MODEL,
        provider: 'openai',
        endpoint: `http://127.0.0.1:${upstreamPort}/v1`,
        pricing: { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 },
        contextWindow: 16_000,
      },
    ],
    pools: [{ id: 'upstream-direct', model: UPSTREAM_MODEL, concurrency: 64, direct: true }],
    routing: { ...document.routing, routes: { default: { policy: 'least-loaded' } } },
    tenants: [{ id: 'bench', tokenSha256: [hashToken(token)] }],
    pipelines: {},
    openaiApi: { port: 0 },
    telemetry: { logLevel: 'info', logPrompts: false },
    ports: { routerHttp: 0, routerGrpc: 0 },
  });
  const router = new ServiceProcess({ service: 'router', instance: 'router-bench-http', env: { ...process.env, SWITCHYARD_CONFIG: file }, logFile: path.join(dir, 'router.log') });
  router.start();
  const line = await router.waitForLog((l) => typeof l.openaiApiPort === 'number', 180_000);
  return { router, port: line.openaiApiPort as number };
}

async function main(): Promise<void> {
  const infra = await ensureLocalInfra({ log });
  const upstream = forkProgram<{ port: number }>(path.join(__dirname, 'zero-latency-upstream.ts'), process.env);
  const upstreamPort = (await upstream.ready).port;
  const floor = forkProgram<{ port: number }>(path.join(__dirname, 'http-floor-proxy.ts'), { ...process.env, UPSTREAM_PORT: String(upstreamPort) });
  let router: ServiceProcess | undefined;
  const stopAll = async () => {
    closeConnections();
    await router?.stop('SIGTERM');
    await Promise.all([stopChild(floor.child), stopChild(upstream.child)]);
    await infra.release();
  };
  const forgetInterrupt = stopOnInterrupt(stopAll);
  try {
    const token = `bench-${randomUUID()}`;
    const started = await startRouter(upstreamPort, infra, token);
    router = started.router;
    const direct: HttpTarget = { name: 'direct', port: upstreamPort, model: UPSTREAM_MODEL, headers: {} };
    const floorTarget: HttpTarget = { name: 'floor', port: (await floor.ready).port, model: UPSTREAM_MODEL, headers: {} };
    const switchyard: HttpTarget = { name: 'switchyard', port: started.port, model: 'switchyard/auto', headers: { authorization: `Bearer ${token}` } };
    const targets = [direct, floorTarget, switchyard];

    log(`warming up (${WARMUP_REQUESTS} unary and streamed requests per target, 32 connections each)`);
    for (const target of targets) {
      await drive(target, UNARY, WARMUP_REQUESTS, 32);
      await drive(target, STREAMED, WARMUP_REQUESTS, 32);
    }
    log(`concurrency 32: ${c32Requests} unary requests to Switchyard`);
    const pids = [router.pid as number];
    const cpuBefore = cpuMs(pids);
    const c32 = await drive(switchyard, UNARY, c32Requests, 32);
    const cpuSpent = cpuMs(pids) - cpuBefore;
    const c32Sorted = [...c32.latenciesMs].sort((a, b) => a - b);

    log(`concurrency 1: ${rounds} rounds of ${perRound} unary requests per target`);
    const unary = sortedEach(await driveInTurns(targets, UNARY, rounds, perRound));
    log(`concurrency 1: ${rounds} rounds of ${perRound} streamed requests to the upstream and to Switchyard`);
    const streamed = sortedEach(await driveInTurns([direct, switchyard], STREAMED, rounds, perRound));

    const at = (name: string, p: number, from = unary) => percentile(from.get(name) ?? [], p);
    const round = (x: number, digits = 3) => Number(x.toFixed(digits));
    const figures = {
      floor_overhead_p50_ms: round(at('floor', 50) - at('direct', 50)),
      overhead_p50_ms: round(at('switchyard', 50) - at('direct', 50)),
      overhead_p99_ms: round(at('switchyard', 99) - at('direct', 99)),
      stream_overhead_p50_ms: round(at('switchyard', 50, streamed) - at('direct', 50, streamed)),
      c32_rps: Math.round((c32Requests * 1000) / c32.elapsedMs),
      c32_p99_ms: round(percentile(c32Sorted, 99)),
      cpu_ms_per_request: round(cpuSpent / c32Requests),
    };
    if (!asJson) {
      log(`direct p50 ${round(at('direct', 50))} ms, p99 ${round(at('direct', 99))} ms; streamed direct p50 ${round(at('direct', 50, streamed))} ms`);
    }
    console.log(JSON.stringify(figures));
  } finally {
    forgetInterrupt();
    await stopAll();
  }
}

function sortedEach(latencies: Map<string, number[]>): Map<string, number[]> {
  return new Map([...latencies].map(([name, values]) => [name, [...values].sort((a, b) => a - b)]));
}

main().catch((err) => {
  process.stderr.write(`bench:http failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
