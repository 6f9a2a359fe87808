import type { SyncScorer } from '../scorer';

/** Highest quality of an answer cut off by the token limit: whatever it says, part of it is missing. */
export const TRUNCATED_QUALITY_CAP = 0.5;

/** Always applies: an empty or failed answer scores 0, a truncated one at most 0.5, any other 1. */
export function nonemptyScorer(): SyncScorer {
  return {
    name: 'nonempty',
    score({ output, finishReason }) {
      if (finishReason === 'error') return { quality: 0, detail: 'the call failed' };
      if (output.trim() === '') return { quality: 0, detail: 'empty answer' };
      if (finishReason === 'length') return { quality: TRUNCATED_QUALITY_CAP, detail: 'truncated by the token limit' };
      return { quality: 1, detail: 'non-empty answer' };
    },
  };
}
