import type { Classification, Job, JobInput, Result, RouteDecision, Usage } from '@switchyard/contracts';

/** Who is calling, as the bearer token says (see TenantAuth); never taken from the request body. */
export interface Caller {
  tenant: string;
  /** An operator token: may call every Admin method and read any tenant's statistics. */
  admin: boolean;
}

/** One synchronous request, the same from gRPC and from HTTP. */
export interface SyncRequest {
  /** The job as the caller sent it (proto Job fields). Its `tenant` is replaced by `caller.tenant`; an empty id gets a fresh one. */
  job: JobInput;
  caller: Caller;
  /**
   * Use exactly this model (the route still picks its pool by the same
   * bounded-load hashing); other models are not tried. Absent: the route's
   * policy chooses, with ranked fallbacks.
   */
  model?: string;
}

/** A token as the backend streamed it, and which model and pool produced it. */
export interface TokenEvent {
  delta: string;
  model: string;
  pool: string;
  /** The decision that is answering: the routed one, or its fallback when the first model failed before its first token. */
  decision: RouteDecision;
}

export interface CallOptions {
  /** Aborted when the caller goes away (client cancel, HTTP disconnect): aborts the backend call. */
  signal?: AbortSignal;
  /** Absolute deadline, Unix ms; the earlier of this and the job's `deadline_unix_ms` applies and reaches the backend. */
  deadlineUnixMs?: number;
  /**
   * Streams the answer: called with each token as the backend sends it. A
   * model that fails before its first token is replaced by the next ranked
   * fallback unseen; one that fails after ends the call with upstream_failed.
   */
  onToken?: (token: TokenEvent) => void;
}

/** A completed call: the Result published on the results topic (a model's answer; `steps` set for a pipeline's). */
export type CompletionResult = Pick<
  Result,
  'jobId' | 'tenant' | 'output' | 'costUsd' | 'latencyMs' | 'decision' | 'model' | 'pool' | 'attempt' | 'classification' | 'reference' | 'finishReason' | 'completedUnixMs' | 'jobCreatedUnixMs' | 'metadata' | 'error' | 'steps'
> & { usage: Usage };

/** Route's dry-run answer: the decision with reasons, candidates and fallbacks, and the classification it used. */
export interface RouteAnswer {
  decision: RouteDecision;
  classification: Classification;
  /** The job as routed: validated, tenant set, classified. */
  job: Job;
}
