/** Why a call's signal fired: the caller went away, the request's deadline passed, or the model's own timeout. */
export type AbortCause = 'cancelled' | 'deadline' | 'timeout';

export interface CallSignal {
  readonly signal: AbortSignal;
  /** What fired first, or undefined while none has. */
  cause(): AbortCause | undefined;
  /** Clears the timer and the listener on the caller's signal. */
  dispose(): void;
}

/**
 * One AbortSignal for one model call that fires on the caller's cancel, at
 * the request's deadline or after the model's timeout, whichever comes first,
 * remembering which. One timer and one listener, removed by dispose().
 */
export function callSignal(caller: AbortSignal | undefined, deadlineUnixMs: number, timeoutMs: number, now = Date.now()): CallSignal {
  const controller = new AbortController();
  let cause: AbortCause | undefined;
  const fire = (why: AbortCause) => {
    if (cause) return;
    cause = why;
    controller.abort(new DOMException(`call aborted: ${why}`, why === 'cancelled' ? 'AbortError' : 'TimeoutError'));
  };
  const onCallerAbort = () => fire('cancelled');
  if (caller?.aborted) fire('cancelled');
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  const untilDeadline = deadlineUnixMs > 0 ? deadlineUnixMs - now : Infinity;
  const wait = Math.min(untilDeadline, timeoutMs);
  const timer = cause ? undefined : setTimeout(() => fire(untilDeadline <= timeoutMs ? 'deadline' : 'timeout'), Math.max(0, wait));
  timer?.unref();
  return {
    signal: controller.signal,
    cause: () => cause,
    dispose() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}
