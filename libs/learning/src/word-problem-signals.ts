/**
 * How hard a word problem is for a weaker model, as numbers read from its
 * text: how many quantities, actors and steps it holds, what kinds of
 * quantity and unit, how large its numbers are. Each is a single number so a
 * small linear model (word-problem-model.ts) can weigh it from a few hundred
 * outcomes, where one word each in a bag of thousands is lost. What each adds
 * in cross-validation is in docs/learning.md.
 */

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;
const NUMBER_WORD =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|dozen|half|twice|double|triple|third|quarter)\b/gi;
const UNIT_KINDS: readonly RegExp[] = [
  /\$|\bdollars?\b|\bcents?\b/i,
  /\b(?:hours?|minutes?|seconds?|days?|weeks?|months?|years?)\b/i,
  /\b(?:miles?|km|kilometers?|meters?|feet|foot|inch(?:es)?|yards?)\b/i,
  /\b(?:pounds?|kg|kilograms?|grams?|ounces?|tons?)\b/i,
  /\b(?:liters?|gallons?|cups?|ml|quarts?)\b/i,
];
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

export const WORD_PROBLEM_SIGNALS = {
  /** log2 of characters: longer problems chain more steps. */
  length: (p: string) => Math.log2(p.length + 1),
  /** Quantities given in digits or in words ("three", "a dozen", "half"). */
  quantities: (p: string) => count(p, NUMBER) + count(p, NUMBER_WORD),
  /** Quantities given in words alone: they must be read, not copied. */
  number_words: (p: string) => count(p, NUMBER_WORD),
  /** Distinct capitalised words: the people and things whose amounts must be kept apart. */
  actors: (p: string) => new Set(p.match(/\b[A-Z][a-z]+\b/g) ?? []).size,
  /** Sentences: roughly the reasoning steps the problem implies. */
  sentences: (p: string) => count(p, /[.!?](?:\s|$)/g),
  /** Words that order or condition the steps ("after", "if", "remaining"). */
  step_words: (p: string) => count(p, /\b(?:if|then|after|before|until|remaining|left|rest)\b/gi),
  /** Comparisons between quantities ("3 more than", "twice as many"). */
  comparisons: (p: string) => count(p, /\b(?:more|less|fewer|than|times|as many)\b/gi),
  fractions: (p: string) => Number(/\d\/\d|\b(?:half|third|quarter|twice)\b/i.test(p)),
  decimals: (p: string) => Number(/\d\.\d/.test(p)),
  percentages: (p: string) => Number(/%|\bpercent/i.test(p)),
  /** Kinds of unit (money, time, distance, weight, volume) the problem mixes. */
  units: (p: string) => UNIT_KINDS.filter((kind) => kind.test(p)).length,
  /** log10 of the largest number given: the answer's likely magnitude. */
  magnitude: (p: string) => Math.log10(Math.max(0, ...(p.match(NUMBER) ?? []).map((n) => Number(n.replace(/,/g, '')) || 0)) + 1),
} as const satisfies Record<string, (prompt: string) => number>;

export type WordProblemSignal = keyof typeof WORD_PROBLEM_SIGNALS;
export const WORD_PROBLEM_SIGNAL_NAMES = Object.keys(WORD_PROBLEM_SIGNALS) as WordProblemSignal[];

/** The named signals of `prompt`, in the order given. */
export function wordProblemSignals(prompt: string, names: readonly WordProblemSignal[]): number[] {
  return names.map((name) => {
    const signal = WORD_PROBLEM_SIGNALS[name];
    if (!signal) throw new RangeError(`wordProblemSignals: unknown signal ${JSON.stringify(name)} (known: ${WORD_PROBLEM_SIGNAL_NAMES.join(', ')})`);
    return signal(prompt);
  });
}
