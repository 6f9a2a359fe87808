import { mulberry32 } from '@switchyard/hashing';
import type { OutcomeRecord } from '../outcome-records';

/** Three models, cheapest first, with the prices their records carry (USD per million tokens). */
export const THREE_MODELS = [
  { id: 'small', pricing: { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 } },
  { id: 'mid', pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 4 } },
  { id: 'large', pricing: { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 } },
] as const;

const TASKS = [
  // Greetings: every model answers them.
  { kind: 'greeting', text: (i: number) => `Say hello politely to guest number ${i} in one short sentence.`, right: { small: 0.95, mid: 0.97, large: 0.98 } },
  // Summaries: the small model fails them, the mid one does as well as the large one.
  { kind: 'summary', text: (i: number) => `Summarise the quarterly report section ${i} in three bullet points for an executive.`, right: { small: 0.2, mid: 0.92, large: 0.95 } },
  // Proofs: only the large model gets them right.
  { kind: 'proof', text: (i: number) => `Prove lemma ${i}: every bounded monotone sequence of reals converges; justify each step rigorously.`, right: { small: 0.05, mid: 0.15, large: 0.9 } },
] as const;

export type ThreeModelTask = (typeof TASKS)[number]['kind'];

/**
 * Outcomes for specs: three kinds of prompt, one per level of difficulty, so
 * a router that reads the text and the prices should send greetings to
 * small, summaries to mid and proofs to large. `prompts` gives one example
 * prompt of each kind, none of them in the records.
 */
export function threeModelOutcomes(count: number, seed = 1): OutcomeRecord[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const task = TASKS[i % TASKS.length];
    return {
      id: `three-${seed}-${i}`,
      prompt: task.text(i),
      source: task.kind,
      outcomes: Object.fromEntries(THREE_MODELS.map((m) => [m.id, random() < task.right[m.id]])),
      prices: Object.fromEntries(THREE_MODELS.map((m) => [m.id, { ...m.pricing }])),
    };
  });
}

export function threeModelPrompt(kind: ThreeModelTask): string {
  return (TASKS.find((t) => t.kind === kind) as (typeof TASKS)[number]).text(100_001);
}
