import { toCompletionRequest, type Completion, type ConcurrencyLimit, type ModelBackend } from '@switchyard/backends';
import type { Job } from '@switchyard/contracts';
import type { CallStats } from '@switchyard/state';

/** One worker's means of calling its pool's model: the backend, the concurrency bound and the live statistics. */
export interface PoolExecutorDeps {
  backend: ModelBackend;
  limit: ConcurrencyLimit;
  stats: CallStats;
}

/**
 * Calls the model for one synchronous job, holding a slot of the worker's
 * concurrency (shared with its Kafka calls) and counting the call in the
 * pool's live statistics. Used by the router for direct pools and by a
 * model-worker's Worker.Execute.
 */
export function executeOnPool(deps: PoolExecutorDeps, job: Job, signal: AbortSignal, onDelta?: (text: string) => void): Promise<Completion> {
  return deps.limit.run(async () => {
    if (signal.aborted) throw signal.reason;
    const started = performance.now();
    deps.stats.callStarted();
    try {
      const completion = await deps.backend.complete(toCompletionRequest(job), { signal, ...(onDelta ? { onDelta } : {}) });
      deps.stats.callFinished({ ok: true, latencyMs: performance.now() - started, tokens: completion.usage.inputTokens + completion.usage.outputTokens });
      return completion;
    } catch (err) {
      // A caller's cancel (an AbortError, see callSignal) says nothing about the model's health; a timeout does.
      const cancelled = signal.aborted && (signal.reason as Error | undefined)?.name === 'AbortError';
      deps.stats.callFinished({ ok: cancelled, latencyMs: performance.now() - started, tokens: 0 });
      throw err;
    }
  });
}
