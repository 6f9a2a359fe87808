import type { PipelineStepOutput } from '@switchyard/contracts';

/**
 * Best-of-k: the answer the scorers rated highest; a scored answer beats an
 * unscored one, then the cheaper wins, then the one listed first. Failed
 * answers never win. Null when none succeeded.
 */
export function bestAnswer(candidates: readonly PipelineStepOutput[]): PipelineStepOutput | null {
  let best: PipelineStepOutput | null = null;
  for (const candidate of candidates) {
    if (candidate.error) continue;
    if (!best || better(candidate, best)) best = candidate;
  }
  return best;
}

function better(a: PipelineStepOutput, b: PipelineStepOutput): boolean {
  const scoreA = a.scored ? a.score : -1;
  const scoreB = b.scored ? b.score : -1;
  if (scoreA !== scoreB) return scoreA > scoreB;
  return a.costUsd < b.costUsd;
}
