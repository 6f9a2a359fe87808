import { ClassifierProvider } from '@switchyard/classification';
import { TransactionalStage } from '@switchyard/messaging';
import { runService } from '@switchyard/runtime';
import { decodeJob } from '@switchyard/contracts';
import { classifyJobs } from './classify-stage';

void runService({
  name: 'classifier',
  httpPort: (config) => config.ports.classifierHttp,
  async start({ config, logger, tracer, kafka, topics, groups }) {
    const classifiers = new ClassifierProvider({ modelPath: config.classifier.modelPath, reloadIntervalMs: config.classifier.reloadIntervalMs, logger });
    const stage = new TransactionalStage({
      kafka,
      name: 'classifier',
      groupId: groups.classifier,
      topics: [topics.jobs],
      dlqTopic: topics.dlq,
      decode: decodeJob,
      process: async (messages) => classifyJobs(messages, { classifiers, tracer, topics }),
      logger,
      sessionTimeoutMs: config.kafka.sessionTimeoutMs,
      delivery: config.kafka.delivery,
    });
    await stage.start();
    return {
      readiness: { kafka: () => stage.isReady() },
      async close() {
        await stage.stop();
        classifiers.close();
      },
    };
  },
});
