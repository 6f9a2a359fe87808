import { answerOptions, answerPatternWords, optionShapeWords, promptFormat, promptSignalWords, quantityKindWords } from './prompt-signals';

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

describe('promptSignalWords', () => {
  it('names the format, and the length and counts within that format', () => {
    expect(promptSignalWords(WORD_PROBLEM)).toEqual([
      'signal_format_free_answer',
      `signal_length_free_answer_${Math.round(Math.log2(WORD_PROBLEM.length))}`,
      'signal_numbers_free_answer_3',
      'signal_sentences_free_answer_3',
    ]);
  });

  it('adds a negation word to a NOT question', () => {
    expect(promptSignalWords('Which is NOT a prime?\nA. 2\nB. 3\nC. 4\nD. 5\nAnswer:')).toContain('signal_negation');
    expect(promptSignalWords(WORDED)).not.toContain('signal_negation');
  });

  it('caps the counts, so a huge prompt shares a word with merely long ones', () => {
    const many = Array.from({ length: 40 }, (_, i) => `Step ${i}.`).join(' ');
    expect(promptSignalWords(many)).toContain('signal_numbers_free_answer_12');
    expect(promptSignalWords(many)).toContain('signal_sentences_free_answer_12');
  });
});

describe('optionShapeWords', () => {
  it('buckets the options’ mean length, their spread and the question’s length', () => {
    // Options of 5, 5, 9 and 4 characters: mean 5.75, spread 0.28 of it; a 23-character question.
    expect(optionShapeWords(WORDED)).toEqual(['signal_option_length_3', 'signal_option_spread_1', 'signal_question_length_5']);
  });

  it('says nothing without options', () => {
    expect(optionShapeWords(WORD_PROBLEM)).toEqual([]);
  });
});

describe('answerPatternWords', () => {
  it('names the answer patterns a prompt uses', () => {
    expect(answerPatternWords('Which is true?\nA. I only\nB. II and III only\nC. All of the above\nD. None of these\nAnswer:')).toEqual([
      'signal_none_of_above',
      'signal_all_of_above',
      'signal_roman_combination',
    ]);
    expect(answerPatternWords('Statement 1 | Every group is abelian. Statement 2 | 5 is prime.\nA. True, True\nB. False, False\nAnswer:')).toEqual([
      'signal_statements',
    ]);
    expect(answerPatternWords(WORDED)).toEqual([]);
  });
});

describe('quantityKindWords', () => {
  it('names decimals, fractions and percentages', () => {
    expect(quantityKindWords('A shirt costs $12.50 after a 20% discount. Half of the shirts are blue.')).toEqual([
      'signal_decimal',
      'signal_fraction',
      'signal_percent',
    ]);
    expect(quantityKindWords(WORD_PROBLEM)).toEqual([]);
  });

  it('is asked only of free-answer prompts', () => {
    expect(promptSignalWords('What is 1/2 of 3.5?\nA. 1.75\nB. 2\nAnswer:')).not.toContain('signal_fraction');
    expect(promptSignalWords('What is half of 3.5?')).toEqual(expect.arrayContaining(['signal_decimal', 'signal_fraction']));
  });
});
