import { costUsd } from './pricing';

describe('costUsd', () => {
  it('prices input and output tokens per million at their own rates', () => {
    expect(costUsd({ inputUsdPerMTok: 10, outputUsdPerMTok: 30 }, 1_000, 500)).toBeCloseTo(0.025, 10);
    expect(costUsd({ inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.6 }, 0, 0)).toBe(0);
  });
});
