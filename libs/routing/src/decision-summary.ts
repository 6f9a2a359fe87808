import type { SwitchyardConfig } from '@switchyard/config';
import type { RouteDecision } from '@switchyard/contracts';

/** Which candidates a decision carries on a routed Kafka job: config `routing.jobCandidates`, its one definition. */
export type JobCandidates = SwitchyardConfig['routing']['jobCandidates'];

/**
 * The decision as a routed job carries it on the pool's topic and on to its
 * result: every field but the scored table of eligible candidates, of which
 * no stage reads a row (the chosen model's predictions and the ranked
 * fallbacks are fields of their own). The candidates a hard constraint
 * refused stay, each with its reason: they say why a model was not used.
 * With `all`, the whole table; Router.Route always answers with it.
 */
export function decisionOnJob(decision: RouteDecision, candidates: JobCandidates): RouteDecision {
  if (candidates === 'all') return decision;
  return { ...decision, candidates: decision.candidates.filter((c) => !c.eligible) };
}
