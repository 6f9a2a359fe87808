import { ClassifierProvider } from '@switchyard/classification';
import { runService } from '@switchyard/runtime';
import { decodeJob } from '@switchyard/contracts';
import { classifyJobs } from './classify-stage';

void runService({
  name: 'classifier',
  httpPort: (config) => config.ports.classifierHttp,
  async start({ config, logger, tracer, topics, groups, startStage }) {
    const classifiers = new ClassifierProvider({ modelPath: config.classifier.modelPath, reloadIntervalMs: config.classifier.reloadIntervalMs, logger });
    const stage = await startStage({
      groupId: groups.classifier,
      topics: [topics.jobs],
      decode: decodeJob,
      process: async (messages) => classifyJobs(messages, { classifiers, tracer, topics }),
    });
    return {
      readiness: { kafka: () => stage.isReady() },
      async close() {
        await stage.stop();
        classifiers.close();
      },
    };
  },
});
