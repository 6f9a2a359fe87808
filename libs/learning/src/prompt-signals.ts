/**
 * How a prompt is posed, read from its text alone. It says little about the
 * topic but much about which model fails: on the RouteLLM outcomes the strong
 * model loses most of its edge on multiple-choice questions whose options are
 * all numbers (e.g. professional accounting: +0.21 accuracy over the weak
 * model on worded options, +0.04 on numeric ones; high-school statistics
 * +0.21 against −0.07).
 */

/** The format cells topic accuracies are counted by: see promptFormat. */
export const PROMPT_FORMATS = ['choice', 'numeric-choice', 'free-answer'] as const;
export type PromptFormat = (typeof PROMPT_FORMATS)[number];

const OPTION_LINE = /\n\s*\(?([A-J])[.)]\s+(.*)/g;
// An option that is a quantity: digits with units, signs, fractions, powers or currency, and short.
const NUMERIC_OPTION = /^[-+−$€£\s\d.,/%^()×*a-z]*\d[-+−$€£\s\d.,/%^()×*a-z]*$/;
const MAX_NUMERIC_OPTION_CHARS = 25;

/** The texts of a prompt's lettered answer options ("A. …" lines), in order. */
export function answerOptions(prompt: string): string[] {
  return [...prompt.matchAll(OPTION_LINE)].map((match) => match[2].trim());
}

export function promptFormat(prompt: string): PromptFormat {
  const options = answerOptions(prompt);
  if (options.length < 2) return 'free-answer';
  return options.every((o) => o.length < MAX_NUMERIC_OPTION_CHARS && NUMERIC_OPTION.test(o)) ? 'numeric-choice' : 'choice';
}

/**
 * The prompt's format and size as words a bag-of-words model can weigh:
 * its format, and per format its length (log2 of characters) and its counts
 * of numbers and sentences (capped at 12), plus a negation flag ("NOT",
 * "EXCEPT", "LEAST"), the shape of its answer options (optionShapeWords), the
 * answer patterns that make a choice harder (answerPatternWords) and, for a
 * free-answer problem, the kinds of quantity it works with
 * (quantityKindWords). Free-answer word problems fail more as they grow longer
 * and hold more quantities, which no single word says.
 */
export function promptSignalWords(prompt: string): string[] {
  const format = promptFormat(prompt).replace('-', '_');
  const numbers = Math.min(prompt.match(/\d+(?:[.,]\d+)*/g)?.length ?? 0, MAX_COUNTED);
  const sentences = Math.min(prompt.match(/[.!?](?:\s|$)/g)?.length ?? 0, MAX_COUNTED);
  const words = [
    `signal_format_${format}`,
    `signal_length_${format}_${Math.round(Math.log2(Math.max(prompt.length, 1)))}`,
    `signal_numbers_${format}_${numbers}`,
    `signal_sentences_${format}_${sentences}`,
  ];
  if (/\b(?:NOT|EXCEPT|LEAST)\b/.test(prompt)) words.push('signal_negation');
  words.push(...optionShapeWords(prompt), ...answerPatternWords(prompt));
  if (format === 'free_answer') words.push(...quantityKindWords(prompt));
  return words;
}

const MAX_COUNTED = 12;
const FIRST_OPTION = /\n\s*\(?A[.)]\s/;

/**
 * How long the options and the question before them are (log2 of characters,
 * capped) and how unequal the options' lengths are (coefficient of variation
 * in fifths, capped at 4). Within an MMLU subject, one-word options and
 * options of equal length go with more weak-model misses, long questions with
 * more strong-model wins.
 */
export function optionShapeWords(prompt: string): string[] {
  const options = answerOptions(prompt);
  if (options.length < 2) return [];
  const lengths = options.map((o) => o.length);
  const meanLength = lengths.reduce((sum, l) => sum + l, 0) / lengths.length;
  const spread = Math.sqrt(lengths.reduce((sum, l) => sum + (l - meanLength) ** 2, 0) / lengths.length) / (meanLength + 1);
  const question = prompt.slice(0, Math.max(prompt.search(FIRST_OPTION), 0));
  return [
    `signal_option_length_${Math.min(Math.round(Math.log2(meanLength + 1)), 7)}`,
    `signal_option_spread_${Math.min(Math.round(5 * spread), 4)}`,
    `signal_question_length_${Math.min(Math.round(Math.log2(question.length + 1)), 11)}`,
  ];
}

/**
 * Answer patterns that, within their subject, the weak model misses more
 * often than the strong one: "none of the above", paired true/false
 * statements ("Statement 1 | …"), Roman-numeral combinations ("I and III
 * only"); and "all of the above", which goes the other way.
 */
export function answerPatternWords(prompt: string): string[] {
  const words: string[] = [];
  if (/none of (?:the )?(?:above|these)/i.test(prompt)) words.push('signal_none_of_above');
  if (/all of (?:the )?(?:above|these)/i.test(prompt)) words.push('signal_all_of_above');
  if (/Statement 1/.test(prompt)) words.push('signal_statements');
  if (/\bI+\b[^\n]*\bonly\b/.test(prompt)) words.push('signal_roman_combination');
  return words;
}

/**
 * Kinds of quantity in a word problem: fractions ("1/2", "half", "twice")
 * widen the strong model's lead, decimals close it, percentages lie between.
 */
export function quantityKindWords(prompt: string): string[] {
  const words: string[] = [];
  if (/\d\.\d/.test(prompt)) words.push('signal_decimal');
  if (/\d\/\d|\b(?:half|third|quarter|twice)\b/i.test(prompt)) words.push('signal_fraction');
  if (/%|\bpercent/i.test(prompt)) words.push('signal_percent');
  return words;
}
