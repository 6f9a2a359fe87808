/**
 * The contract every routing policy implements. The engine applies the hard
 * constraints first; a policy only orders the eligible candidates (best first)
 * and says why. The first is the chosen model, the rest are its fallbacks.
 */
import type { ModelConfig, RouteConfig, RoutePolicyName } from '@switchyard/config';
import type { Job } from '@switchyard/contracts';
import type { JobFacts } from '../job-facts';

/** One model as seen by one decision; the engine refreshes these fields on every decision. */
export interface Candidate {
  readonly id: string;
  readonly model: ModelConfig;
  /** Position in the route's model list: the tie-break, so equal scores keep config order. */
  readonly order: number;
  /** Rendezvous seed of the model id (consistent-hash policy). */
  readonly seed: number;
  /** Predicted mean quality 0..1. */
  quality: number;
  /** Exploring draw or optimistic bound from the quality predictor; equals `quality` without one. */
  explore: number;
  costUsd: number;
  latencyMs: number;
  /** Sum of in-flight calls and of capacity over the model's live pools. */
  inFlight: number;
  capacity: number;
  eligible: boolean;
  rejectedReason: string;
  /** Set by the policy for eligible candidates: higher is better. */
  score: number;
}

export interface PolicyInput {
  job: Job;
  facts: JobFacts;
  /** Eligible candidates in route order; never empty. */
  eligible: readonly Candidate[];
  /** Largest predicted cost and latency over the route's models, for normalising. */
  costScaleUsd: number;
  latencyScaleMs: number;
  random: () => number;
}

export interface PolicyRanking {
  /** Eligible candidates, best first. */
  ranked: Candidate[];
  /** A sentence for the decision's reasons. */
  reason: string;
  /** The policy that actually chose (rules report their fallback policy when no rule matched). */
  strategy: RoutePolicyName;
}

export interface RoutingPolicy {
  readonly name: RoutePolicyName;
  rank(input: PolicyInput): PolicyRanking;
}

/** What a policy may read when it is built for a route. */
export interface PolicySetup {
  routeName: string;
  route: RouteConfig;
  models: readonly ModelConfig[];
  hasQualityPredictor: boolean;
}

/** Candidates by score, best first; equal scores keep route order. */
export function rankByScore(candidates: readonly Candidate[]): Candidate[] {
  // Insertion sort: a route has tens of models, where it beats Array#sort with a comparator.
  const ranked = candidates.slice();
  for (let i = 1; i < ranked.length; i++) {
    const c = ranked[i];
    let j = i - 1;
    while (j >= 0 && (ranked[j].score < c.score || (ranked[j].score === c.score && ranked[j].order > c.order))) {
      ranked[j + 1] = ranked[j];
      j--;
    }
    ranked[j + 1] = c;
  }
  return ranked;
}

/** Utilisation 0..1 (or above when over capacity) of a model's live pools. */
export function utilisation(c: Candidate): number {
  return c.capacity > 0 ? c.inFlight / c.capacity : 1;
}
