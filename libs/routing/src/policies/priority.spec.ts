import type { RouteConfig } from '@switchyard/config';
import { ids, policyInput, testCandidate, testModel } from '../spec-fixtures';
import { createPriorityPolicy } from './priority';

describe('priority policy', () => {
  const models = [
    testModel('accurate', { profile: { accuracy: 0.95, speed: 0.3 } }),
    testModel('quick', { profile: { accuracy: 0.6, speed: 0.95 } }),
  ];
  const eligible = models.map((m, i) => testCandidate(m.id, i, { model: m }));
  const policy = (priority: Record<string, number>) =>
    createPriorityPolicy({ routeName: 'r', route: { policy: 'priority', priority } as RouteConfig, models, hasQualityPredictor: false });

  it('prefers the model whose profile best matches the weighted metrics', () => {
    expect(ids(policy({ accuracy: 2, speed: 1 }).rank(policyInput(eligible)).ranked)).toEqual(['accurate', 'quick']);
    expect(ids(policy({ accuracy: 1, speed: 3 }).rank(policyInput(eligible)).ranked)).toEqual(['quick', 'accurate']);
  });

  it('scores the weighted mean of the profile metrics', () => {
    const ranking = policy({ accuracy: 2, speed: 1 }).rank(policyInput(eligible));
    expect(ranking.ranked[0].score).toBeCloseTo((2 * 0.95 + 0.3) / 3);
  });
});
