import type * as grpc from '@grpc/grpc-js';
import { assertValidJob, completeJob, InvalidJobError, type Classification, type Job } from '@switchyard/contracts';
import { GatewayError, type TenantAuth } from '@switchyard/gateway';
import { grpcCaller, toGrpcError } from './grpc-errors';

/**
 * Classifier.Classify for any service that holds a classifier (the
 * classifier service; the router, which classifies synchronous calls in
 * process): the job's labels, for the token's tenant.
 */
export function classifierHandlers(auth: TenantAuth, classify: (job: Job) => Classification): grpc.UntypedServiceImplementation {
  return {
    Classify: (call: grpc.ServerUnaryCall<Job, Classification>, callback: grpc.sendUnaryData<Classification>) => {
      try {
        const caller = grpcCaller(auth, call.metadata);
        const job = completeJob({ ...call.request, id: call.request.id || 'classify', tenant: caller.tenant || 'admin' });
        try {
          assertValidJob(job);
        } catch (err) {
          if (err instanceof InvalidJobError) throw new GatewayError('invalid_argument', err.message, { field: err.field });
          throw err;
        }
        callback(null, classify(job));
      } catch (err) {
        callback(toGrpcError(err));
      }
    },
  };
}
