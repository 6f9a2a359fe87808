import { ids, policyInput, testCandidate } from '../spec-fixtures';
import { createRoundRobinPolicy } from './round-robin';

describe('round-robin policy', () => {
  it('cycles through eligible models in order', () => {
    const policy = createRoundRobinPolicy();
    const eligible = ['a', 'b', 'c'].map((id, i) => testCandidate(id, i));
    const firsts = Array.from({ length: 6 }, () => policy.rank(policyInput(eligible)).ranked[0].id);
    expect(firsts).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('lists the fallbacks continuing around the cycle', () => {
    const policy = createRoundRobinPolicy();
    const eligible = ['a', 'b', 'c'].map((id, i) => testCandidate(id, i));
    policy.rank(policyInput(eligible));
    expect(ids(policy.rank(policyInput(eligible)).ranked)).toEqual(['b', 'c', 'a']);
  });

  it('keeps cycling when the eligible set shrinks', () => {
    const policy = createRoundRobinPolicy();
    const two = ['a', 'b'].map((id, i) => testCandidate(id, i));
    expect([0, 1, 2].map(() => policy.rank(policyInput(two)).ranked[0].id)).toEqual(['a', 'b', 'a']);
  });
});
