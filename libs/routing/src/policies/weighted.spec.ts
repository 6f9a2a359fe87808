import type { RouteConfig } from '@switchyard/config';
import { mulberry32 } from '@switchyard/hashing';
import { ids, policyInput, testCandidate } from '../spec-fixtures';
import type { PolicySetup } from './policy';
import { createWeightedPolicy } from './weighted';

const setup = (weights: Record<string, number>): PolicySetup => ({
  routeName: 'r',
  route: { policy: 'weighted', weights } as RouteConfig,
  models: [],
  hasQualityPredictor: false,
});

describe('weighted policy', () => {
  const eligible = ['a', 'b', 'c'].map((id, i) => testCandidate(id, i));

  it('sends traffic in proportion to the configured weights', () => {
    const policy = createWeightedPolicy(setup({ a: 1, b: 3, c: 0 }));
    const random = mulberry32(7);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 4000; i++) counts[policy.rank(policyInput(eligible, { random })).ranked[0].id]++;
    expect(counts.c).toBe(0);
    expect(counts.b / 4000).toBeGreaterThan(0.7);
    expect(counts.b / 4000).toBeLessThan(0.8);
  });

  it('ranks the fallbacks heaviest first after the drawn model', () => {
    const ranking = createWeightedPolicy(setup({ a: 1, b: 3, c: 2 })).rank(policyInput(eligible, { random: () => 0.01 }));
    expect(ids(ranking.ranked)).toEqual(['a', 'b', 'c']);
  });

  it('draws uniformly when no eligible model has a weight', () => {
    const ranking = createWeightedPolicy(setup({ z: 5 })).rank(policyInput(eligible, { random: () => 0.5 }));
    expect(ranking.ranked[0].id).toBe('b');
    expect(ranking.reason).toContain('uniformly');
  });
});
