import * as grpc from '@grpc/grpc-js';
import { classifyError, type BackendError } from '@switchyard/backends';
import type { GrpcConfig, ModelConfig, PoolConfig } from '@switchyard/config';
import { assertValidJob, InvalidJobError, loadSwitchyardPackage, type Job } from '@switchyard/contracts';
import { callSignal, executeOnPool, WORKER_METADATA, type PoolExecutorDeps } from '@switchyard/gateway';
import { startGrpcServer, type GrpcServer } from './grpc-server';

export interface WorkerGrpcDeps {
  pool: PoolConfig;
  model: ModelConfig;
  /** The worker's backend, concurrency limit and statistics, shared with its Kafka calls. */
  executor: PoolExecutorDeps;
}

function status(code: grpc.status, details: string, errorCode?: string): Partial<grpc.StatusObject> {
  const metadata = new grpc.Metadata();
  if (errorCode) metadata.set(WORKER_METADATA.errorCode, errorCode);
  return { code, details, metadata };
}

function failureStatus(error: BackendError): Partial<grpc.StatusObject> {
  const code = error.kind === 'invalid_request' ? grpc.status.INVALID_ARGUMENT : error.kind === 'timeout' ? grpc.status.DEADLINE_EXCEEDED : grpc.status.UNAVAILABLE;
  return status(code, `${error.code}: ${error.message}`, error.code);
}

/**
 * Worker.Execute: the router's synchronous calls to this worker's model,
 * streamed token by token, under the same concurrency limit and statistics as
 * the worker's Kafka jobs. The worker makes one call and never falls back:
 * the router does, before the first token. A cancelled call or a passed
 * deadline aborts the backend call.
 */
export function startWorkerGrpc(port: number, settings: GrpcConfig, deps: WorkerGrpcDeps): Promise<GrpcServer> {
  const pkg = loadSwitchyardPackage();
  const { model, pool } = deps;
  return startGrpcServer({
    port,
    settings,
    register(server) {
      server.addService(pkg.Worker.service, {
        Execute: (call: grpc.ServerWritableStream<Job, unknown>) => {
          const job = call.request;
          try {
            assertValidJob(job);
          } catch (err) {
            if (!(err instanceof InvalidJobError)) throw err;
            return call.emit('error', status(grpc.status.INVALID_ARGUMENT, err.message, 'BAD_REQUEST'));
          }
          if (job.decision && job.decision.model !== model.id) {
            return call.emit('error', status(grpc.status.INVALID_ARGUMENT, `decision.model: this worker serves ${model.id}, not ${job.decision.model}`, 'BAD_REQUEST'));
          }
          const deadline = call.getDeadline();
          const deadlineMs = deadline instanceof Date ? deadline.getTime() : Number.isFinite(deadline) ? deadline : 0;
          const cancelled = new AbortController();
          call.once('cancelled', () => cancelled.abort());
          const limits = callSignal(cancelled.signal, deadlineMs, model.timeoutMs);
          const streamed = call.metadata.get(WORKER_METADATA.stream)[0] === '1';
          const started = performance.now();
          executeOnPool(deps.executor, job, limits.signal, streamed ? (delta) => call.write({ delta }) : undefined)
            .then(
              (completion) => {
                call.write({
                  result: {
                    jobId: job.id,
                    tenant: job.tenant,
                    output: completion.output,
                    usage: completion.usage,
                    latencyMs: performance.now() - started,
                    model: model.id,
                    pool: pool.id,
                    attempt: job.attempt,
                    finishReason: completion.finishReason,
                    completedUnixMs: Date.now(),
                  },
                });
                call.end();
              },
              (err: unknown) => {
                if (limits.cause() !== 'cancelled') call.emit('error', failureStatus(classifyError(err, limits.signal.aborted ? limits.signal : undefined)));
              },
            )
            .finally(() => limits.dispose());
        },
      });
      return ['switchyard.v1.Worker'];
    },
  });
}
