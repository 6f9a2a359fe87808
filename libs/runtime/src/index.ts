export { pipelineTopicSpecs, provisionPipelineTopics } from './pipeline-topics';
export { runService } from './run-service';
export type { RunningService, ServiceContext, ServiceDefinition } from './run-service';
