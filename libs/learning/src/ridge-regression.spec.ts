import { fitRidge, predictRidge } from './ridge-regression';

describe('fitRidge', () => {
  const rows = [[1, 10], [2, 10], [3, 11], [4, 11], [5, 12]];
  const targets = rows.map(([a, b]) => 2 * a - b + 3);

  it('recovers an exact linear relation when the shrinkage is tiny', () => {
    const fit = fitRidge(rows, targets, 1e-9);
    rows.forEach((row, i) => expect(predictRidge(fit, row)).toBeCloseTo(targets[i], 5));
    expect(predictRidge(fit, [6, 12])).toBeCloseTo(2 * 6 - 12 + 3, 4);
  });

  it('pulls every prediction toward the mean as the shrinkage grows', () => {
    const mean = targets.reduce((s, t) => s + t, 0) / targets.length;
    const loose = predictRidge(fitRidge(rows, targets, 1), [5, 12]);
    const tight = predictRidge(fitRidge(rows, targets, 1e6), [5, 12]);
    expect(Math.abs(tight - mean)).toBeLessThan(Math.abs(loose - mean));
    expect(tight).toBeCloseTo(mean, 3);
  });

  it('gives a constant column no weight instead of dividing by zero', () => {
    const fit = fitRidge([[1, 7], [2, 7], [3, 7]], [1, 2, 3], 1e-9);
    expect(fit.weights.every(Number.isFinite)).toBe(true);
    expect(predictRidge(fit, [4, 7])).toBeCloseTo(4, 5);
  });

  it('refuses a shrinkage that is not positive and rows without targets', () => {
    expect(() => fitRidge(rows, targets, 0)).toThrow(/lambda must be > 0/);
    expect(() => fitRidge(rows, [1], 1)).toThrow(/as many targets as rows/);
  });
});
