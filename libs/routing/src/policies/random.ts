import type { PolicyInput, PolicyRanking, RoutingPolicy } from './policy';

/** Uniform random choice among the eligible models; fallbacks in route order. */
export function createRandomPolicy(): RoutingPolicy {
  return {
    name: 'random',
    rank({ eligible, random }: PolicyInput): PolicyRanking {
      const pick = Math.min(Math.floor(random() * eligible.length), eligible.length - 1);
      const ranked = [eligible[pick]];
      for (const c of eligible) {
        c.score = c === eligible[pick] ? 1 : 0;
        if (c !== eligible[pick]) ranked.push(c);
      }
      return { ranked, reason: `random: drew ${eligible[pick].id} of ${eligible.length} eligible models`, strategy: 'random' };
    },
  };
}
