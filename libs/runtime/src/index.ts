export { pipelineTopicSpecs, provisionPipelineTopics } from './pipeline-topics';
export { runService } from './run-service';
export type { RunningService, ServiceContext, ServiceDefinition, StageSpec } from './run-service';
export { classifierHandlers } from './classifier-grpc';
export { startWorkerGrpc } from './worker-grpc';
export type { WorkerGrpcDeps } from './worker-grpc';
export { GRPC_TRAILERS, grpcCaller, toGrpcError } from './grpc-errors';
export { channelOptions, internalClientCredentials, invalidArgument, serverCredentials, startGrpcServer } from './grpc-server';
export type { GrpcServer, GrpcServerOptions } from './grpc-server';
