import type { RouteConfig } from '@switchyard/config';
import { policyInput, testCandidate } from '../spec-fixtures';
import { createLearnedPolicy } from './learned';

const route = { policy: 'learned', utility: 'weighted', preferenceWeights: { quality: 1, cost: 0, latency: 0 }, exploration: 'thompson' } as RouteConfig;

describe('learned policy', () => {
  it("ranks by the predictor's exploring estimate rather than its mean", () => {
    const known = testCandidate('known', 0, { quality: 0.8, explore: 0.8, costUsd: 0.001 });
    const novel = testCandidate('novel', 1, { quality: 0.6, explore: 0.95, costUsd: 0.001 });
    const ranking = createLearnedPolicy({ routeName: 'r', route, models: [], hasQualityPredictor: true }).rank(policyInput([known, novel]));
    expect(ranking.ranked[0].id).toBe('novel');
    expect(ranking.strategy).toBe('learned');
  });

  it('weighs cost like utility does', () => {
    const weights = { ...route, preferenceWeights: { quality: 1, cost: 1, latency: 0 } };
    const cheap = testCandidate('cheap', 0, { explore: 0.7, costUsd: 0.0001 });
    const dear = testCandidate('dear', 1, { explore: 0.75, costUsd: 0.01 });
    expect(createLearnedPolicy({ routeName: 'r', route: weights, models: [], hasQualityPredictor: true }).rank(policyInput([cheap, dear])).ranked[0].id).toBe('cheap');
  });

  it('says when it is running on priors because no predictor is wired', () => {
    const ranking = createLearnedPolicy({ routeName: 'r', route, models: [], hasQualityPredictor: false }).rank(policyInput([testCandidate('a', 0)]));
    expect(ranking.reason).toContain('quality priors');
  });
});
