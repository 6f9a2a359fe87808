/** Builds stores on a test Redis with a settable clock. Test-only. */
import type Redis from 'ioredis';
import { closeRedis, connectRedis } from '../connect';
import { LiveStateStore, type LiveStateStoreOptions } from '../live-state-store';
import { randomKeyPrefix } from './redis-server';

export const TEST_BREAKER = { consecutiveFailures: 3, baseEjectionMs: 1_000, maxEjectionMs: 5_000 };

/** A manual clock, started 10 s into a UTC minute so tests stay inside one minute window. */
export class TestClock {
  now = Date.parse('2025-11-24T03:00:10.000Z');
  readonly read = () => this.now;
}

/** Clients opened for a test file, each with stores on one shared random prefix; `close` closes them all. */
export class TestStores {
  readonly clock = new TestClock();
  readonly keyPrefix = randomKeyPrefix();
  private readonly clients: Redis[] = [];

  constructor(private readonly url: string) {}

  /** A new client (as a separate replica would have) and a store over it. */
  async open(options: Partial<LiveStateStoreOptions> = {}): Promise<{ redis: Redis; store: LiveStateStore }> {
    const redis = await connectRedis(this.url, { readyTimeoutMs: 3_000 });
    this.clients.push(redis);
    const store = new LiveStateStore(redis, { keyPrefix: this.keyPrefix, breaker: TEST_BREAKER, clock: this.clock.read, ...options });
    return { redis, store };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => closeRedis(c)));
  }
}
