import type { OutcomeRecord } from './outcome-records';
import { WordProblemModel } from './word-problem-model';

// The weak model fails problems with many quantities; the strong one solves nearly all.
function problems(count: number): OutcomeRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const quantities = 1 + (i % 8);
    const prompt = `${Array.from({ length: quantities }, (_, q) => `Box ${q} holds ${q + 2} apples.`).join(' ')} How many apples are there?`;
    return { id: `p${i}`, prompt, outcomes: { weak: quantities <= 4, strong: i % 17 !== 0 } };
  });
}

describe('WordProblemModel', () => {
  const model = WordProblemModel.train(problems(400), ['weak', 'strong'], ['quantities', 'sentences']);

  it('predicts the weak model worse on a problem with more quantities, the strong one about the same', () => {
    const [few, many] = [problems(2)[1].prompt, problems(8)[7].prompt];
    expect(model.predict(few).get('weak')).toBeGreaterThan((model.predict(many).get('weak') as number) + 0.3);
    expect(Math.abs((model.predict(few).get('strong') as number) - (model.predict(many).get('strong') as number))).toBeLessThan(0.1);
  });

  it('keeps every estimate in [0, 1] and survives a JSON round trip', () => {
    const far = 'A. '.repeat(5) + Array.from({ length: 60 }, (_, q) => `${q}.`).join(' ');
    for (const p of model.predict(far).values()) expect(p >= 0 && p <= 1).toBe(true);
    const copy = WordProblemModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(copy.predict(problems(5)[4].prompt)).toEqual(model.predict(problems(5)[4].prompt));
  });

  it('names a model with no outcomes', () => {
    expect(() => WordProblemModel.train(problems(10), ['weak', 'absent'])).toThrow(/no outcomes for absent/);
  });
});
