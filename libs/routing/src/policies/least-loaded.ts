import { rankByScore, utilisation, type PolicyInput, type PolicyRanking, type RoutingPolicy } from './policy';

/** The model whose live pools are least utilised (in-flight ÷ capacity) goes first. */
export function createLeastLoadedPolicy(): RoutingPolicy {
  return {
    name: 'least-loaded',
    rank({ eligible }: PolicyInput): PolicyRanking {
      for (const c of eligible) c.score = 1 - utilisation(c);
      const ranked = rankByScore(eligible);
      const best = ranked[0];
      return {
        ranked,
        reason: `least-loaded: ${best.id} has ${best.inFlight} in flight of capacity ${best.capacity}`,
        strategy: 'least-loaded',
      };
    },
  };
}
