import { ids, policyInput, testCandidate } from '../spec-fixtures';
import { createLeastLoadedPolicy } from './least-loaded';

describe('least-loaded policy', () => {
  it('picks the model whose pools are least utilised, not the one with fewest calls in flight', () => {
    const eligible = [
      testCandidate('busy', 0, { inFlight: 6, capacity: 8 }),
      testCandidate('big', 1, { inFlight: 10, capacity: 32 }),
      testCandidate('idle-ish', 2, { inFlight: 4, capacity: 8 }),
    ];
    expect(ids(createLeastLoadedPolicy().rank(policyInput(eligible)).ranked)).toEqual(['big', 'idle-ish', 'busy']);
  });

  it('breaks ties by route order', () => {
    const eligible = [testCandidate('a', 0, { inFlight: 2 }), testCandidate('b', 1, { inFlight: 2 })];
    expect(createLeastLoadedPolicy().rank(policyInput(eligible)).ranked[0].id).toBe('a');
  });
});
