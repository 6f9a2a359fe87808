import { existsSync, readFileSync } from 'node:fs';
import { decodeJob } from '@switchyard/contracts';
import { LearnedQualityPredictor, type LearnedQualityArtifact } from '@switchyard/learning';
import { withPipelineRoutes } from '@switchyard/pipelines';
import { createRoutingEngine } from '@switchyard/routing';
import { runService } from '@switchyard/runtime';
import { connectRedis, LiveSnapshotCache, LiveStateStore } from '@switchyard/state';
import { admission } from './admission';
import { routeJobs } from './route-stage';
import { learnedStatsRefresher, predictorOptions } from './learned-stats';
import { UsageReservations } from './usage-reservation';

void runService({
  name: 'router',
  httpPort: (config) => config.ports.routerHttp,
  async start({ config, logger, tracer, metrics, topics, groups, startStage }) {
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
    const engine = createRoutingEngine(withPipelineRoutes(config), { qualityPredictor: predictor });
    const usage = new UsageReservations(store, config, logger);
    const admit = admission(config);
    const stage = await startStage({
      groupId: groups.router,
      topics: [topics.classified],
      decode: decodeJob,
      process: (messages) =>
        routeJobs(messages, {
          engine,
          snapshot: () => snapshots.current(),
          reserve: (routed) => usage.reserveAll(routed),
          tracer,
          metrics,
          topics,
          admit,
          deadLetters: { dlqTopic: topics.dlq, stage: 'router', maxMessageBytes: config.kafka.maxMessageBytes },
          logger,
        }),
    });
    return {
      readiness: { kafka: () => stage.isReady() },
      async close() {
        await stage.stop();
        clearInterval(learning);
        snapshots.close();
        redis.disconnect();
      },
    };
  },
});
