// Error object: https://platform.openai.com/docs/guides/error-codes
/** OpenAI's error `type`s this API answers with; the SDKs pick their exception class by status, not type. */
export type ApiErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'server_error' | 'timeout_error';

/**
 * A failed request in OpenAI's shape: the status, and the body
 * `{"error": {"message", "type", "param", "code"}}` that both official SDKs parse.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ApiErrorType,
    readonly code: string,
    message: string,
    /** The request field at fault (`messages[2].role`, `model`), or null. */
    readonly param: string | null = null,
    /** Whole seconds the caller should wait before retrying (429), sent as `retry-after`. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): string {
    return JSON.stringify({ error: { message: this.message, type: this.type, param: this.param, code: this.code } });
  }
}

/** 400 naming the field: the request is wrong whichever model gets it. */
export function invalidField(param: string, problem: string, code = 'invalid_value'): ApiError {
  return new ApiError(400, 'invalid_request_error', code, `${param}: ${problem}`, param);
}
