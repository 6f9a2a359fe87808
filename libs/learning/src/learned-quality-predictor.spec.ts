import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeJob, type Classification } from '@switchyard/contracts';
import { LearnedQualityPredictor } from './learned-quality-predictor';
import { STRONG, syntheticOutcomes, WEAK } from './testing/synthetic-outcomes';

const job = (prompt: string) => completeJob({ id: 'j', tenant: 't', prompt });

function classified(taskType: string): Classification {
  return { taskType, domain: '', complexity: '', language: 'en', modalities: ['text'], estimatedTokens: 0, confidence: 1, taskTypeScores: {}, classifier: 'rules', labels: {} };
}

const ALGEBRA = 'Solve for x: 4x + 2 = 14. Give the value of x.\nA. 1\nB. 3\nC. 5\nD. 7\nAnswer:';
const HISTORY = 'In which century did the fall of rome take place?\nA. 11th\nB. 13th\nC. 18th\nD. 20th\nAnswer:';
const MODELS = ['a', 'b'];

describe('LearnedQualityPredictor', () => {
  it('learns online: its preference for a model on a class rises as the model scores well there', () => {
    const predictor = new LearnedQualityPredictor({ exploration: 'ucb' });
    const math = classified('math');
    const before = predictor.predict(job('2+2?'), math, MODELS);
    expect(before.get('a')?.mean).toBeCloseTo(before.get('b')?.mean as number, 10);

    const gaps: number[] = [];
    for (let i = 0; i < 30; i++) {
      predictor.observe({ model: 'a', classKey: 'math', quality: 0.9 });
      predictor.observe({ model: 'b', classKey: 'math', quality: 0.3 });
      const now = predictor.predict(job('2+2?'), math, MODELS);
      gaps.push((now.get('a')?.mean as number) - (now.get('b')?.mean as number));
    }
    expect(gaps.every((gap, i) => i === 0 || gap > gaps[i - 1])).toBe(true);
    expect(predictor.predict(job('2+2?'), math, MODELS).get('a')?.observations).toBeCloseTo(30, 9);
    // Another class only borrows from the pooled level, so it is pulled less.
    const chat = predictor.predict(job('hi'), classified('chat'), MODELS);
    expect((chat.get('a')?.mean as number) - (chat.get('b')?.mean as number)).toBeLessThan(gaps[gaps.length - 1]);
  });

  it('draws Thompson samples around the posterior mean and UCB bounds above it', () => {
    const stats = [{ model: 'a', classKey: 'math', alpha: 6, beta: 4 }];
    const thompson = new LearnedQualityPredictor({ exploration: 'thompson', seed: 5, shrinkage: 0 });
    thompson.loadStats(stats);
    const draws = Array.from({ length: 5000 }, () => thompson.predict(job('x'), classified('math'), ['a']).get('a')?.explore as number);
    const mean = thompson.predict(job('x'), classified('math'), ['a']).get('a')?.mean as number;
    expect(draws.reduce((s, d) => s + d, 0) / draws.length).toBeCloseTo(mean, 2);
    expect(new Set(draws.slice(0, 10)).size).toBe(10);

    const ucb = new LearnedQualityPredictor({ exploration: 'ucb', ucbWidth: 2, shrinkage: 0 });
    ucb.loadStats(stats);
    const estimate = ucb.predict(job('x'), classified('math'), ['a']).get('a');
    expect(estimate?.explore).toBeGreaterThan(estimate?.mean as number);
  });

  it('ranks models per prompt from offline outcomes, and class scores pull without erasing the ranking', () => {
    const predictor = new LearnedQualityPredictor({ exploration: 'ucb' });
    predictor.bootstrapFromOutcomes(syntheticOutcomes(300));
    const gap = (prompt: string) => {
      const e = predictor.predict(job(prompt), null, [WEAK, STRONG]);
      return (e.get(STRONG)?.mean as number) - (e.get(WEAK)?.mean as number);
    };
    expect(gap(ALGEBRA)).toBeGreaterThan(gap(HISTORY) + 0.2);

    const before = predictor.predict(job(HISTORY), null, [WEAK]).get(WEAK)?.mean as number;
    for (let i = 0; i < 200; i++) predictor.observe({ model: WEAK, classKey: 'unclassified', quality: 0 });
    const after = predictor.predict(job(HISTORY), null, [WEAK]).get(WEAK)?.mean as number;
    expect(after).toBeLessThan(before - 0.2);
    expect(after).toBeGreaterThan(0.2);
    expect(gap(ALGEBRA)).toBeGreaterThan(gap(HISTORY));
  });

  it('predicts the same after a save and load round trip', () => {
    const predictor = new LearnedQualityPredictor({ exploration: 'ucb' });
    predictor.bootstrapFromOutcomes(syntheticOutcomes(120));
    predictor.observe({ model: STRONG, classKey: 'math', quality: 0.7 });
    const dir = mkdtempSync(join(tmpdir(), 'learning-'));
    try {
      const path = join(dir, 'predictor.json');
      predictor.save(path);
      const loaded = LearnedQualityPredictor.load(path, { exploration: 'ucb' });
      for (const prompt of [ALGEBRA, HISTORY]) {
        expect(loaded.predict(job(prompt), classified('math'), [WEAK, STRONG, 'unknown'])).toEqual(
          predictor.predict(job(prompt), classified('math'), [WEAK, STRONG, 'unknown']),
        );
      }
      expect(loaded.stats()).toEqual(predictor.stats());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an artifact of another format', () => {
    expect(() => LearnedQualityPredictor.fromJSON({ format: 'other' } as never)).toThrow(/unknown format "other"/);
  });
});
