import { answerOptions, promptFormat } from './prompt-signals';

const NUMERIC = 'What is 3 + 4?\nA. 5\nB. 7\nC. $12.50\nD. 1/2\nAnswer:';
const WORDED = 'Which organ pumps blood?\nA. Heart\nB. Liver\nC. 2 kidneys\nD. Lung\nAnswer:';
const WORD_PROBLEM = 'Janet has 16 eggs. She eats 3 and bakes with 4. How many are left?';

describe('answerOptions', () => {
  it('reads the lettered option lines in order', () => {
    expect(answerOptions(WORDED)).toEqual(['Heart', 'Liver', '2 kidneys', 'Lung']);
  });

  it('finds none in a free-answer prompt', () => {
    expect(answerOptions(WORD_PROBLEM)).toEqual([]);
  });
});

describe('promptFormat', () => {
  it('calls a choice whose every option is a quantity numeric-choice', () => {
    expect(promptFormat(NUMERIC)).toBe('numeric-choice');
  });

  it('calls a choice with any worded option plain choice', () => {
    expect(promptFormat(WORDED)).toBe('choice');
  });

  it('calls a prompt without options free-answer', () => {
    expect(promptFormat(WORD_PROBLEM)).toBe('free-answer');
  });
});
