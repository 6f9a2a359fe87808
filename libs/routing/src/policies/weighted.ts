import type { Candidate, PolicyInput, PolicyRanking, PolicySetup, RoutingPolicy } from './policy';

/**
 * Weighted random: each eligible model wins with probability proportional to
 * its configured weight (models without a weight have 0). Fallbacks follow by
 * weight, heaviest first. When every eligible model weighs 0, the draw is uniform.
 */
export function createWeightedPolicy({ route }: PolicySetup): RoutingPolicy {
  const weights = route.weights ?? {};
  return {
    name: 'weighted',
    rank({ eligible, random }: PolicyInput): PolicyRanking {
      let total = 0;
      for (const c of eligible) total += weights[c.id] ?? 0;
      const uniform = total === 0;
      for (const c of eligible) c.score = uniform ? 1 / eligible.length : (weights[c.id] ?? 0) / total;
      // Shares sum to 1, so one draw in [0,1) walks the cumulative shares.
      let target = random();
      let pick: Candidate | undefined;
      for (const c of eligible) {
        if (c.score > 0) pick = c;
        if (c.score > 0 && target < c.score) break;
        target -= c.score;
      }
      const chosen = pick ?? eligible[0];
      const rest = eligible.filter((c) => c !== chosen).sort((a, b) => b.score - a.score || a.order - b.order);
      const reason = uniform
        ? `weighted: no eligible model has a weight; drew ${chosen.id} uniformly`
        : `weighted: drew ${chosen.id}, ${(chosen.score * 100).toFixed(0)}% of the eligible weight`;
      return { ranked: [chosen, ...rest], reason, strategy: 'weighted' };
    },
  };
}
