import type { OutcomeRecord } from './outcome-records';
import { PROMPT_FORMATS } from './prompt-signals';
import { topicAccuracyByFormat } from './topic-accuracy';

const record = (i: number, subject: string, prompt: string, correct: boolean): OutcomeRecord => ({ id: `r${i}`, prompt, subject, outcomes: { m: correct } });
const WORDED = 'Which one?\nA. red\nB. blue\nC. green\nD. grey\nAnswer:';
const NUMERIC = 'How many?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer:';

describe('topicAccuracyByFormat', () => {
  // Maths: worded questions always right, numeric ones always wrong; history: always right.
  const records = [
    ...Array.from({ length: 40 }, (_, i) => record(i, 'maths', i % 2 ? WORDED : NUMERIC, i % 2 === 1)),
    ...Array.from({ length: 40 }, (_, i) => record(100 + i, 'history', WORDED, true)),
  ];
  const accuracy = topicAccuracyByFormat(records, 'm', new Map([['maths', 0], ['history', 1]]), 10);
  const cell = (format: (typeof PROMPT_FORMATS)[number], topic: number) => accuracy[PROMPT_FORMATS.indexOf(format)][topic];

  it('separates the formats inside a topic', () => {
    expect(cell('choice', 0)).toBeGreaterThan(0.8);
    expect(cell('numeric-choice', 0)).toBeLessThan(0.2);
  });

  it('falls back to the topic for a format the topic never showed', () => {
    // Maths is right 20 times in 40, shrunk toward the overall (60 + 1) / (80 + 2) with weight 10.
    expect(cell('free-answer', 0)).toBeCloseTo((20 + (10 * 61) / 82) / 50, 10);
    expect(cell('numeric-choice', 1)).toBeGreaterThan(0.8);
  });
});
