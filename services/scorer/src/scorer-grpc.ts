import * as grpc from '@grpc/grpc-js';
import type { GrpcConfig } from '@switchyard/config';
import { loadSwitchyardPackage, type FeedbackRequest } from '@switchyard/contracts';
import type { TenantAuth } from '@switchyard/gateway';
import { grpcCaller, invalidArgument, startGrpcServer, toGrpcError, type GrpcServer } from '@switchyard/runtime';
import { feedbackToScore } from '@switchyard/scoring';
import { scoreStatMeans, type LiveStateStore } from '@switchyard/state';
import type { Logger } from '@switchyard/telemetry';

/** Feedback is counted once per job, apart from the automatic score of the same job. */
export const FEEDBACK_ID_PREFIX = 'feedback:';

/** Checks an explicit feedback request; returns the first problem as INVALID_ARGUMENT naming the field. */
export function validateFeedback(request: FeedbackRequest): grpc.ServiceError | null {
  if (!request.jobId) return invalidArgument('job_id', 'is required');
  if (!request.model) return invalidArgument('model', 'is required');
  if (!Number.isFinite(request.quality) || request.quality < 0 || request.quality > 1) return invalidArgument('quality', `must be between 0 and 1 (got ${request.quality})`);
  return null;
}

/**
 * Scorer gRPC API: explicit user feedback and the learned statistics. Both
 * need a bearer token; feedback is counted for the token's tenant.
 */
export function startScorerGrpc(port: number, settings: GrpcConfig, auth: TenantAuth, store: LiveStateStore, logger: Logger): Promise<GrpcServer> {
  const pkg = loadSwitchyardPackage();
  return startGrpcServer({ port, settings, register: (server) => {
    server.addService(pkg.Scorer.service, {
      Feedback: (call: grpc.ServerUnaryCall<FeedbackRequest, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        let tenant: string;
        try {
          tenant = grpcCaller(auth, call.metadata).tenant;
        } catch (err) {
          return callback(toGrpcError(err));
        }
        const problem = validateFeedback(call.request);
        if (problem) return callback(problem);
        const score = feedbackToScore({ ...call.request, tenant });
        store
          .recordScore({ jobId: `${FEEDBACK_ID_PREFIX}${score.jobId}`, model: score.model, taskType: score.taskType || 'unknown', quality: score.quality, costUsd: 0, latencyMs: 0 })
          .then(() => callback(null, { accepted: true }))
          .catch((err: Error) => {
            logger.warn({ err: err.message }, 'feedback not stored');
            callback(Object.assign(new Error('feedback not stored: state store unavailable'), { code: grpc.status.UNAVAILABLE }) as grpc.ServiceError);
          });
      },
      Stats: (call: grpc.ServerUnaryCall<{ model: string; taskType: string }, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        try {
          grpcCaller(auth, call.metadata);
        } catch (err) {
          return callback(toGrpcError(err));
        }
        store
          .readScoreStats()
          .then((stats) =>
            callback(null, {
              stats: stats
                .filter((s) => (!call.request.model || s.model === call.request.model) && (!call.request.taskType || s.taskType === call.request.taskType))
                .map((s) => ({ model: s.model, taskType: s.taskType, count: s.count, ...scoreStatMeans(s) })),
            }),
          )
          .catch(() => callback(Object.assign(new Error('statistics unavailable: state store unavailable'), { code: grpc.status.UNAVAILABLE }) as grpc.ServiceError));
      },
    });
    return ['switchyard.v1.Scorer'];
  } });
}
