import type { Tracer } from '@opentelemetry/api';
import { ClassifierProvider } from '@switchyard/classification';
import type { SwitchyardConfig } from '@switchyard/config';
import { createGateway, DirectPools, ResultPublisher, TenantAuth, UsageGate, WorkerPools, type Gateway, type PoolDrain, type PoolReach } from '@switchyard/gateway';
import { RecordPublisher, withResultsJsonMirror, type Kafka, type TopicNames } from '@switchyard/messaging';
import type { RoutingEngine } from '@switchyard/routing';
import { configuredScorers, internalClientCredentials } from '@switchyard/runtime';
import { scoreResult } from '@switchyard/scoring';
import type { LiveStateStore } from '@switchyard/state';
import type { Logger } from '@switchyard/telemetry';

export interface SyncRouterDeps {
  config: SwitchyardConfig;
  store: LiveStateStore;
  /** The router's one engine (built from withPinnedModelRoutes), shared with its Kafka path. */
  engine: RoutingEngine;
  /** The live snapshot both paths route on, drained pools ended. */
  drain: PoolDrain;
  kafka: Kafka;
  topics: TopicNames;
  logger: Logger;
  tracer?: Tracer;
  /** This router's id in the direct pools' leases. */
  instanceId: string;
  /** Re-reads the live snapshot now (the router's LiveSnapshotCache.refresh). */
  refreshSnapshot(): Promise<unknown>;
}

export interface SyncRouter {
  gateway: Gateway;
  auth: TenantAuth;
  reach: PoolReach;
  close(): Promise<void>;
}

/**
 * Builds the synchronous path of one router process: the classifier, the
 * direct pools (this router holding a lease in each), the clients of the
 * other pools' workers, the usage gate, the results publisher and the
 * scorers a best-of-k pipeline picks by (as the pipeline-advancer's), and the
 * gateway over them that the gRPC and HTTP front doors share.
 */
export async function startSyncRouter(deps: SyncRouterDeps): Promise<SyncRouter> {
  const { config, store, logger } = deps;
  const classifier = new ClassifierProvider({ modelPath: config.classifier.modelPath, reloadIntervalMs: config.classifier.reloadIntervalMs, logger });
  const direct = new DirectPools(config, store, deps.instanceId, logger);
  const workers = new WorkerPools(
    store,
    config.pools.filter((p) => !p.direct).map((p) => p.id),
    internalClientCredentials(config.grpc),
    logger,
  );
  const publisher = new RecordPublisher(deps.kafka, `${config.kafka.clientId}-router-sync`);
  const results = new ResultPublisher(
    (records) => publisher.publish(config.kafka.resultsJsonMirror ? withResultsJsonMirror(records, deps.topics) : records),
    deps.topics.results,
    logger,
  );
  const usage = new UsageGate(store, config, logger);
  const scorers = configuredScorers(config);
  await Promise.all([direct.start(), workers.start(), publisher.connect()]);
  // Serve only once the snapshot shows this router's own leases in its direct pools.
  await deps.refreshSnapshot();
  const gateway = createGateway({
    config,
    engine: deps.engine,
    snapshot: () => deps.drain.current(),
    classifier,
    usage,
    poolCaller: (poolId) => (direct.has(poolId) ? direct : workers),
    results,
    tracer: deps.tracer,
    scorePipelineAnswer: async (answer) => (await scoreResult(answer, scorers))?.quality ?? null,
  });
  return {
    gateway,
    auth: new TenantAuth(config),
    reach: { isDraining: (poolId) => deps.drain.isDraining(poolId), workerCount: (poolId) => workers.workerCount(poolId) },
    async close() {
      await results.close();
      await usage.close();
      await publisher.close();
      await direct.close();
      await workers.close();
      classifier.close();
    },
  };
}
