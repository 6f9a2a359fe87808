import { wordProblemSignals, WORD_PROBLEM_SIGNALS } from './word-problem-signals';

const EGGS =
  "Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?";

describe('word-problem signals', () => {
  it('counts quantities in digits and in words, and the words alone', () => {
    expect(WORD_PROBLEM_SIGNALS.quantities(EGGS)).toBe(4);
    expect(WORD_PROBLEM_SIGNALS.number_words(EGGS)).toBe(2);
  });

  it('reads the kinds of unit, the largest number and the fractions a problem holds', () => {
    expect(WORD_PROBLEM_SIGNALS.units(EGGS)).toBe(2);
    expect(WORD_PROBLEM_SIGNALS.magnitude('A farm of 1,200 acres sells half of 35 sheep.')).toBeCloseTo(Math.log10(1201), 10);
    expect(WORD_PROBLEM_SIGNALS.fractions('A farm of 1,200 acres sells half of 35 sheep.')).toBe(1);
    expect(WORD_PROBLEM_SIGNALS.fractions(EGGS)).toBe(0);
  });

  it('counts the actors and steps a longer problem chains', () => {
    const longer = `${EGGS} After Tom buys 3 eggs, if Mary buys twice as many as Tom, how many are left?`;
    expect(WORD_PROBLEM_SIGNALS.actors(longer)).toBeGreaterThan(WORD_PROBLEM_SIGNALS.actors(EGGS));
    expect(WORD_PROBLEM_SIGNALS.step_words(longer)).toBe(3);
    expect(WORD_PROBLEM_SIGNALS.sentences(longer)).toBe(WORD_PROBLEM_SIGNALS.sentences(EGGS) + 1);
  });

  it('returns the named signals in the order asked and names an unknown one', () => {
    expect(wordProblemSignals(EGGS, ['number_words', 'quantities'])).toEqual([2, 4]);
    expect(() => wordProblemSignals(EGGS, ['steps' as never])).toThrow(/unknown signal "steps"/);
  });
});
