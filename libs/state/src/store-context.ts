import type Redis from 'ioredis';
import type { BreakerSettings } from '@switchyard/routing';
import type { StateKeys } from './keys';

/** What every store operation needs: the client, the key layout, the clock and the tuning. */
export interface StoreContext {
  readonly redis: Redis;
  readonly keys: StateKeys;
  readonly clock: () => number;
  readonly breaker: BreakerSettings;
  /** Weight of the newest call in the latency and error-rate EWMAs. */
  readonly ewmaAlpha: number;
  /** How long the "already scored" marker of a job lives. */
  readonly scoreMarkerTtlSeconds: number;
}
