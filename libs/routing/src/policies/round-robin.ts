import type { PolicyInput, PolicyRanking, RoutingPolicy } from './policy';

/**
 * Static round-robin: the n-th decision of a route takes the n-th eligible
 * model (mod the eligible count), and fallbacks continue around the cycle.
 * The counter is per route and per engine (per router replica).
 */
export function createRoundRobinPolicy(): RoutingPolicy {
  let turn = 0;
  return {
    name: 'round-robin',
    rank({ eligible }: PolicyInput): PolicyRanking {
      const n = eligible.length;
      const start = turn % n;
      turn = (turn + 1) % Number.MAX_SAFE_INTEGER;
      const ranked = new Array(n);
      for (let k = 0; k < n; k++) {
        const c = eligible[(start + k) % n];
        c.score = (n - k) / n;
        ranked[k] = c;
      }
      return { ranked, reason: `round-robin: turn ${start + 1} of ${n} eligible models`, strategy: 'round-robin' };
    },
  };
}
