/**
 * gRPC front door benchmark, everything in one run on loopback: a zero-latency OpenAI-compatible
 * upstream in its own process; the floor, a bare grpc-js server answering with messages the size of
 * Switchyard's (own process), called by the same client; Switchyard's Router.Route; and Router.Complete
 * through each way of reaching a pool: `direct` (the router calls the upstream) and through a
 * model-worker's Worker.Execute. Overhead is Complete's latency minus calling the upstream directly
 * (HTTP, keep-alive) at the same percentile. c32 drives the faster way at concurrency 32; CPU counts the
 * Switchyard processes on that way (router, plus the worker when it is the worker way), from /proc.
 * Prints one JSON line. Run: npm run bench:grpc -- --json [--rounds 10] [--per-round 200] [--c32-requests 10000]
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSwitchyardPackage } from '@switchyard/contracts';
import { hashToken } from '@switchyard/gateway';
import { ensureLocalInfra, makeRunDir, readConfigDocument, ServiceProcess, stopOnInterrupt, writeRunConfig, type LocalInfra } from '@switchyard/harness';
import { forkProgram, stopChild } from './child-processes';
import { intFlag, parseFlags, percentile } from './cli-args';
import { closeConnections, drive, type HttpTarget } from './http-load';
import { cpuMs } from './process-cpu';

const flags = parseFlags(process.argv.slice(2));
const asJson = flags.has('json');
const rounds = intFlag(flags, 'rounds', 10);
const perRound = intFlag(flags, 'per-round', 200);
const c32Requests = intFlag(flags, 'c32-requests', 10_000);
const log = (message: string) => process.stderr.write(`bench:grpc: ${message}\n`);

const PROMPT = 'Summarise in one sentence why keep-alive connections matter for a proxy.';
const DIRECT_MODEL = 'upstream-model';
const WORKER_MODEL = 'upstream-model-via-worker';
const WARMUP_REQUESTS = 2_000;

type Router = InstanceType<ReturnType<typeof loadSwitchyardPackage>['Router']>;
type Call = () => Promise<unknown>;

/** Router and one model-worker, sharing one config: the direct pool and the worker pool both point at the upstream. */
async function startSwitchyard(upstreamPort: number, infra: LocalInfra, token: string): Promise<{ router: ServiceProcess; worker: ServiceProcess; grpcPort: number }> {
  const dir = makeRunDir('bench-grpc');
  const document = readConfigDocument();
  const model = (id: string) => ({ id, provider: 'openai' as const, endpoint: `http://127.0.0.1:${upstreamPort}/v1`, providerModel: DIRECT_MODEL, pricing: { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 }, contextWindow: 16_000, latencyPriorMs: 1 });
  const { file } = writeRunConfig(dir, {
    ...document,
    kafka: { ...document.kafka, brokers: infra.brokers, topicPrefix: `bench-grpc-${randomUUID().slice(0, 8)}.` },
    redis: { url: infra.redisUrl, keyPrefix: `bench-grpc-${randomUUID().slice(0, 8)}:` },
    models: [model(DIRECT_MODEL), model(WORKER_MODEL)],
    pools: [
      { id: 'upstream-direct', model: DIRECT_MODEL, concurrency: 64, direct: true },
      { id: 'upstream-workers', model: WORKER_MODEL, concurrency: 64 },
    ],
    routing: { ...document.routing, routes: { default: { policy: 'least-loaded', candidates: [DIRECT_MODEL] } } },
    tenants: [{ id: 'bench', tokenSha256: [hashToken(token)] }],
    pipelines: {},
    telemetry: { logLevel: 'info', logPrompts: false },
    ports: { routerHttp: 0, routerGrpc: 0, workerHttp: 0, workerGrpc: 0 },
  });
  const env = { ...process.env, SWITCHYARD_CONFIG: file };
  const worker = new ServiceProcess({ service: 'model-worker', instance: 'worker-bench-grpc', env: { ...env, SWITCHYARD_POOL: 'upstream-workers' }, logFile: path.join(dir, 'worker.log') });
  const router = new ServiceProcess({ service: 'router', instance: 'router-bench-grpc', env, logFile: path.join(dir, 'router.log') });
  worker.start();
  router.start();
  const line = await router.waitForLog((l) => typeof l.grpcPort === 'number', 180_000);
  await worker.waitForLog((l) => typeof l.grpc === 'string', 180_000);
  return { router, worker, grpcPort: line.grpcPort as number };
}

function unary(client: Router, method: 'Complete' | 'Route', request: object, metadata: grpc.Metadata): Call {
  const fn = client[method].bind(client) as unknown as (r: object, m: grpc.Metadata, cb: (err: grpc.ServiceError | null, reply: unknown) => void) => void;
  return () => new Promise((resolve, reject) => fn(request, metadata, (err, reply) => (err ? reject(err) : resolve(reply))));
}

/** Runs `count` calls, `concurrency` at a time; each call's latency in ms and the whole run's duration. */
async function driveCalls(call: Call, count: number, concurrency: number): Promise<{ latenciesMs: number[]; elapsedMs: number }> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const t = performance.now();
        await call();
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  return { latenciesMs, elapsedMs: performance.now() - started };
}

/** Asks until a call succeeds: the router serves before its first snapshot shows its pools live. */
async function untilServing(call: Call, what: string): Promise<unknown> {
  const giveUp = Date.now() + 60_000;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (Date.now() > giveUp) throw new Error(`${what} never answered: ${(err as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function main(): Promise<void> {
  const infra = await ensureLocalInfra({ log });
  const upstream = forkProgram<{ port: number }>(path.join(__dirname, 'zero-latency-upstream.ts'), process.env);
  const upstreamPort = (await upstream.ready).port;
  let switchyard: Awaited<ReturnType<typeof startSwitchyard>> | undefined;
  let echo: ReturnType<typeof forkProgram<{ port: number }>> | undefined;
  const clients: grpc.Client[] = [];
  const stopAll = async () => {
    closeConnections();
    for (const client of clients) client.close();
    await switchyard?.router.stop('SIGTERM');
    await switchyard?.worker.stop('SIGTERM');
    await Promise.all([stopChild(upstream.child), echo ? stopChild(echo.child) : undefined]);
    await infra.release();
  };
  const forgetInterrupt = stopOnInterrupt(stopAll);
  try {
    const token = `bench-${randomUUID()}`;
    switchyard = await startSwitchyard(upstreamPort, infra, token);
    const pkg = loadSwitchyardPackage();
    const router = new pkg.Router(`127.0.0.1:${switchyard.grpcPort}`, grpc.credentials.createInsecure());
    clients.push(router);
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    const job = { prompt: PROMPT, affinityKey: 'bench' };
    const completeDirect = unary(router, 'Complete', job, metadata);
    const completeViaWorker = unary(router, 'Complete', { ...job, route: `model:${WORKER_MODEL}` }, metadata);
    const route = unary(router, 'Route', { job }, metadata);
    const sampleResult = await untilServing(completeDirect, 'Complete (direct)');
    await untilServing(completeViaWorker, 'Complete (via worker)');
    const sampleDecision = await route();

    echo = forkProgram<{ port: number }>(path.join(__dirname, 'grpc-echo-server.ts'), { ...process.env, ECHO_RESULT: JSON.stringify(sampleResult), ECHO_DECISION: JSON.stringify(sampleDecision) });
    const echoClient = new pkg.Router(`127.0.0.1:${(await echo.ready).port}`, grpc.credentials.createInsecure());
    clients.push(echoClient);
    const floor = unary(echoClient, 'Complete', job, metadata);
    // The upstream called directly by the same kind of keep-alive HTTP client bench:http uses: the baseline of every overhead.
    const direct: HttpTarget = { name: 'upstream', port: upstreamPort, model: DIRECT_MODEL, headers: {} };
    const upstreamBody = { messages: [{ role: 'user', content: PROMPT }] };
    const driveGrpc = (call: Call) => (count: number, concurrency: number) => driveCalls(call, count, concurrency);
    const targets: Record<string, (count: number, concurrency: number) => Promise<{ latenciesMs: number[] }>> = {
      upstream: (count, concurrency) => drive(direct, upstreamBody, count, concurrency),
      floor: driveGrpc(floor),
      route: driveGrpc(route),
      complete: driveGrpc(completeDirect),
      completeViaWorker: driveGrpc(completeViaWorker),
    };
    log(`warming up (${WARMUP_REQUESTS} calls per target, 32 at a time)`);
    // The upstream last: its keep-alive connections must not sit idle past its keepAliveTimeout before the rounds.
    for (const name of ['floor', 'route', 'complete', 'completeViaWorker', 'upstream']) await targets[name](WARMUP_REQUESTS, 32);

    log(`concurrency 1: ${rounds} rounds of ${perRound} calls per target, in turns`);
    const latencies = new Map<string, number[]>(Object.keys(targets).map((name) => [name, []]));
    for (let r = 0; r < rounds; r++) {
      for (const [name, run] of Object.entries(targets)) latencies.get(name)!.push(...(await run(perRound, 1)).latenciesMs);
    }
    for (const values of latencies.values()) values.sort((a, b) => a - b);
    const at = (name: string, p: number) => percentile(latencies.get(name)!, p);
    const viaWorkerIsFaster = at('completeViaWorker', 50) < at('complete', 50);
    const fastest = viaWorkerIsFaster ? completeViaWorker : completeDirect;

    log(`concurrency 32: ${c32Requests} Complete calls ${viaWorkerIsFaster ? 'through the worker' : 'direct'}`);
    const pids = [switchyard.router.pid as number, ...(viaWorkerIsFaster ? [switchyard.worker.pid as number] : [])];
    const cpuBefore = cpuMs(pids);
    const c32 = await driveCalls(fastest, c32Requests, 32);
    const cpuSpent = cpuMs(pids) - cpuBefore;
    const c32Sorted = [...c32.latenciesMs].sort((a, b) => a - b);

    const round = (x: number, digits = 3) => Number(x.toFixed(digits));
    const fasterName = viaWorkerIsFaster ? 'completeViaWorker' : 'complete';
    const figures = {
      floor_p50_ms: round(at('floor', 50)),
      floor_p99_ms: round(at('floor', 99)),
      route_p50_ms: round(at('route', 50)),
      route_p99_ms: round(at('route', 99)),
      complete_overhead_p50_ms: round(at(fasterName, 50) - at('upstream', 50)),
      complete_overhead_p99_ms: round(at(fasterName, 99) - at('upstream', 99)),
      complete_via_worker_overhead_p50_ms: round(at('completeViaWorker', 50) - at('upstream', 50)),
      complete_c32_rps: Math.round((c32Requests * 1000) / c32.elapsedMs),
      complete_c32_p99_ms: round(percentile(c32Sorted, 99)),
      cpu_ms_per_request: round(cpuSpent / c32Requests),
    };
    if (!asJson) {
      log(`upstream p50 ${round(at('upstream', 50))} ms p99 ${round(at('upstream', 99))} ms; direct Complete p50 ${round(at('complete', 50))} ms; via worker p50 ${round(at('completeViaWorker', 50))} ms`);
    }
    console.log(JSON.stringify(figures));
  } finally {
    forgetInterrupt();
    await stopAll();
  }
}

main().catch((err) => {
  process.stderr.write(`bench:grpc failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
