export { pipelineTopicSpecs, provisionPipelineTopics } from './pipeline-topics';
export { runService } from './run-service';
export type { RunningService, ServiceContext, ServiceDefinition, StageSpec } from './run-service';
export { invalidArgument, startGrpcServer } from './grpc-server';
export type { GrpcServer } from './grpc-server';
