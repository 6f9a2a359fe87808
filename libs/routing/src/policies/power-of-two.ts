import { utilisation, type PolicyInput, type PolicyRanking, type RoutingPolicy } from './policy';

/**
 * Power of two choices: draw two distinct eligible models at random and take
 * the less utilised; almost as balanced as least-loaded but without every
 * router replica stampeding to the same momentarily idle model.
 * Fallbacks: the other drawn model, then the rest by utilisation.
 */
export function createPowerOfTwoPolicy(): RoutingPolicy {
  return {
    name: 'power-of-two',
    rank({ eligible, random }: PolicyInput): PolicyRanking {
      const n = eligible.length;
      for (const c of eligible) c.score = 1 - utilisation(c);
      if (n === 1) return { ranked: [eligible[0]], reason: `power-of-two: ${eligible[0].id} is the only eligible model`, strategy: 'power-of-two' };
      const i = Math.min(Math.floor(random() * n), n - 1);
      // The second draw skips the first, so the two are distinct and uniform.
      let j = Math.min(Math.floor(random() * (n - 1)), n - 2);
      if (j >= i) j++;
      const a = eligible[i];
      const b = eligible[j];
      const [winner, loser] = b.score > a.score || (b.score === a.score && b.order < a.order) ? [b, a] : [a, b];
      const rest = eligible.filter((c) => c !== winner && c !== loser).sort((x, y) => y.score - x.score || x.order - y.order);
      return {
        ranked: [winner, loser, ...rest],
        reason: `power-of-two: drew ${a.id} and ${b.id}; ${winner.id} is less loaded (${winner.inFlight}/${winner.capacity} in flight)`,
        strategy: 'power-of-two',
      };
    },
  };
}
