import type { PolicyInput, PolicyRanking, PolicySetup, RoutingPolicy } from './policy';

/**
 * Cascade: models ordered cheapest to strongest; the first eligible one whose
 * predicted quality reaches the threshold answers. Its fallbacks are the
 * stronger models after it, in order, so a failed call — or a failed quality
 * check, which the worker and scorer treat the same way — escalates one step.
 * When none is predicted good enough the strongest eligible model answers,
 * with the weaker ones as fallbacks (a weak answer beats a dead letter).
 */
export function createCascadePolicy({ route }: PolicySetup): RoutingPolicy {
  const threshold = route.cascade?.threshold ?? 0;
  const steps = new Map((route.cascade?.models ?? []).map((id, i) => [id, i]));
  return {
    name: 'cascade',
    rank({ eligible }: PolicyInput): PolicyRanking {
      // Models outside the cascade list (a route may set wider candidates) rank after it.
      const ladder = eligible.slice().sort((a, b) => (steps.get(a.id) ?? steps.size + a.order) - (steps.get(b.id) ?? steps.size + b.order));
      const start = ladder.findIndex((c) => c.quality >= threshold);
      for (let i = 0; i < ladder.length; i++) ladder[i].score = i < start ? 0 : ladder[i].quality;
      if (start === -1) {
        const ranked = ladder.reverse();
        return { ranked, reason: `cascade: no step predicted ≥ ${threshold.toFixed(2)}; using the strongest eligible, ${ranked[0].id}`, strategy: 'cascade' };
      }
      const chosen = ladder[start];
      return {
        ranked: ladder.slice(start),
        reason: `cascade: ${chosen.id} is the first step predicted ≥ ${threshold.toFixed(2)} (quality ${chosen.quality.toFixed(2)})`,
        strategy: 'cascade',
      };
    },
  };
}
