import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/**
 * How the worker should react to a failed model call:
 * - `transient`: the same model may succeed if asked again after a backoff.
 * - `timeout`: the call ran out of time; another try (or a faster model) may succeed.
 * - `permanent`: this model will not answer this job (auth, unknown model, unknown prompt):
 *   fall back to another model without retrying this one.
 * - `invalid_request`: the job itself is malformed for any model: dead-letter it.
 */
export type BackendErrorKind = 'transient' | 'permanent' | 'timeout' | 'invalid_request';

/** Every code a backend can raise, with its kind. The only table of error classification. */
const CODE_KINDS = {
  RATE_LIMITED: 'transient',
  UPSTREAM_5XX: 'transient',
  CONNECTION: 'transient',
  SIMULATED_FAILURE: 'transient',
  TIMEOUT: 'timeout',
  AUTH: 'permanent',
  MODEL_NOT_FOUND: 'permanent',
  UPSTREAM_4XX: 'permanent',
  UNSUPPORTED_ATTACHMENT: 'permanent',
  MISSING_API_KEY: 'permanent',
  REPLAY_UNKNOWN_PROMPT: 'permanent',
  REPLAY_NO_OUTCOME: 'permanent',
  UNKNOWN: 'permanent',
  BAD_REQUEST: 'invalid_request',
} as const satisfies Record<string, BackendErrorKind>;

export type BackendErrorCode = keyof typeof CODE_KINDS;

/** Whether a code read off the wire (e.g. a worker's error status) is one of ours. */
export function isBackendErrorCode(code: string): code is BackendErrorCode {
  return Object.hasOwn(CODE_KINDS, code);
}

/** A classified model-call failure. `retryable` means the same call to the same model may succeed later. */
export class BackendError extends Error {
  readonly kind: BackendErrorKind;
  readonly retryable: boolean;
  /** HTTP status of the provider's answer, when there was one. */
  readonly status: number | undefined;

  constructor(
    readonly code: BackendErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'BackendError';
    this.kind = CODE_KINDS[code];
    this.retryable = this.kind === 'transient' || this.kind === 'timeout';
    this.status = options?.status;
  }

  /** The shape carried on a Result or a fallback Job (proto ErrorInfo). */
  toErrorInfo(): { code: string; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** The code of a provider's HTTP error status (the one mapping, shared by every HTTP backend). */
export function codeForStatus(status: number): BackendErrorCode {
  if (status === 429) return 'RATE_LIMITED';
  if (status === 408) return 'TIMEOUT';
  if (status === 401 || status === 403) return 'AUTH';
  if (status === 404) return 'MODEL_NOT_FOUND';
  // 400/413/422: the request itself is rejected (malformed, too large), whichever model gets it.
  if (status === 400 || status === 413 || status === 422) return 'BAD_REQUEST';
  if (status >= 500) return 'UPSTREAM_5XX';
  return 'UPSTREAM_4XX';
}

function isAbort(error: unknown): boolean {
  return (
    error instanceof OpenAI.APIUserAbortError ||
    error instanceof Anthropic.APIUserAbortError ||
    error instanceof OpenAI.APIConnectionTimeoutError ||
    error instanceof Anthropic.APIConnectionTimeoutError ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
  );
}

/**
 * Turns whatever a provider SDK (or our own code) threw into a BackendError.
 * An aborted `signal` always means TIMEOUT: the worker aborts only when the call's time is up.
 */
export function classifyError(error: unknown, signal?: AbortSignal): BackendError {
  if (error instanceof BackendError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (signal?.aborted || isAbort(error)) return new BackendError('TIMEOUT', `model call timed out: ${message}`, { cause: error });
  if (error instanceof OpenAI.APIError || error instanceof Anthropic.APIError) {
    if (typeof error.status === 'number') return new BackendError(codeForStatus(error.status), message, { cause: error, status: error.status });
    return new BackendError('CONNECTION', message, { cause: error });
  }
  return new BackendError('UNKNOWN', message, { cause: error });
}

/** The TIMEOUT error for a call whose signal was aborted before or while it ran. */
export function abortedCallError(signal: AbortSignal): BackendError {
  return classifyError(signal.reason ?? new Error('aborted'), signal);
}
