/** Errors the engine throws; each has a fixed code the router maps to DLQ or a gRPC status. */
export abstract class RoutingError extends Error {
  abstract readonly code: string;
}

export interface ModelRejection {
  model: string;
  reason: string;
}

/** A job no model may take now, with each model's reason. */
abstract class ModelRejectionsError extends RoutingError {
  constructor(
    readonly jobId: string,
    readonly route: string,
    readonly rejections: readonly ModelRejection[],
    what: string,
  ) {
    super(`${what} for job "${jobId}" on route "${route}": ${rejections.map((r) => `${r.model}: ${r.reason}`).join('; ')}`);
  }
}

/** Every model failed a hard constraint: the job cannot be served as it is (the router dead-letters it). */
export class NoEligibleModelError extends ModelRejectionsError {
  readonly code = 'NO_ELIGIBLE_MODEL';
  constructor(jobId: string, route: string, rejections: readonly ModelRejection[]) {
    super(jobId, route, rejections, 'no eligible model');
  }
}

/**
 * No model is eligible, and at least one was refused only by a usage limit
 * (requests or tokens per minute, or budget) that the snapshot already shows
 * reached: the same refusal as a failed reservation, so the same code.
 */
export class LimitExceededError extends ModelRejectionsError {
  readonly code = 'LIMIT_EXCEEDED';
  constructor(jobId: string, route: string, rejections: readonly ModelRejection[]) {
    super(jobId, route, rejections, 'usage limit reached');
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
