import { ConcurrencyLimit, createBackend } from '@switchyard/backends';
import { ConfigError } from '@switchyard/config';
import { decodeJob } from '@switchyard/contracts';
import { runService, startWorkerGrpc } from '@switchyard/runtime';
import { BatchedCallStats, connectRedis, LiveStateStore, poolCallStatsStore } from '@switchyard/state';
import { throttledWarning } from '@switchyard/telemetry';
import { serveJobs, type CallUsage } from './serve-jobs';

/** How often a worker renews its pool lease; well inside routing.poolLeaseSeconds. */
const HEARTBEAT_EVERY_MS = 2_000;

void runService({
  name: 'model-worker',
  httpPort: (config) => config.ports.workerHttp,
  async start({ config, logger, tracer, metrics, topics, groups, instanceId: workerId, startStage }) {
    const pool = config.pools.find((p) => p.id === config.instance.pool);
    if (!pool) throw new ConfigError('SWITCHYARD_POOL', [`instance.pool (SWITCHYARD_POOL): a model-worker must name the pool it serves (${config.pools.map((p) => p.id).join(', ')})`]);
    const model = config.models.find((m) => m.id === pool.model)!;
    const redis = await connectRedis(config.redis.url);
    const store = new LiveStateStore(redis, { keyPrefix: config.redis.keyPrefix, breaker: config.routing.breaker });
    const backend = createBackend(model);
    const limit = new ConcurrencyLimit(pool.concurrency);
    const stats = new BatchedCallStats(poolCallStatsStore(store, pool.id, workerId, model.id), logger);
    const budgetWindows = new Map(config.tenants.map((t) => [t.id, t.budgetWindow]));
    const warnNotSettled = throttledWarning(logger, 'usage not settled in Redis; the tenant keeps the predicted cost of these calls');
    // A settlement lost to a Redis outage leaves the prediction counted; it never holds up the job.
    const settleUsage = (usages: CallUsage[]) =>
      store.settleJobUsage(usages.map(({ job, actual }) => ({ job, actual, budgetWindow: budgetWindows.get(job.decision?.reservation?.tenant || job.tenant) ?? 'day' }))).catch(warnNotSettled);
    // Worker.Execute before the first heartbeat, so the address published with the lease already answers.
    const grpc = await startWorkerGrpc(config.ports.workerGrpc, config.grpc, { pool, model, executor: { backend, limit, stats } });
    const address = `${config.grpc.advertiseHost}:${grpc.port}`;
    const heartbeat = () =>
      store.heartbeat(pool.id, workerId, { model: model.id, capacity: pool.concurrency, leaseSeconds: config.routing.poolLeaseSeconds, address }).catch((err) => logger.warn({ err: (err as Error).message }, 'pool heartbeat not written'));
    await heartbeat();
    const heartbeats = setInterval(heartbeat, HEARTBEAT_EVERY_MS);
    const stage = await startStage({
      groupId: groups.worker(pool.id),
      topics: [topics.pool(pool.id)],
      decode: decodeJob,
      process: (messages) =>
        serveJobs(messages, {
          pool,
          model,
          backend,
          limit,
          stats,
          tracer,
          metrics,
          topics,
          deadLetters: { dlqTopic: topics.dlq, stage: 'model-worker', maxMessageBytes: config.kafka.maxMessageBytes },
          logger,
          maxAttempts: config.routing.maxAttempts,
          settleUsage,
        }),
      // A chunk is what one transaction commits. Slow models keep it at a few
      // rounds of the concurrency limit, so a crash replays (and pays for) few
      // calls; fast ones let it grow, so commits stop dominating.
      minMessagesPerTransaction: pool.concurrency * 4,
    });
    logger.info({ pool: pool.id, model: model.id, provider: model.provider, concurrency: pool.concurrency, grpc: address }, 'serving pool');
    return {
      readiness: { kafka: () => stage.isReady() },
      async close() {
        // Leave the pool first, so routers stop sending synchronous calls, then let those in flight finish.
        clearInterval(heartbeats);
        await store.releaseWorker(pool.id, workerId).catch(() => undefined);
        await grpc.close();
        await stage.stop();
        await stats.close();
        await backend.close?.();
        redis.disconnect();
      },
    };
  },
});
