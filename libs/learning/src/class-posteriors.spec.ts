import { ClassPosteriors } from './class-posteriors';

const meanOf = ({ alpha, beta }: { alpha: number; beta: number }) => alpha / (alpha + beta);

describe('ClassPosteriors', () => {
  it('adds each score to the class and to the pooled level as a Beta update', () => {
    const posteriors = new ClassPosteriors({ shrinkage: 0 });
    posteriors.observe({ model: 'm', classKey: 'code', quality: 1 });
    posteriors.observe({ model: 'm', classKey: 'code', quality: 0.25 });
    expect(posteriors.pooled('m')).toEqual({ alpha: 2.25, beta: 1.75 });
    expect(posteriors.count('m', 'code')).toBe(2);
    expect(posteriors.stats()).toEqual([{ model: 'm', classKey: 'code', alpha: 1.25, beta: 0.75 }]);
  });

  it('lets a sparse class borrow the pooled mean and a well-observed class speak for itself', () => {
    const posteriors = new ClassPosteriors({ shrinkage: 10 });
    posteriors.load([
      { model: 'm', classKey: 'chat', alpha: 900, beta: 100 },
      { model: 'm', classKey: 'math', alpha: 0, beta: 2 },
      { model: 'm', classKey: 'code', alpha: 100, beta: 300 },
    ]);
    const pooled = meanOf(posteriors.pooled('m'));
    expect(meanOf(posteriors.posterior('m', 'math'))).toBeGreaterThan(0.5);
    expect(meanOf(posteriors.posterior('m', 'math'))).toBeLessThan(pooled);
    expect(meanOf(posteriors.posterior('m', 'code'))).toBeCloseTo(0.25 + (10 * (pooled - 0.25)) / 410, 6);
    expect(meanOf(posteriors.posterior('m', 'unseen'))).toBeCloseTo(pooled, 6);
  });

  it('replaces what it held when stats are loaded, so a refresh never counts a score twice', () => {
    const posteriors = new ClassPosteriors();
    posteriors.observe({ model: 'm', classKey: 'chat', quality: 1 });
    posteriors.load([{ model: 'm', classKey: 'chat', alpha: 3, beta: 1 }]);
    expect(posteriors.count('m', 'chat')).toBe(4);
  });

  it('rejects a quality outside [0, 1]', () => {
    expect(() => new ClassPosteriors().observe({ model: 'm', classKey: 'chat', quality: 2 })).toThrow(/quality must be in \[0, 1\]/);
  });
});

describe('ClassPosteriors priors', () => {
  it('starts each model at its prior and lets scores overrule it', () => {
    const posteriors = new ClassPosteriors({ priors: { strong: 0.9, weak: 0.3 }, priorStrength: 4 });
    expect(meanOf(posteriors.posterior('strong', 'qa'))).toBeCloseTo(0.9);
    expect(meanOf(posteriors.posterior('weak', 'qa'))).toBeCloseTo(0.3);
    for (let i = 0; i < 200; i++) posteriors.observe({ model: 'weak', classKey: 'qa', quality: i % 5 === 0 ? 0 : 1 });
    expect(meanOf(posteriors.posterior('weak', 'qa'))).toBeGreaterThan(0.75);
  });

  it('starts a class at the model prior shifted by its own configured prior', () => {
    const posteriors = new ClassPosteriors({ priors: { small: 0.6 }, classPriors: { small: { chat: 0.85 } }, priorStrength: 4 });
    expect(meanOf(posteriors.posterior('small', 'chat'))).toBeCloseTo(0.85);
    expect(meanOf(posteriors.posterior('small', 'code'))).toBeCloseTo(0.6);
  });

  it('refuses a prior outside (0, 1), naming the model', () => {
    expect(() => new ClassPosteriors({ priors: { m: 1.5 } })).toThrow(/prior of m/);
  });
});
