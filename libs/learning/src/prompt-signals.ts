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
