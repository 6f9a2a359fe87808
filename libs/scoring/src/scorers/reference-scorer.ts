import { finalChoice, finalNumber, normaliseAnswer, referenceChoice, referenceNumber, sameNumber } from '../final-answer';
import type { SyncScorer } from '../scorer';

/**
 * Compares the answer with `reference.text` (not applicable without one). Rule, first that applies:
 * 1. normalised texts equal (see `normaliseAnswer`) → 1;
 * 2. the reference is a bare choice letter → 1 when the answer's final choice is that letter, else 0;
 * 3. the reference is a bare number → 1 when the answer's final number equals it, else 0;
 * 4. otherwise → 0: free-text answers must match exactly once normalised (use the judge for more).
 */
export function referenceScorer(): SyncScorer {
  return {
    name: 'reference',
    score({ output, reference }) {
      if (!reference?.text) return null;
      if (normaliseAnswer(output) === normaliseAnswer(reference.text)) return { quality: 1, detail: 'matches the reference' };
      const choice = referenceChoice(reference.text);
      if (choice !== null) {
        const answered = finalChoice(output);
        return answered === choice
          ? { quality: 1, detail: `final choice ${answered} matches` }
          : { quality: 0, detail: `final choice ${answered ?? 'none'}, reference ${choice}` };
      }
      const number = referenceNumber(reference.text);
      if (number !== null) {
        const answered = finalNumber(output);
        return answered !== null && sameNumber(answered, number)
          ? { quality: 1, detail: `final number ${answered} matches` }
          : { quality: 0, detail: `final number ${answered ?? 'none'}, reference ${number}` };
      }
      return { quality: 0, detail: 'differs from the reference' };
    },
  };
}
