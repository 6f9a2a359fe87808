/**
 * The one home of Switchyard's own HTTP headers on the OpenAI-compatible API.
 * Node lower-cases incoming header names, so these are lower case too.
 * SDKs ignore headers they do not know, so the decision rides here without
 * touching the OpenAI body they parse.
 */

/** Request headers: the caller's preferences and deadline. */
export const REQUEST_HEADERS = {
  maxCostUsd: 'x-switchyard-max-cost-usd',
  maxLatencyMs: 'x-switchyard-max-latency-ms',
  minQuality: 'x-switchyard-min-quality',
  qualityWeight: 'x-switchyard-quality-weight',
  costWeight: 'x-switchyard-cost-weight',
  latencyWeight: 'x-switchyard-latency-weight',
  affinityKey: 'x-switchyard-affinity-key',
  /** Time the caller gives the whole call, in milliseconds; the deadline reaches the backend call. */
  timeoutMs: 'x-switchyard-timeout-ms',
} as const;

/** Response headers: what the router decided and what the call cost. */
export const RESPONSE_HEADERS = {
  jobId: 'x-switchyard-job-id',
  model: 'x-switchyard-model',
  pool: 'x-switchyard-pool',
  strategy: 'x-switchyard-strategy',
  route: 'x-switchyard-route',
  /** The decision's reasons, each percent-encoded, joined by ", " (reasons may hold any character). */
  reasons: 'x-switchyard-reasons',
} as const;

/** The extra body field for the same preferences (`extra_body={"switchyard": {...}}` in the Python SDK). */
export const BODY_FIELD = 'switchyard';
