import type { RouteConfig } from '@switchyard/config';
import { ids, policyInput, testCandidate } from '../spec-fixtures';
import { createCascadePolicy } from './cascade';

const policy = (models: string[], threshold: number) =>
  createCascadePolicy({ routeName: 'r', route: { policy: 'cascade', cascade: { models, threshold } } as RouteConfig, models: [], hasQualityPredictor: false });

describe('cascade policy', () => {
  const small = testCandidate('small', 0, { quality: 0.6 });
  const mid = testCandidate('mid', 1, { quality: 0.75 });
  const large = testCandidate('large', 2, { quality: 0.9 });

  it('picks the cheapest step predicted to reach the threshold and escalates to the stronger ones', () => {
    const ranking = policy(['small', 'mid', 'large'], 0.7).rank(policyInput([small, mid, large]));
    expect(ids(ranking.ranked)).toEqual(['mid', 'large']);
    expect(ranking.reason).toContain('mid is the first step');
  });

  it('starts at the first step when it is good enough, so the next step is the first fallback', () => {
    expect(ids(policy(['small', 'mid', 'large'], 0.5).rank(policyInput([small, mid, large])).ranked)).toEqual(['small', 'mid', 'large']);
  });

  it('follows the cascade order, not the route order', () => {
    expect(ids(policy(['large', 'mid', 'small'], 0.5).rank(policyInput([small, mid, large])).ranked)).toEqual(['large', 'mid', 'small']);
  });

  it('uses the strongest eligible step when none reaches the threshold', () => {
    const ranking = policy(['small', 'mid', 'large'], 0.95).rank(policyInput([small, mid]));
    expect(ids(ranking.ranked)).toEqual(['mid', 'small']);
    expect(ranking.reason).toContain('no step predicted');
  });
});
