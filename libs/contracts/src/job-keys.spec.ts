import { affinityKeyOf, estimateTextTokens } from './job-keys';

describe('affinityKeyOf', () => {
  it("is the job's affinity key, else its tenant", () => {
    expect(affinityKeyOf({ affinityKey: 'session-7', tenant: 'acme' })).toBe('session-7');
    expect(affinityKeyOf({ affinityKey: '', tenant: 'acme' })).toBe('acme');
  });
});

describe('estimateTextTokens', () => {
  it('counts a started group of four characters as a token', () => {
    expect(estimateTextTokens('')).toBe(0);
    expect(estimateTextTokens('abcd')).toBe(1);
    expect(estimateTextTokens('abcde')).toBe(2);
  });
});
