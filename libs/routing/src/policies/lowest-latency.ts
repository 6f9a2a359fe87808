import { rankByScore, type PolicyInput, type PolicyRanking, type RoutingPolicy } from './policy';

/**
 * The model with the lowest predicted latency (live EWMA of its fastest pool,
 * else its latency prior) goes first. Score: fastest latency ÷ this latency.
 */
export function createLowestLatencyPolicy(): RoutingPolicy {
  return {
    name: 'lowest-latency',
    rank({ eligible }: PolicyInput): PolicyRanking {
      let fastest = Infinity;
      for (const c of eligible) fastest = Math.min(fastest, c.latencyMs);
      for (const c of eligible) c.score = c.latencyMs > 0 ? fastest / c.latencyMs : 1;
      const ranked = rankByScore(eligible);
      return { ranked, reason: `lowest-latency: ${ranked[0].id} predicted ${Math.round(ranked[0].latencyMs)} ms`, strategy: 'lowest-latency' };
    },
  };
}
