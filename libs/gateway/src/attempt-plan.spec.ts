import { attemptPlan, decisionFor } from './attempt-plan';

const decision = {
  model: 'a',
  pool: 'pa',
  strategy: 'utility',
  route: 'default',
  reasons: ['best utility'],
  candidates: [],
  fallbacks: [
    { model: 'b', pool: 'pb' },
    { model: 'a', pool: 'pa2' },
    { model: 'c', pool: 'pc' },
    { model: 'd', pool: 'pd' },
  ],
  predictedQuality: 0.8,
  predictedCostUsd: 0.01,
  predictedLatencyMs: 100,
  decidedUnixMs: 0,
};

describe('attemptPlan', () => {
  it('tries the chosen model, then the ranked fallbacks, each model at most once and at most maxAttempts in all', () => {
    expect(attemptPlan(decision, 3)).toEqual([
      { model: 'a', pool: 'pa' },
      { model: 'b', pool: 'pb' },
      { model: 'c', pool: 'pc' },
    ]);
    expect(attemptPlan(decision, 10).map((t) => t.model)).toEqual(['a', 'b', 'c', 'd']);
    expect(attemptPlan({ ...decision, fallbacks: [] }, 3)).toEqual([{ model: 'a', pool: 'pa' }]);
  });
});

describe('decisionFor', () => {
  it('names the fallback that answers and why the models before it were passed over', () => {
    const answering = decisionFor(decision as never, { model: 'b', pool: 'pb' }, ['a (pool pa) failed: UPSTREAM_5XX: boom']);
    expect(answering).toMatchObject({ model: 'b', pool: 'pb', reasons: ['best utility', 'fallback before the first token: a (pool pa) failed: UPSTREAM_5XX: boom'] });
    expect(answering.fallbacks.map((f) => f.model)).not.toContain('b');
    expect(decisionFor(decision as never, { model: 'a', pool: 'pa' }, [])).toBe(decision);
  });
});
