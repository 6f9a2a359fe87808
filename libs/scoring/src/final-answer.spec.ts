import { finalChoice, finalNumber, normaliseAnswer, referenceChoice, referenceNumber } from './final-answer';

describe('normaliseAnswer', () => {
  it('ignores case, spacing, quotes, emphasis and trailing punctuation', () => {
    expect(normaliseAnswer('  **"Paris".**  ')).toBe('paris');
    expect(normaliseAnswer('New\n  York')).toBe('new york');
  });
});

describe('finalChoice', () => {
  it.each([
    ['The answer is C.', 'C'],
    ['Answer: (B)', 'B'],
    ['B', 'B'],
    ['(D) 120', 'D'],
    ['A. 0', 'A'],
    ['Looking at each option...\nThe answer is A, not (B).', 'A'],
    ['First I compute the index.\nC', 'C'],
    ['I think (B) is right', 'B'],
  ])('reads %j as choice %s', (text, choice) => {
    expect(finalChoice(text)).toBe(choice);
  });

  it('never reads the article "a" or a capitalised word as a choice', () => {
    expect(finalChoice('A bone in the arm is a long bone.')).toBeNull();
    expect(finalChoice('I am not sure')).toBeNull();
  });
});

describe('finalNumber', () => {
  it.each([
    ['Tom has 3 apples and buys 2 more.\n#### 5', 5],
    ['3 + 4 = 7, so the answer is 1,200 dollars.', 1200],
    ['It costs 12 then 18.5', 18.5],
    ['Answer: -3', -3],
  ])('reads %j as %d', (text, number) => {
    expect(finalNumber(text)).toBe(number);
  });

  it('returns null when the text holds no number', () => {
    expect(finalNumber('no idea')).toBeNull();
  });
});

describe('reference forms', () => {
  it('recognises bare choice letters and bare numbers only', () => {
    expect(referenceChoice('(b)')).toBe('B');
    expect(referenceChoice('Paris')).toBeNull();
    expect(referenceNumber('$1,200')).toBe(1200);
    expect(referenceNumber('#### 7')).toBe(7);
    expect(referenceNumber('7 apples')).toBeNull();
  });
});
