import type { RouteConfig } from '@switchyard/config';
import type { Job } from '@switchyard/contracts';
import { modalityMask, type JobFacts } from '../job-facts';
import type { Candidate, PolicyInput, PolicyRanking, PolicySetup, RoutingPolicy } from './policy';

type Rule = NonNullable<RouteConfig['rules']>[number];

interface CompiledRule {
  position: number;
  taskType?: ReadonlySet<string>;
  domain?: ReadonlySet<string>;
  complexity?: ReadonlySet<string>;
  language?: ReadonlySet<string>;
  modalities: number;
  metadata: readonly [string, string][];
  models: ReadonlyMap<string, number>;
}

const asSet = (values?: readonly string[]) => (values ? new Set(values) : undefined);

function compileRule(rule: Rule, position: number): CompiledRule {
  const { when } = rule;
  return {
    position,
    taskType: asSet(when.taskType),
    domain: asSet(when.domain),
    complexity: asSet(when.complexity),
    language: asSet(when.language),
    modalities: modalityMask(when.modality ?? []),
    metadata: Object.entries(when.metadata ?? {}),
    models: new Map(rule.models.map((id, i) => [id, i])),
  };
}

/**
 * A rule matches when every condition it sets holds: the classification's
 * label is in each listed set, the job has at least one listed modality, and
 * each metadata entry equals the job's metadata or the classifier's extra label
 * of that name. A rule with no conditions matches every job (a catch-all).
 */
export function ruleMatches(rule: CompiledRule, job: Job, facts: JobFacts): boolean {
  const c = job.classification;
  if (rule.taskType && !(c && rule.taskType.has(c.taskType))) return false;
  if (rule.domain && !(c && rule.domain.has(c.domain))) return false;
  if (rule.complexity && !(c && rule.complexity.has(c.complexity))) return false;
  if (rule.language && !(c && rule.language.has(c.language))) return false;
  if (rule.modalities && !(rule.modalities & facts.modalities)) return false;
  for (const [key, value] of rule.metadata) {
    if (job.metadata[key] !== value && c?.labels[key] !== value) return false;
  }
  return true;
}

/**
 * Contextual (expert) routing: the first rule whose conditions match the job's
 * labels and metadata names the models to use, in order. Eligible models of
 * the rule go first; everything else eligible follows in the fallback policy's
 * order. When no rule matches, or none of the matched rule's models is
 * eligible, the fallback policy decides alone.
 */
export function createRulesPolicy({ route }: PolicySetup, fallback: RoutingPolicy): RoutingPolicy {
  const rules = (route.rules ?? []).map(compileRule);
  return {
    name: 'rules',
    rank(input: PolicyInput): PolicyRanking {
      const rule = rules.find((r) => ruleMatches(r, input.job, input.facts));
      const chosen: Candidate[] = rule ? input.eligible.filter((c) => rule.models.has(c.id)) : [];
      if (!rule || chosen.length === 0) {
        const ranking = fallback.rank(input);
        const why = rule ? `rule ${rule.position + 1} matched but none of its models is eligible` : 'no rule matched';
        return { ...ranking, reason: `rules: ${why}; ${ranking.reason}` };
      }
      chosen.sort((a, b) => (rule.models.get(a.id) ?? 0) - (rule.models.get(b.id) ?? 0));
      chosen.forEach((c, i) => (c.score = 1 - i / chosen.length));
      const rest = input.eligible.filter((c) => !rule.models.has(c.id));
      const tail = rest.length > 0 ? fallback.rank({ ...input, eligible: rest }).ranked : [];
      // Fallback scores are on the fallback policy's scale; keep them below every rule model's.
      for (const c of tail) c.score = Math.min(c.score, 0);
      return { ranked: [...chosen, ...tail], reason: `rules: rule ${rule.position + 1} matched; it prefers ${chosen[0].id}`, strategy: 'rules' };
    },
  };
}
