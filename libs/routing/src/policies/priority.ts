import { rankByScore, type PolicyInput, type PolicyRanking, type PolicySetup, type RoutingPolicy } from './policy';

/**
 * Model-aware priority: each model's score is the weighted mean of its
 * profile metrics under the route's priority weights (a missing metric counts
 * 0). Profiles are static, so scores are computed once per route.
 */
export function createPriorityPolicy({ route, models }: PolicySetup): RoutingPolicy {
  const weights = Object.entries(route.priority ?? {});
  const totalWeight = weights.reduce((sum, [, w]) => sum + Math.abs(w), 0) || 1;
  const scores = new Map(models.map((m) => [m.id, weights.reduce((sum, [metric, w]) => sum + w * (m.profile[metric] ?? 0), 0) / totalWeight]));
  const described = weights.map(([metric, w]) => `${metric}×${w}`).join(' + ');
  return {
    name: 'priority',
    rank({ eligible }: PolicyInput): PolicyRanking {
      for (const c of eligible) c.score = scores.get(c.id) ?? 0;
      const ranked = rankByScore(eligible);
      return { ranked, reason: `priority: ${ranked[0].id} scores ${ranked[0].score.toFixed(2)} on ${described}`, strategy: 'priority' };
    },
  };
}
