import { decodeResult } from '@switchyard/contracts';
import { TenantAuth } from '@switchyard/gateway';
import { configuredScorers, runService } from '@switchyard/runtime';
import { connectRedis, LiveStateStore } from '@switchyard/state';
import { scoreResults } from './score-stage';
import { startScorerGrpc } from './scorer-grpc';

void runService({
  name: 'scorer',
  httpPort: (config) => config.ports.scorerHttp,
  async start({ config, logger, tracer, metrics, topics, groups, startStage }) {
    const redis = await connectRedis(config.redis.url);
    const store = new LiveStateStore(redis, { keyPrefix: config.redis.keyPrefix, breaker: config.routing.breaker });
    const scorers = configuredScorers(config);
    const stage = await startStage({
      groupId: groups.scorer,
      topics: [topics.results],
      decode: decodeResult,
      // Scores go to Redis, idempotent by job id; if Redis is down this throws and the chunk is replayed once it is back.
      process: async (messages) => {
        const scores = await scoreResults(messages, { scorers, tracer });
        await store.recordScores(scores);
        for (const { value: result } of messages) metrics.jobFinished(result.model, result.jobCreatedUnixMs);
        return [];
      },
    });
    const grpc = await startScorerGrpc(config.ports.scorerGrpc, config.grpc, new TenantAuth(config), store, logger);
    return {
      readiness: { kafka: () => stage.isReady(), redis: () => redis.status === 'ready' },
      async close() {
        await grpc.close();
        await stage.stop();
        redis.disconnect();
      },
    };
  },
});
