import { createBackend } from '@switchyard/backends';
import type { SwitchyardConfig } from '@switchyard/config';
import { createScorers, type ScorerSet } from '@switchyard/scoring';

/**
 * The scorers `scorer.scorers` names, with the judge calling `scorer.judgeModel`'s backend: the one
 * set the scorer service, the pipeline advancer and the router's synchronous pipelines all score with.
 */
export function configuredScorers(config: SwitchyardConfig): ScorerSet {
  const judgeModel = config.models.find((m) => m.id === config.scorer.judgeModel);
  return createScorers(config.scorer, { judgeBackend: judgeModel ? createBackend(judgeModel) : undefined });
}
