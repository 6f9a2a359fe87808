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
 * "EXCEPT", "LEAST"). Free-answer word problems fail more as they grow longer
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
  return words;
}

const MAX_COUNTED = 12;
