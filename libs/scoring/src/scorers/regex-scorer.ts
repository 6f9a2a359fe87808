import { BoundedCache } from '../bounded-cache';
import type { SyncScorer } from '../scorer';

const CACHED_PATTERNS = 1_000;

/** `/pattern/flags` or a bare pattern (no flags); null when it does not compile. */
export function compileReferenceRegex(source: string): RegExp | null {
  const literal = /^\/(.*)\/([dimsuv]*)$/s.exec(source);
  try {
    return literal ? new RegExp(literal[1], literal[2]) : new RegExp(source);
  } catch {
    return null;
  }
}

/**
 * 1 when `reference.regex` matches somewhere in the answer (anchor it with ^…$ for a whole-answer
 * match), else 0. Not applicable without a regex, or when the regex does not compile: a broken
 * reference says nothing about the model. Patterns come from the operator's producers, who are trusted
 * not to send catastrophically backtracking ones.
 */
export function regexScorer(): SyncScorer {
  const patterns = new BoundedCache<RegExp | null>(CACHED_PATTERNS);
  return {
    name: 'regex',
    score({ output, reference }) {
      if (!reference?.regex) return null;
      const pattern = patterns.getOrCreate(reference.regex, compileReferenceRegex);
      if (!pattern) return null;
      return pattern.test(output) ? { quality: 1, detail: 'matches the regex' } : { quality: 0, detail: 'does not match the regex' };
    },
  };
}
