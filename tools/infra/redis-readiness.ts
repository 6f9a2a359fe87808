import Redis from 'ioredis';

export interface RedisReadinessOptions {
  url: string;
  /** @default 30000 */
  timeoutMs?: number;
  log?: (msg: string) => void;
}

/** Waits until Redis answers PING and returns the server's version (INFO server). */
export async function waitForRedisReady(options: RedisReadinessOptions): Promise<{ version: string }> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no attempt finished';
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    // A fresh client per attempt: ioredis's own reconnect loop would hide the error we report.
    const redis = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.ping();
      const info = await redis.info('server');
      return { version: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      options.log?.(`Redis ${options.url} not ready yet (attempt ${attempt}): ${lastError}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      redis.disconnect();
    }
  }
  throw new Error(`Redis at ${options.url} did not answer PING within ${timeoutMs} ms; last error: ${lastError}`);
}
