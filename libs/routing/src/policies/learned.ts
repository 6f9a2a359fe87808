import { rankByUtility, resolveWeights } from './utility';
import type { PolicyInput, PolicyRanking, PolicySetup, RoutingPolicy } from './policy';

/**
 * The learned cost-quality-latency policy: the quality predictor (trained on
 * the scorer's history) supplies an exploring estimate per model — a Thompson
 * draw or a UCB bound, the predictor's choice per `route.exploration` — and the
 * job's preferences weigh it against cost and latency exactly as utility does.
 * Without a predictor the estimates are the models' quality priors.
 */
export function createLearnedPolicy({ route, hasQualityPredictor }: PolicySetup): RoutingPolicy {
  return {
    name: 'learned',
    rank(input: PolicyInput): PolicyRanking {
      const ranking = rankByUtility(input, route.utility, resolveWeights(input.job.preferences, route.preferenceWeights), 'learned');
      if (!hasQualityPredictor) ranking.reason += '; no quality predictor yet, so quality priors stand in for learned estimates';
      return ranking;
    },
  };
}
