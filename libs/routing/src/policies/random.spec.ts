import { mulberry32 } from '@switchyard/hashing';
import { ids, policyInput, testCandidate } from '../spec-fixtures';
import { createRandomPolicy } from './random';

describe('random policy', () => {
  const eligible = ['a', 'b', 'c', 'd'].map((id, i) => testCandidate(id, i));

  it('takes the model the draw lands on and keeps the rest in route order as fallbacks', () => {
    const ranking = createRandomPolicy().rank(policyInput(eligible, { random: () => 0.6 }));
    expect(ids(ranking.ranked)).toEqual(['c', 'a', 'b', 'd']);
  });

  it('spreads choices roughly evenly over the eligible models', () => {
    const policy = createRandomPolicy();
    const random = mulberry32(42);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 4000; i++) {
      const id = policy.rank(policyInput(eligible, { random })).ranked[0].id;
      counts[id] = (counts[id] ?? 0) + 1;
    }
    for (const id of ['a', 'b', 'c', 'd']) expect(counts[id]).toBeGreaterThan(850);
  });

  it('never draws past the last model even when the generator returns its upper edge', () => {
    expect(createRandomPolicy().rank(policyInput(eligible, { random: () => 0.9999999999 })).ranked[0].id).toBe('d');
  });
});
