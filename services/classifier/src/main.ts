import { ClassifierProvider } from '@switchyard/classification';
import { TenantAuth } from '@switchyard/gateway';
import { classifierHandlers, runService, startGrpcServer } from '@switchyard/runtime';
import { loadSwitchyardPackage } from '@switchyard/contracts';
import { decodeJobAs } from '@switchyard/contracts';
import { HEADERS } from '@switchyard/messaging';
import { connectRedis, SeenJobIds } from '@switchyard/state';
import { classifyJobs } from './classify-stage';
import { ingestJobs, type IncomingJob } from './ingest-jobs';

void runService({
  name: 'classifier',
  httpPort: (config) => config.ports.classifierHttp,
  async start({ config, logger, tracer, topics, groups, startStage }) {
    const classifiers = new ClassifierProvider({ modelPath: config.classifier.modelPath, reloadIntervalMs: config.classifier.reloadIntervalMs, logger });
    const redis = await connectRedis(config.redis.url);
    const seen = new SeenJobIds(redis, { keyPrefix: config.redis.keyPrefix, windowSeconds: config.classifier.dedupeWindowSeconds });
    const duplicates = { dropped: 0 };
    const stage = await startStage<IncomingJob>({
      groupId: groups.classifier,
      topics: [topics.jobs],
      decode: (bytes, headers) => ({ job: decodeJobAs(bytes, headers[HEADERS.contentType]), bytes }),
      // Redis unreachable: markSeen throws, nothing is committed, and the chunk is replayed with backoff once it is back.
      process: (messages) =>
        ingestJobs(messages, {
          markSeen: (records) => seen.mark(records),
          classify: (taken) => classifyJobs(taken, { classifiers, tracer, topics }),
          deadLetters: { dlqTopic: topics.dlq, stage: 'classifier', maxMessageBytes: config.kafka.maxMessageBytes },
          logger,
          duplicates,
        }),
    });
    const auth = new TenantAuth(config);
    const grpc = await startGrpcServer({
      port: config.ports.classifierGrpc,
      settings: config.grpc,
      register(server) {
        server.addService(loadSwitchyardPackage().Classifier.service, classifierHandlers(auth, (job) => classifiers.current().classify(job)));
        return ['switchyard.v1.Classifier'];
      },
    });
    return {
      readiness: { kafka: () => stage.isReady(), redis: () => redis.status === 'ready' },
      async close() {
        await grpc.close();
        await stage.stop();
        classifiers.close();
        redis.disconnect();
      },
    };
  },
});
