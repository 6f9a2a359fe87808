import Redis from 'ioredis';

export interface RedisConnectOptions {
  /** How long `connectRedis` waits for the first ready connection. @default 5000 */
  readyTimeoutMs?: number;
  /** A command without a reply after this fails instead of hanging on a silent network. @default 1000 */
  commandTimeoutMs?: number;
  /** Longest wait between reconnect attempts; reconnecting never stops. @default 2000 */
  maxReconnectDelayMs?: number;
}

/** Redis could not be reached at start-up. */
export class RedisUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The URL without its password, fit for logs and error messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparsable redis url>';
  }
}

/** Reconnect delay after `attempt` failed tries: doubling from 50 ms, capped. */
export function reconnectDelayMs(attempt: number, maxDelayMs: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), maxDelayMs);
}

/**
 * Connects to Redis and waits until it answers.
 *
 * Settings for a service that must keep routing while Redis is away:
 * reconnects forever with capped backoff; commands issued while disconnected
 * fail at once (no offline queue, one try per request) instead of piling up,
 * so callers fall back to their last snapshot; a command times out after
 * `commandTimeoutMs`.
 *
 * @throws RedisUnavailableError naming the URL (password hidden) when Redis
 *   is not ready within `readyTimeoutMs`.
 */
export async function connectRedis(url: string, options: RedisConnectOptions = {}): Promise<Redis> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 5_000;
  const maxDelay = options.maxReconnectDelayMs ?? 2_000;
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    connectTimeout: Math.min(readyTimeoutMs, 10_000),
    retryStrategy: (attempt) => reconnectDelayMs(attempt, maxDelay),
    // ioredis arms this timer on disconnect even when the socket is already
    // dead, which would hold a shutting-down process for the default 2 s.
    disconnectTimeout: 200,
    // Every worker call, routed job and score is a script call: commands issued
    // in the same tick share one round trip instead of one each.
    enableAutoPipelining: true,
  });
  // ioredis emits 'error' on every failed reconnect; without a listener Node
  // would crash the process. Callers see failures on their commands instead.
  let lastError: Error | undefined;
  redis.on('error', (err: Error) => {
    lastError = err;
  });
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve) => redis.once('ready', resolve));
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const why = lastError ? `: ${lastError.message}` : '';
      reject(new RedisUnavailableError(`Redis at ${redactRedisUrl(url)} not ready within ${readyTimeoutMs} ms${why}`, { cause: lastError }));
    }, readyTimeoutMs);
  });
  try {
    redis.connect().catch((err: Error) => {
      lastError = err;
    });
    await Promise.race([ready, timeout]);
    return redis;
  } catch (err) {
    redis.disconnect();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Closes a client from `connectRedis`: QUIT when connected, a plain disconnect otherwise. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    try {
      await redis.quit();
      return;
    } catch {
      // The connection dropped while quitting; disconnecting below is enough.
    }
  }
  redis.disconnect();
}
