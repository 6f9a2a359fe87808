import * as grpc from '@grpc/grpc-js';
import type { GrpcConfig, SwitchyardConfig } from '@switchyard/config';
import { loadSwitchyardPackage, type Job } from '@switchyard/contracts';
import { GatewayError, listModels, listPools, requireAdmin, tenantStats, type Caller, type Gateway, type PoolDrain, type PoolReach, type TenantAuth } from '@switchyard/gateway';
import type { LiveSnapshot } from '@switchyard/routing';
import { classifierHandlers, grpcCaller, startGrpcServer, toGrpcError, type GrpcServer } from '@switchyard/runtime';

export interface RouterGrpcDeps {
  gateway: Gateway;
  auth: TenantAuth;
  config: SwitchyardConfig;
  /** The snapshot routing sees (drained pools already ended). */
  snapshot: () => LiveSnapshot;
  drain: PoolDrain;
  reach: PoolReach;
  /** Re-reads and checks the config file and applies what can change live (tenant tokens); resolves to its version. */
  reloadConfig(): Promise<string>;
  now?: () => number;
}

type ServerSurfaceCall = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>;

/** The call's deadline as Unix ms (0 when the client set none). */
function deadlineOf(call: ServerSurfaceCall): number {
  const deadline = call.getDeadline();
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * Runs `work` with an AbortSignal that fires when the client cancels the call
 * (or its deadline passes on the client's side). grpc-js also reports
 * 'cancelled' when a finished call's stream closes; the listener is gone by
 * then, so a finished call aborts nothing and builds no DOMException.
 */
function whileNotCancelled<T>(call: ServerSurfaceCall, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onCancel = () => controller.abort(new DOMException('the client cancelled the call', 'AbortError'));
  call.once('cancelled', onCancel);
  return work(controller.signal).finally(() => call.off('cancelled', onCancel));
}

/** Runs a unary handler: the caller from the token, the answer or the mapped status. */
function unary<Req, Res>(auth: TenantAuth, handle: (request: Req, caller: Caller, call: grpc.ServerUnaryCall<Req, Res>) => Res | Promise<Res>) {
  return (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
    let caller: Caller;
    try {
      caller = grpcCaller(auth, call.metadata);
    } catch (err) {
      return callback(toGrpcError(err));
    }
    Promise.resolve()
      .then(() => handle(call.request, caller, call))
      .then(
        (reply) => callback(null, reply),
        (err: unknown) => callback(toGrpcError(err)),
      );
  };
}

/**
 * The router's gRPC front door: Router (Route, Complete, CompleteStream),
 * Admin and Classifier, thin adapters over the gateway. The tenant comes from the bearer
 * token in `authorization` metadata; a client cancel or deadline aborts the
 * backend call.
 */
export function startRouterGrpc(port: number, settings: GrpcConfig, deps: RouterGrpcDeps): Promise<GrpcServer> {
  const pkg = loadSwitchyardPackage();
  const { gateway, auth, config } = deps;
  const now = deps.now ?? Date.now;
  return startGrpcServer({
    port,
    settings,
    register(server) {
      server.addService(pkg.Router.service, {
        Route: unary(auth, (request: { job: Job | null }, caller) => {
          if (!request.job) throw new GatewayError('invalid_argument', 'job: is required', { field: 'job' });
          const { decision, classification } = gateway.route({ job: request.job, caller });
          return { decision, classification };
        }),
        Complete: unary(auth, (job: Job, caller, call) => whileNotCancelled(call, (signal) => gateway.complete({ job, caller }, { signal, deadlineUnixMs: deadlineOf(call) }))),
        CompleteStream: (call: grpc.ServerWritableStream<Job, unknown>) => {
          let caller: Caller;
          try {
            caller = grpcCaller(auth, call.metadata);
          } catch (err) {
            call.emit('error', toGrpcError(err));
            return;
          }
          whileNotCancelled(call, (signal) =>
            gateway.complete({ job: call.request, caller }, { signal, deadlineUnixMs: deadlineOf(call), onToken: (token) => call.write({ delta: token.delta }) }),
          ).then(
              (result) => {
                call.write({ result });
                call.end();
              },
              (err: unknown) => call.emit('error', toGrpcError(err)),
            );
        },
      });
      server.addService(pkg.Admin.service, {
        ListModels: unary(auth, (_request: unknown, caller) => {
          requireAdmin(caller, 'ListModels');
          return { models: listModels(config, deps.snapshot(), now()) };
        }),
        ListPools: unary(auth, (_request: unknown, caller) => {
          requireAdmin(caller, 'ListPools');
          return { pools: listPools(config, deps.snapshot(), deps.reach, now()) };
        }),
        TenantStats: unary(auth, (request: { tenant: string }, caller) => tenantStats(config, deps.snapshot(), caller, request.tenant)),
        ReloadConfig: unary(auth, async (_request: unknown, caller) => {
          requireAdmin(caller, 'ReloadConfig');
          return { version: await deps.reloadConfig() };
        }),
        DrainPool: unary(auth, (request: { pool: string }, caller) => {
          requireAdmin(caller, 'DrainPool');
          if (!config.pools.some((p) => p.id === request.pool)) throw new GatewayError('not_found', `pool: unknown pool "${request.pool}"`, { field: 'pool' });
          deps.drain.drain(request.pool);
          return { pool: request.pool, inFlight: deps.snapshot().pools[request.pool]?.inFlight ?? 0 };
        }),
      });
      server.addService(pkg.Classifier.service, classifierHandlers(auth, (job) => gateway.classify(job)));
      return ['switchyard.v1.Router', 'switchyard.v1.Admin', 'switchyard.v1.Classifier'];
    },
  });
}
