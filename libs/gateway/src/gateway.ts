import type { Classification, JobInput } from '@switchyard/contracts';
import type { CallOptions, CompletionResult, RouteAnswer, SyncRequest } from './sync-request';

/**
 * The synchronous path, one function per front-door call, shared by the gRPC
 * and the HTTP adapters: classify in process, decide with the routing engine
 * on the live snapshot, reserve the shared limits, call the chosen pool
 * (directly or through a worker's Worker.Execute), fall back before the
 * first token, settle, and publish the Result on the results topic.
 * Every failure is a GatewayError.
 */
export interface Gateway {
  /** Dry run: classification and decision with reasons, candidates and fallbacks; no limit reserved, no model called. */
  route(request: SyncRequest): RouteAnswer;
  /** Runs the request to its Result; streams tokens through `options.onToken` when given. */
  complete(request: SyncRequest, options?: CallOptions): Promise<CompletionResult>;
  /** The classifier's labels for a job, as the Kafka path's classifier gives them. */
  classify(job: JobInput): Classification;
}
