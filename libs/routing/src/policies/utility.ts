import type { RouteConfig } from '@switchyard/config';
import type { Preferences } from '@switchyard/contracts';
import { formatUsd } from '../format';
import { rankByScore, type Candidate, type PolicyInput, type PolicyRanking, type PolicySetup, type RoutingPolicy } from './policy';

export interface UtilityWeights {
  quality: number;
  cost: number;
  latency: number;
}

/** The job's own weights; a weight of 0 means "the route's default" (see Preferences in job.proto). */
export function resolveWeights(preferences: Preferences | null, defaults: RouteConfig['preferenceWeights']): UtilityWeights {
  return {
    quality: preferences?.qualityWeight || defaults.quality,
    cost: preferences?.costWeight || defaults.cost,
    latency: preferences?.latencyWeight || defaults.latency,
  };
}

/**
 * Ranks by the job's cost/quality/latency preferences. The strategy picks the
 * quality the ranking uses: the mean for utility, the exploring draw for learned.
 *
 * - weighted: score = wq·quality − wc·cost/costScale − wl·latency/latencyScale,
 *   both scales being the largest prediction over the route's models, so a
 *   constraint removing a model never reorders the others.
 * - cheapest: models whose quality reaches the job's min_quality (and latency
 *   its max_latency) first, cheapest first, score = cheapest cost ÷ this cost;
 *   then the rest by quality, score = −shortfall. With no model good enough,
 *   the best predicted quality is taken rather than failing the job.
 */
export function rankByUtility(
  input: PolicyInput,
  mode: RouteConfig['utility'],
  weights: UtilityWeights,
  strategy: 'utility' | 'learned',
): PolicyRanking {
  const { eligible, job } = input;
  const qualityOf = strategy === 'learned' ? (c: Candidate) => c.explore : (c: Candidate) => c.quality;
  const label = strategy;
  if (mode === 'weighted') {
    const costScale = input.costScaleUsd || 1;
    const latencyScale = input.latencyScaleMs || 1;
    for (const c of eligible) c.score = weights.quality * qualityOf(c) - (weights.cost * c.costUsd) / costScale - (weights.latency * c.latencyMs) / latencyScale;
    const ranked = rankByScore(eligible);
    const best = ranked[0];
    return {
      ranked,
      reason: `${label}: best score ${best.score.toFixed(2)} (quality ${qualityOf(best).toFixed(2)}, cost ${formatUsd(best.costUsd)}, latency ${Math.round(best.latencyMs)} ms)`,
      strategy,
    };
  }
  const minQuality = job.preferences?.minQuality ?? 0;
  const maxLatency = job.preferences?.maxLatencyMs || Infinity;
  let cheapest = Infinity;
  for (const c of eligible) if (qualityOf(c) >= minQuality && c.latencyMs <= maxLatency) cheapest = Math.min(cheapest, c.costUsd);
  for (const c of eligible) {
    const good = qualityOf(c) >= minQuality && c.latencyMs <= maxLatency;
    // Qualifying models score in (0,1]; the rest below 0 by how far they miss.
    c.score = good ? (c.costUsd > 0 ? cheapest / c.costUsd : 1) : qualityOf(c) - minQuality - 1;
  }
  const ranked = rankByScore(eligible);
  const best = ranked[0];
  const reason = cheapest === Infinity
    ? `${label}: no model reaches quality ${minQuality.toFixed(2)}; took the best predicted, ${best.id} (quality ${qualityOf(best).toFixed(2)})`
    : `${label}: cheapest with quality ≥ ${minQuality.toFixed(2)} is ${best.id} (quality ${qualityOf(best).toFixed(2)}, cost ${formatUsd(best.costUsd)})`;
  return { ranked, reason, strategy };
}

export function createUtilityPolicy({ route }: PolicySetup): RoutingPolicy {
  return {
    name: 'utility',
    rank(input: PolicyInput): PolicyRanking {
      return rankByUtility(input, route.utility, resolveWeights(input.job.preferences, route.preferenceWeights), 'utility');
    },
  };
}
