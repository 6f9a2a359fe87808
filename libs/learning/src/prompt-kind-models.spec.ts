import type { OutcomeRecord } from './outcome-records';
import { MIN_RECORDS_PER_KIND, PromptKindModels, promptKind } from './prompt-kind-models';
import { STRONG, syntheticOutcomes, WEAK } from './testing/synthetic-outcomes';

const CHOICE = 'In which century did the fall of rome take place?\nA. 11th\nB. 13th\nC. 18th\nD. 20th\nAnswer:';
const NUMERIC_CHOICE = 'What is 3 + 4?\nA. 5\nB. 7\nC. 9\nD. 11\nAnswer:';
const WORD_PROBLEM = 'Janet has 16 eggs. She eats 3 and bakes with 4. How many are left?';

/** Word problems the weak model always fails and the strong one always solves. */
function wordProblems(count: number): OutcomeRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `word-${i}`,
    prompt: `Tom has ${i + 2} apples and buys ${i % 7} more. How many apples does he have now?`,
    subject: 'grade_school_math',
    outcomes: { [WEAK]: false, [STRONG]: true },
  }));
}

const gap = (p: Map<string, number>) => (p.get(STRONG) as number) - (p.get(WEAK) as number);

describe('promptKind', () => {
  it('puts every multiple-choice prompt in one kind, whatever its options hold', () => {
    expect(promptKind(CHOICE)).toBe('choice');
    expect(promptKind(NUMERIC_CHOICE)).toBe('choice');
  });

  it('calls a prompt without options free answer', () => {
    expect(promptKind(WORD_PROBLEM)).toBe('free-answer');
  });
});

describe('PromptKindModels', () => {
  const records = [...syntheticOutcomes(400), ...wordProblems(MIN_RECORDS_PER_KIND)];

  it('trains a model per kind and predicts each prompt with its own kind’s model', () => {
    const models = PromptKindModels.train(records);
    expect(models.kinds().sort()).toEqual(['choice', 'free-answer']);
    // Only the word-problem model has seen the weak model fail everything.
    expect(gap(models.predict(WORD_PROBLEM))).toBeGreaterThan(0.5);
    expect(gap(models.predict(CHOICE))).toBeLessThan(0.3);
    expect(models.observationsOf(STRONG)).toBe(records.length);
    expect(models.observationsOf('unknown')).toBe(0);
  });

  it('folds a kind with too few records into the largest kind, which then predicts it', () => {
    const models = PromptKindModels.train([...syntheticOutcomes(400), ...wordProblems(MIN_RECORDS_PER_KIND - 1)]);
    expect(models.kinds()).toEqual(['choice']);
    expect(models.predict(WORD_PROBLEM).has(STRONG)).toBe(true);
    expect(models.observationsOf(STRONG)).toBe(400 + MIN_RECORDS_PER_KIND - 1);
  });

  it('reports progress once from 0 to the number of records, not once per kind', () => {
    const seen: number[] = [];
    PromptKindModels.train(records, {}, (done, total) => {
      expect(total).toBe(records.length);
      seen.push(done);
    });
    expect(seen.every((done, i) => i === 0 || done >= seen[i - 1])).toBe(true);
    expect(seen[seen.length - 1]).toBeCloseTo(records.length, 9);
  });

  it('gives free-answer prompts the word-problem view and unigrams, multiple-choice prompts neither, unless options say otherwise', () => {
    const { parts } = PromptKindModels.train(records).toJSON();
    expect(parts['free-answer']).toMatchObject({ problemWeight: 0.3, correctnessFeatures: { wordNgrams: [1, 1] } });
    expect(parts['free-answer']?.problemModel?.signals).toHaveLength(12);
    expect(parts.choice).toMatchObject({ problemWeight: 0, problemModel: null, correctnessFeatures: { wordNgrams: [1, 2] } });
    const without = PromptKindModels.train(records, { problemWeight: 0 }).toJSON();
    expect(without.parts['free-answer']?.problemModel).toBeNull();
  });

  it('predicts the same after a JSON round trip', () => {
    const models = PromptKindModels.train(records);
    const restored = PromptKindModels.fromJSON(JSON.parse(JSON.stringify(models.toJSON())));
    for (const text of [CHOICE, WORD_PROBLEM]) expect([...restored.predict(text)]).toEqual([...models.predict(text)]);
  });

  it('rejects JSON of another format or without the default kind’s model', () => {
    const json = PromptKindModels.train(records).toJSON();
    expect(() => PromptKindModels.fromJSON({ ...json, format: 'prompt-quality/3' } as never)).toThrow(TypeError);
    expect(() => PromptKindModels.fromJSON({ ...json, parts: { 'free-answer': json.parts['free-answer'] } })).toThrow(RangeError);
  });

  it('refuses to train on nothing', () => {
    expect(() => PromptKindModels.train([])).toThrow(RangeError);
  });
});
