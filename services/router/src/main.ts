import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, type SwitchyardConfig } from '@switchyard/config';
import { decodeJob } from '@switchyard/contracts';
import { LearnedQualityPredictor, predictorOptions, type LearnedQualityArtifact } from '@switchyard/learning';
import { withPipelineRoutes } from '@switchyard/pipelines';
import { admission, createRoutingEngine } from '@switchyard/routing';
import { PoolDrain, withPinnedModelRoutes } from '@switchyard/gateway';
import { runService } from '@switchyard/runtime';
import { connectRedis, LiveSnapshotCache, LiveStateStore, UsageReservations } from '@switchyard/state';
import { routeJobs } from './route-stage';
import { learnedStatsRefresher } from './learned-stats';
import { startRouterGrpc } from './router-grpc';
import { startSyncRouter } from './sync-router';
import { startOpenAIHttpServer } from './openai-http-server';

/** A short fingerprint of a loaded config, reported by Admin.ReloadConfig. */
function configVersion(config: SwitchyardConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12);
}

void runService({
  name: 'router',
  httpPort: (config) => config.ports.routerHttp,
  async start({ config, logger, tracer, metrics, kafka, topics, groups, env, instanceId, startStage }) {
    const redis = await connectRedis(config.redis.url);
    const store = new LiveStateStore(redis, { keyPrefix: config.redis.keyPrefix, breaker: config.routing.breaker });
    const snapshots = new LiveSnapshotCache(store, { refreshMs: config.routing.snapshotRefreshMs, logger });
    await snapshots.start();
    metrics.observeLiveLoad(() => snapshots.current());
    const options = predictorOptions(config);
    const artifact = config.routing.learnedArtifact;
    const predictor =
      artifact && existsSync(artifact)
        ? LearnedQualityPredictor.fromJSON(JSON.parse(readFileSync(artifact, 'utf8')) as LearnedQualityArtifact, options)
        : new LearnedQualityPredictor(options);
    const refreshLearned = learnedStatsRefresher(store, predictor, logger);
    const learning = setInterval(() => void refreshLearned(), config.routing.learnedRefreshMs);
    learning.unref();
    const engine = createRoutingEngine(withPinnedModelRoutes(withPipelineRoutes(config)), { qualityPredictor: predictor });
    // Both paths route on one snapshot, with the pools an operator drains ended.
    const drain = new PoolDrain(() => snapshots.current(), config.pools);
    const usage = new UsageReservations(store, config, logger);
    const admit = admission(config);
    const stage = await startStage({
      groupId: groups.router,
      topics: [topics.classified],
      decode: decodeJob,
      process: (messages) =>
        routeJobs(messages, {
          engine,
          snapshot: () => drain.current(),
          reserve: (routed) => usage.reserveAll(routed),
          tracer,
          metrics,
          topics,
          admit,
          deadLetters: { dlqTopic: topics.dlq, stage: 'router', maxMessageBytes: config.kafka.maxMessageBytes },
          logger,
          jobCandidates: config.routing.jobCandidates,
        }),
    });
    const sync = await startSyncRouter({ config, store, engine, drain, kafka, topics, logger, tracer, instanceId: `router-${instanceId}`, refreshSnapshot: () => snapshots.refresh() });
    const grpc = await startRouterGrpc(config.ports.routerGrpc, config.grpc, {
      gateway: sync.gateway,
      auth: sync.auth,
      config,
      snapshot: () => drain.current(),
      drain,
      reach: sync.reach,
      async reloadConfig() {
        const reloaded = loadConfig(env);
        sync.auth.reload(reloaded);
        return configVersion(reloaded);
      },
    });
    logger.info({ grpcPort: grpc.port }, 'gRPC front door listening');
    const openaiApi = config.openaiApi.enabled ? await startOpenAIHttpServer(config, { gateway: sync.gateway, auth: sync.auth, logger }) : undefined;
    return {
      readiness: { kafka: () => stage.isReady() },
      async close() {
        await openaiApi?.close();
        await grpc.close();
        await sync.close();
        await stage.stop();
        clearInterval(learning);
        snapshots.close();
        redis.disconnect();
      },
    };
  },
});
