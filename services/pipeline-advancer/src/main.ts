import { configuredScorers, runService } from '@switchyard/runtime';
import { connectRedis, PipelineJoins } from '@switchyard/state';
import { advancePipelineJobs } from './advance-stage';

void runService({
  name: 'pipeline-advancer',
  httpPort: (config) => config.ports.pipelineAdvancerHttp,
  async start({ config, tracer, topics, groups, startStage }) {
    const redis = await connectRedis(config.redis.url);
    const joins = new PipelineJoins(redis, config.redis.keyPrefix);
    const scorers = configuredScorers(config);
    const stage = await startStage({
      groupId: groups.pipelineAdvancer,
      topics: [topics.pipelines, topics.results, topics.dlq],
      // Each topic holds another message type; the stage decodes by topic, and skips what is not a pipeline's.
      decode: (value) => value,
      process: (messages) => advancePipelineJobs(messages, { pipelines: config.pipelines, scorers, joins, tracer, topics }),
    });
    return {
      readiness: { kafka: () => stage.isReady(), redis: () => redis.status === 'ready' },
      async close() {
        await stage.stop();
        redis.disconnect();
      },
    };
  },
});
