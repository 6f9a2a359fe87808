import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { ConcurrencyLimit, createBackend } from '@switchyard/backends';
import { resolveConfig, type ConfigDocument, type SwitchyardConfig } from '@switchyard/config';
import { loadSwitchyardPackage } from '@switchyard/contracts';
import { hashToken, PoolDrain, withPinnedModelRoutes } from '@switchyard/gateway';
import { createKafka, ensureTopics, topicNames, type TopicNames } from '@switchyard/messaging';
import { withPipelineRoutes } from '@switchyard/pipelines';
import { createRoutingEngine } from '@switchyard/routing';
import { startWorkerGrpc, type GrpcServer } from '@switchyard/runtime';
import { BatchedCallStats, closeRedis, connectRedis, LiveSnapshotCache, LiveStateStore, poolCallStatsStore } from '@switchyard/state';
import { startRouterGrpc } from '../router-grpc';
import { startSyncRouter, type SyncRouter } from '../sync-router';

/** Bearer tokens of the fixture's callers. */
export const TOKENS = { acme: 'token-acme', beta: 'token-beta', tiny: 'token-tiny', admin: 'token-admin' } as const;

export function bearer(token: string): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return metadata;
}

export interface FixtureOptions {
  /** `kafka.resultsJsonMirror`: each published result again, as JSON, on the mirror topic. @default false */
  resultsJsonMirror?: boolean;
}

/** The fixture's deployment: models scripted on one upstream, direct pools, one pool reached through a worker, and a best-of-two pipeline. */
export function fixtureConfig(upstreamUrl: string, redisUrl: string, brokers: string[], prefix: string, options: FixtureOptions = {}): SwitchyardConfig {
  const model = (id: string, providerModel: string, accuracy: number) => ({
    id,
    provider: 'openai' as const,
    endpoint: `${upstreamUrl}/v1`,
    providerModel,
    pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 },
    contextWindow: 8000,
    profile: { accuracy },
    timeoutMs: 10_000,
    // Predicted latency well inside the tests' deadlines, so a deadline test reaches the backend.
    latencyPriorMs: 50,
  });
  const document: ConfigDocument = {
    kafka: { brokers, topicPrefix: prefix, resultsJsonMirror: options.resultsJsonMirror ?? false },
    redis: { url: redisUrl, keyPrefix: `${prefix}:` },
    models: [
      model('main', 'tokens:a,b,c', 0.5),
      model('broken', 'fail', 0.9),
      model('drops', 'tokens-then-drop:x,y', 0.9),
      model('hangs', 'hang', 0.5),
      model('slow', 'slow:400', 0.5),
      model('worked', 'tokens:w,o,r,k', 0.5),
    ],
    pools: [
      { id: 'main-direct', model: 'main', direct: true },
      { id: 'broken-direct', model: 'broken', direct: true },
      { id: 'drops-direct', model: 'drops', direct: true },
      { id: 'hangs-direct', model: 'hangs', direct: true },
      { id: 'slow-direct', model: 'slow', direct: true },
      { id: 'worked-workers', model: 'worked' },
    ],
    routing: {
      routes: {
        default: { policy: 'priority', candidates: ['main'], priority: { accuracy: 1 } },
        fallback: { policy: 'priority', candidates: ['broken', 'main'], priority: { accuracy: 1 } },
        'fails-mid-stream': { policy: 'priority', candidates: ['drops', 'main'], priority: { accuracy: 1 } },
        'nothing-answers': { policy: 'priority', candidates: ['broken'], priority: { accuracy: 1 } },
      },
    },
    tenants: [
      { id: 'acme', tokenSha256: [hashToken(TOKENS.acme)] },
      { id: 'beta', tokenSha256: [hashToken(TOKENS.beta)], allowModels: ['main'] },
      { id: 'tiny', tokenSha256: [hashToken(TOKENS.tiny)], requestsPerMinute: 2 },
    ],
    // main answers "abc" (3 output tokens), worked "work" (4): main's is the cheaper answer.
    pipelines: { 'best-of-two': { steps: { a: { models: ['main'] }, b: { models: ['worked'] }, best: { after: ['a', 'b'], pick: {} } }, output: 'best' } },
    auth: { adminTokenSha256: [hashToken(TOKENS.admin)] },
    grpc: { drainTimeoutMs: 5_000 },
    telemetry: { logLevel: 'silent' },
  };
  return resolveConfig(document, {});
}

export interface SyncRouterFixture {
  config: SwitchyardConfig;
  topics: TopicNames;
  store: LiveStateStore;
  sync: SyncRouter;
  server: GrpcServer;
  address: string;
  router: InstanceType<ReturnType<typeof loadSwitchyardPackage>['Router']>;
  admin: InstanceType<ReturnType<typeof loadSwitchyardPackage>['Admin']>;
  close(): Promise<void>;
}

/**
 * A router's synchronous side as main.ts builds it (store, snapshot cache, one
 * engine, drain, gateway, gRPC front door), on real Redis and Kafka with a
 * random prefix, plus one model-worker's Worker.Execute for the pool reached
 * through workers. Everything listens on 127.0.0.1, port 0.
 */
export async function startSyncRouterFixture(upstreamUrl: string, options: FixtureOptions = {}): Promise<SyncRouterFixture> {
  const prefix = `sync-${randomUUID().slice(0, 8)}`;
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const config = fixtureConfig(upstreamUrl, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', brokers, prefix, options);
  const logger = pino({ level: 'silent' });
  const topics = topicNames(`${prefix}.`);
  const kafka = createKafka({ brokers, clientId: prefix, logger });
  await ensureTopics(
    kafka,
    [topics.results, ...(config.kafka.resultsJsonMirror ? [topics.resultsJson] : [])].map((topic) => ({ topic, partitions: 1, replicationFactor: 1 })),
  );
  const redis = await connectRedis(config.redis.url);
  const store = new LiveStateStore(redis, { keyPrefix: config.redis.keyPrefix, breaker: config.routing.breaker });

  const workerPool = config.pools.find((p) => p.id === 'worked-workers')!;
  const workerModel = config.models.find((m) => m.id === workerPool.model)!;
  const workerStats = new BatchedCallStats(poolCallStatsStore(store, workerPool.id, 'worker-1', workerModel.id), logger);
  const workerBackend = createBackend(workerModel);
  const worker = await startWorkerGrpc(0, config.grpc, { pool: workerPool, model: workerModel, executor: { backend: workerBackend, limit: new ConcurrencyLimit(4), stats: workerStats } });
  await store.heartbeat(workerPool.id, 'worker-1', { model: workerModel.id, capacity: 4, leaseSeconds: 60, address: `127.0.0.1:${worker.port}` });

  const snapshots = new LiveSnapshotCache(store, { refreshMs: config.routing.snapshotRefreshMs, logger });
  await snapshots.start();
  const engine = createRoutingEngine(withPinnedModelRoutes(withPipelineRoutes(config)));
  const drain = new PoolDrain(() => snapshots.current(), config.pools);
  const sync = await startSyncRouter({ config, store, engine, drain, kafka, topics, logger, instanceId: `router-${prefix}`, refreshSnapshot: () => snapshots.refresh() });
  const server = await startRouterGrpc(0, config.grpc, {
    gateway: sync.gateway,
    auth: sync.auth,
    config,
    snapshot: () => drain.current(),
    drain,
    reach: sync.reach,
    reloadConfig: async () => 'fixture',
  });
  const address = `127.0.0.1:${server.port}`;
  const pkg = loadSwitchyardPackage();
  const router = new pkg.Router(address, grpc.credentials.createInsecure());
  const admin = new pkg.Admin(address, grpc.credentials.createInsecure());
  return {
    config,
    topics,
    store,
    sync,
    server,
    address,
    router,
    admin,
    async close() {
      router.close();
      admin.close();
      await server.close();
      await sync.close();
      await worker.close();
      await workerStats.close();
      snapshots.close();
      await closeRedis(redis);
    },
  };
}
