import { mulberry32 } from '@switchyard/hashing';
import type { OutcomeRecord } from '../outcome-records';

export const WEAK = 'weak-model';
export const STRONG = 'strong-model';

const EVENTS = ['the battle of hastings', 'the french revolution', 'the fall of rome', 'the signing of magna carta', 'the moon landing'];

/**
 * Outcomes for specs: algebra prompts the weak model mostly fails and the
 * strong one mostly solves, history prompts both mostly answer, so a router
 * that reads the text should send algebra to the strong model.
 */
export function syntheticOutcomes(count: number, seed = 1): OutcomeRecord[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => {
    const algebra = random() < 0.5;
    const a = 2 + Math.floor(random() * 9);
    const prompt = algebra
      ? `Solve for x: ${a}x + ${i % 17} = ${a * 3 + (i % 17)}. Give the value of x.\nA. 1\nB. 3\nC. 5\nD. 7\nAnswer:`
      : `In which century did ${EVENTS[i % EVENTS.length]} take place?\nA. 11th\nB. 13th\nC. 18th\nD. 20th\nAnswer:`;
    return {
      id: `synthetic-${seed}-${i}`,
      prompt,
      subject: algebra ? 'algebra' : 'history',
      outcomes: { [WEAK]: random() < (algebra ? 0.2 : 0.9), [STRONG]: random() < 0.9 },
    };
  });
}
