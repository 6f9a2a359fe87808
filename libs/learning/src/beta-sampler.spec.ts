import { mulberry32 } from '@switchyard/hashing';
import { sampleBeta, sampleGamma } from './beta-sampler';

function moments(draws: number[]): { mean: number; variance: number } {
  const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
  return { mean, variance: draws.reduce((s, d) => s + (d - mean) ** 2, 0) / draws.length };
}

describe('sampleBeta', () => {
  it.each([
    [2, 5],
    [30, 10],
    [0.5, 0.5],
  ])('draws Beta(%p, %p) with the posterior mean and variance', (alpha, beta) => {
    const random = mulberry32(7);
    const draws = Array.from({ length: 20_000 }, () => sampleBeta(alpha, beta, random));
    const { mean, variance } = moments(draws);
    const n = alpha + beta;
    expect(mean).toBeCloseTo(alpha / n, 2);
    expect(variance).toBeCloseTo((alpha * beta) / (n * n * (n + 1)), 2);
    expect(draws.every((d) => d >= 0 && d <= 1)).toBe(true);
  });

  it('repeats the same draws for the same seed', () => {
    const a = mulberry32(3);
    const b = mulberry32(3);
    expect(Array.from({ length: 5 }, () => sampleBeta(2, 3, a))).toEqual(Array.from({ length: 5 }, () => sampleBeta(2, 3, b)));
  });
});

describe('sampleGamma', () => {
  it('has mean equal to its shape, below and above 1', () => {
    const random = mulberry32(11);
    for (const shape of [0.3, 4]) {
      expect(moments(Array.from({ length: 20_000 }, () => sampleGamma(shape, random))).mean).toBeCloseTo(shape, 1);
    }
  });

  it('rejects a shape that is not positive', () => {
    expect(() => sampleGamma(0, Math.random)).toThrow(/shape must be/);
  });
});
