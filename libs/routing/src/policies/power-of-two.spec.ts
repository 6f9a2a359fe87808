import { mulberry32 } from '@switchyard/hashing';
import { policyInput, testCandidate } from '../spec-fixtures';
import { createPowerOfTwoPolicy } from './power-of-two';

describe('power-of-two policy', () => {
  it('takes the less loaded of the two drawn models', () => {
    const eligible = [testCandidate('a', 0, { inFlight: 7 }), testCandidate('b', 1, { inFlight: 1 }), testCandidate('c', 2, { inFlight: 0 })];
    // Draws index 0 (a), then index 0 of the remaining two (b): c is never compared.
    const ranking = createPowerOfTwoPolicy().rank(policyInput(eligible, { random: () => 0 }));
    expect(ranking.ranked.map((c) => c.id)).toEqual(['b', 'a', 'c']);
  });

  it('never picks the most loaded model when there are three or more', () => {
    const policy = createPowerOfTwoPolicy();
    const random = mulberry32(3);
    const eligible = [testCandidate('a', 0, { inFlight: 8 }), testCandidate('b', 1, { inFlight: 2 }), testCandidate('c', 2, { inFlight: 1 })];
    const picks = new Set(Array.from({ length: 200 }, () => policy.rank(policyInput(eligible, { random })).ranked[0].id));
    expect(picks).toEqual(new Set(['b', 'c']));
  });

  it('returns the only model when one is eligible', () => {
    expect(createPowerOfTwoPolicy().rank(policyInput([testCandidate('solo', 0)])).ranked.map((c) => c.id)).toEqual(['solo']);
  });
});
