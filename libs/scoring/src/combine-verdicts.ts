import { scoringInputFromResult, type ScoredResult, type ScorerSet, type ScorerVerdict, type ScoringInput } from './scorer';

export interface NamedVerdict extends ScorerVerdict {
  scorer: string;
}

/** One scored answer: the Score message's quality, scorer and components. */
export interface CombinedScore {
  /** 0..1 */
  quality: number;
  /** Names of the scorers that applied, joined by "+", e.g. "reference+nonempty". */
  scorer: string;
  /** Quality per scorer that applied. */
  components: Record<string, number>;
  /** Each scorer's reason, for logs. */
  details: Record<string, string>;
}

/**
 * Combines the verdicts of the scorers that applied by taking the MINIMUM. The hard checks
 * (reference, regex, JSON schema, non-empty) are each a necessary condition of a good answer:
 * a truncated answer with invalid JSON is not "half good", which a mean would call it; the minimum
 * lets any failed check sink the score and keeps the truncation cap a cap. The judge's graded
 * opinion then bounds answers that pass every check. Null when no scorer applied.
 */
export function combineVerdicts(verdicts: NamedVerdict[]): CombinedScore | null {
  if (verdicts.length === 0) return null;
  return {
    quality: Math.min(...verdicts.map((v) => v.quality)),
    scorer: verdicts.map((v) => v.scorer).join('+'),
    components: Object.fromEntries(verdicts.map((v) => [v.scorer, v.quality])),
    details: Object.fromEntries(verdicts.map((v) => [v.scorer, v.detail])),
  };
}

/** Runs every scorer on the input (the judge concurrently with the rest) and combines what applied. */
export async function scoreOutput(scorers: ScorerSet, input: ScoringInput): Promise<CombinedScore | null> {
  const verdicts = await Promise.all(scorers.map(async (s) => ({ scorer: s.name, verdict: await s.score(input) })));
  return combineVerdicts(verdicts.flatMap(({ scorer, verdict }) => (verdict ? [{ scorer, ...verdict }] : [])));
}

/** Scores a result. Null when no configured scorer applies to it. */
export function scoreResult(result: ScoredResult, scorers: ScorerSet): Promise<CombinedScore | null> {
  return scoreOutput(scorers, scoringInputFromResult(result));
}
