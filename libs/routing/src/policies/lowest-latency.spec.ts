import { ids, policyInput, testCandidate } from '../spec-fixtures';
import { createLowestLatencyPolicy } from './lowest-latency';

describe('lowest-latency policy', () => {
  it('orders models by predicted latency, fastest first', () => {
    const eligible = [testCandidate('slow', 0, { latencyMs: 900 }), testCandidate('fast', 1, { latencyMs: 80 }), testCandidate('mid', 2, { latencyMs: 300 })];
    const ranking = createLowestLatencyPolicy().rank(policyInput(eligible));
    expect(ids(ranking.ranked)).toEqual(['fast', 'mid', 'slow']);
    expect(ranking.ranked[0].score).toBe(1);
    expect(ranking.reason).toContain('80 ms');
  });
});
