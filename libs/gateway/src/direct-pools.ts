import { BackendError, ConcurrencyLimit, createDirectBackend, type Completion, type ModelBackend } from '@switchyard/backends';
import type { PoolConfig, SwitchyardConfig } from '@switchyard/config';
import { BatchedCallStats, poolCallStatsStore, type LiveStateStore } from '@switchyard/state';
import type { Logger } from '@switchyard/telemetry';
import type { PoolCall, PoolCaller } from './pool-caller';
import { executeOnPool } from './pool-executor';

/** How often the router renews its lease in each direct pool; well inside routing.poolLeaseSeconds. */
const HEARTBEAT_EVERY_MS = 2_000;

interface DirectPool {
  pool: PoolConfig;
  backend: ModelBackend;
  limit: ConcurrencyLimit;
  stats: BatchedCallStats;
}

/**
 * The pools whose config says `direct: true`: this process calls their
 * model's upstream itself, as one more worker of each pool. It holds a lease
 * in the pool with the pool's concurrency as capacity, bounds its calls by
 * that concurrency, and reports in-flight counts, latency, errors and breaker
 * outcomes exactly as a model-worker does (batched, never per call).
 */
export class DirectPools implements PoolCaller {
  private readonly pools = new Map<string, DirectPool>();
  private readonly heartbeats: NodeJS.Timeout;

  constructor(
    config: SwitchyardConfig,
    private readonly store: Pick<LiveStateStore, 'heartbeat' | 'releaseWorker' | 'workerCallStats' | 'recordOutcomes'>,
    private readonly instanceId: string,
    private readonly logger: Logger,
    private readonly leaseSeconds = config.routing.poolLeaseSeconds,
  ) {
    for (const pool of config.pools.filter((p) => p.direct)) {
      const model = config.models.find((m) => m.id === pool.model)!;
      this.pools.set(pool.id, {
        pool,
        backend: createDirectBackend(model),
        limit: new ConcurrencyLimit(pool.concurrency),
        stats: new BatchedCallStats(poolCallStatsStore(store, pool.id, instanceId, model.id), logger),
      });
    }
    this.heartbeats = setInterval(() => void this.heartbeat(), HEARTBEAT_EVERY_MS);
    this.heartbeats.unref();
  }

  /** Takes this process's lease in every direct pool; call once before serving. */
  async start(): Promise<void> {
    await this.heartbeat();
  }

  has(poolId: string): boolean {
    return this.pools.has(poolId);
  }

  call({ job, target, signal, onDelta }: PoolCall): Promise<Completion> {
    const direct = this.pools.get(target.pool);
    if (!direct) return Promise.reject(new BackendError('CONNECTION', `pool ${target.pool} is not called directly by this router`));
    return executeOnPool(direct, job, signal, onDelta);
  }

  private async heartbeat(): Promise<void> {
    await Promise.all(
      [...this.pools.values()].map(({ pool }) =>
        this.store
          .heartbeat(pool.id, this.instanceId, { model: pool.model, capacity: pool.concurrency, leaseSeconds: this.leaseSeconds })
          .catch((err: Error) => this.logger.warn({ err: err.message, pool: pool.id }, 'direct pool lease not renewed')),
      ),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeats);
    for (const { pool, backend, stats } of this.pools.values()) {
      await stats.close();
      await this.store.releaseWorker(pool.id, this.instanceId).catch(() => undefined);
      await backend.close?.();
    }
  }
}
