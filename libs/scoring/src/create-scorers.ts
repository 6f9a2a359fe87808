import type { SwitchyardConfig } from '@switchyard/config';
import type { Scorer, ScorerSet } from './scorer';
import { jsonScorer } from './scorers/json-scorer';
import { judgeScorer, type JudgeModel, type JudgeOptions } from './scorers/judge-scorer';
import { nonemptyScorer } from './scorers/nonempty-scorer';
import { referenceScorer } from './scorers/reference-scorer';
import { regexScorer } from './scorers/regex-scorer';

type ScorerName = SwitchyardConfig['scorer']['scorers'][number];

export interface ScorerDependencies {
  /** Backend of `scorer.judgeModel`; required when the judge is configured. */
  judgeBackend?: JudgeModel;
  judge?: JudgeOptions;
}

/** The scorers named in `scorer.scorers`, in that order. Fails at start-up if the judge has no model. */
export function createScorers(config: SwitchyardConfig['scorer'], deps: ScorerDependencies = {}): ScorerSet {
  const build: Record<ScorerName, () => Scorer> = {
    reference: referenceScorer,
    regex: regexScorer,
    json: jsonScorer,
    nonempty: nonemptyScorer,
    judge: () => {
      if (!deps.judgeBackend) {
        throw new Error('scorer.scorers includes "judge" but no judge model is available: set scorer.judgeModel to a configured model');
      }
      return judgeScorer(deps.judgeBackend, deps.judge);
    },
  };
  return [...new Set(config.scorers)].map((name) => build[name]());
}
