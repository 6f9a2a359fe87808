import type { PoolConfig } from '@switchyard/config';
import type { LiveSnapshot } from '@switchyard/routing';

/**
 * Pools an operator is draining (Admin.DrainPool): this router sends them no
 * new calls or jobs, on either path, while calls in flight finish. Draining
 * is held by this router process and lasts until it restarts.
 */
export class PoolDrain {
  private readonly drained = new Set<string>();
  private readonly models: Map<string, string>;
  private source: LiveSnapshot | undefined;
  private view: LiveSnapshot | undefined;

  constructor(
    private readonly snapshot: () => LiveSnapshot,
    pools: readonly PoolConfig[],
  ) {
    this.models = new Map(pools.map((p) => [p.id, p.model]));
  }

  drain(poolId: string): void {
    this.drained.add(poolId);
    this.source = undefined;
  }

  isDraining(poolId: string): boolean {
    return this.drained.has(poolId);
  }

  /**
   * The live snapshot with each drained pool's lease ended, so routing sees
   * it as gone. A new object whenever the snapshot or the drained set
   * changes, never a mutated one (the engine relies on that).
   */
  current(): LiveSnapshot {
    const snapshot = this.snapshot();
    if (this.drained.size === 0) return snapshot;
    if (snapshot !== this.source || !this.view) {
      const pools = { ...snapshot.pools };
      for (const poolId of this.drained) {
        pools[poolId] = { ...(pools[poolId] ?? { poolId, model: this.models.get(poolId) ?? '', inFlight: 0, capacity: 0, errorRate: 0, tokensPerMinute: 0 }), leaseExpiresAt: 0 };
      }
      this.source = snapshot;
      this.view = { ...snapshot, pools };
    }
    return this.view;
  }
}
