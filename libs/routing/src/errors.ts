/** Errors the engine throws; each has a fixed code the router maps to DLQ or a gRPC status. */
export abstract class RoutingError extends Error {
  abstract readonly code: string;
}

export interface ModelRejection {
  model: string;
  reason: string;
}

/** Every model failed a hard constraint: the job cannot be served as it is (the router dead-letters it). */
export class NoEligibleModelError extends RoutingError {
  readonly code = 'NO_ELIGIBLE_MODEL';
  constructor(
    readonly jobId: string,
    readonly route: string,
    readonly rejections: readonly ModelRejection[],
  ) {
    super(`no eligible model for job "${jobId}" on route "${route}": ${rejections.map((r) => `${r.model}: ${r.reason}`).join('; ')}`);
  }
}

/**
 * No model is eligible, and at least one was refused only by a usage limit
 * (requests or tokens per minute, or budget) that the snapshot already shows
 * reached: the same refusal as a failed reservation, so the same code.
 */
export class LimitExceededError extends RoutingError {
  readonly code = 'LIMIT_EXCEEDED';
  constructor(
    readonly jobId: string,
    readonly route: string,
    readonly rejections: readonly ModelRejection[],
  ) {
    super(`usage limit reached for job "${jobId}" on route "${route}": ${rejections.map((r) => `${r.model}: ${r.reason}`).join('; ')}`);
  }
}

/** The job names a route the config does not define. */
export class UnknownRouteError extends RoutingError {
  readonly code = 'UNKNOWN_ROUTE';
  constructor(
    readonly jobId: string,
    readonly route: string,
    known: readonly string[],
  ) {
    super(`job "${jobId}" names unknown route "${route}" (known: ${known.join(', ')})`);
  }
}
