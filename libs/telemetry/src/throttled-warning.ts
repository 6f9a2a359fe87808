import type { Logger } from './logger';

/**
 * A warning for a dependency that fails every call while it is away (Redis
 * for live statistics, reservations, score refreshes): logged at most once
 * per `everyMs`, so an outage is one line per period, not one per call.
 */
export function throttledWarning(logger: Logger, message: string, everyMs = 30_000): (err: unknown) => void {
  let lastWarning = -Infinity;
  return (err) => {
    const now = Date.now();
    if (now - lastWarning < everyMs) return;
    lastWarning = now;
    logger.warn({ err: (err as Error)?.message ?? String(err) }, message);
  };
}
