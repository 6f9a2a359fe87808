import { ConfigError, MODALITIES, type PipelineConfig, type SwitchyardConfig } from '@switchyard/config';
import { templateReads } from './prompt-template';
import { declaredKinds, stepTargets } from './step-kind';

const MODALITY_CASES: ReadonlySet<string> = new Set(MODALITIES);

/** Every step a step depends on, directly or through others (cycles cut). */
export function ancestorsOf(pipeline: PipelineConfig, step: string): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    for (const parent of pipeline.steps[name]?.after ?? []) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      visit(parent);
    }
  };
  visit(step);
  return seen;
}

/** One cycle of `after` edges as "a -> b -> a", or null. */
function findCycle(pipeline: PipelineConfig): string | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (name: string): string | null => {
    if (state.get(name) === 'done' || !pipeline.steps[name]) return null;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name].join(' -> ');
    state.set(name, 'visiting');
    path.push(name);
    for (const parent of pipeline.steps[name].after) {
      const cycle = visit(parent);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    return null;
  };
  for (const name of Object.keys(pipeline.steps)) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return null;
}

/** Why one pipeline cannot run, each problem prefixed by the key it is about. */
function problemsOf(name: string, pipeline: PipelineConfig, config: SwitchyardConfig): string[] {
  const problems: string[] = [];
  const at = (step: string) => `pipelines.${name}.steps.${step}`;
  const models = new Map(config.models.map((m) => [m.id, m]));
  const steps = Object.keys(pipeline.steps);
  if (!pipeline.steps[pipeline.output]) problems.push(`pipelines.${name}.output: names unknown step "${pipeline.output}" (steps: ${steps.join(', ')})`);
  const cycle = findCycle(pipeline);
  if (cycle) problems.push(`pipelines.${name}.steps: "after" forms a cycle: ${cycle}`);

  for (const [stepName, step] of Object.entries(pipeline.steps)) {
    const kinds = declaredKinds(step);
    if (kinds.length !== 1) {
      problems.push(`${at(stepName)}: needs exactly one of route/models, switch or pick (${kinds.length === 0 ? 'has none' : `has ${kinds.join(' and ')}`})`);
      continue;
    }
    if (step.route !== undefined && step.models !== undefined) problems.push(`${at(stepName)}: names both a route and models; give one`);
    for (const parent of step.after) {
      if (!pipeline.steps[parent]) problems.push(`${at(stepName)}.after: names unknown step "${parent}"`);
    }
    for (const { label, target } of stepTargets(step)) {
      if (target.route !== undefined && !config.routing.routes[target.route]) problems.push(`${at(stepName)}.${label}: names unknown route "${target.route}"`);
      for (const model of target.models ?? []) {
        const known = models.get(model);
        if (!known) problems.push(`${at(stepName)}.${label}: names unknown model "${model}"`);
        else if (step.converts && !known.modalities.includes(step.converts.from)) {
          problems.push(`${at(stepName)}.${label}: model "${model}" does not accept ${step.converts.from} input, which this converter sends it`);
        }
      }
    }
    if (step.switch?.on === 'modality') {
      for (const value of Object.keys(step.switch.cases)) {
        if (!MODALITY_CASES.has(value)) problems.push(`${at(stepName)}.switch.cases.${value}: is not a modality (${MODALITIES.join(', ')})`);
      }
    }
    if (step.pick) {
      if (step.after.length < 2) problems.push(`${at(stepName)}.pick: needs at least two steps in "after" to choose from`);
      if (step.pick.minAnswers > step.after.length) problems.push(`${at(stepName)}.pick.minAnswers: ${step.pick.minAnswers} is more than the ${step.after.length} steps it picks from`);
      if (step.prompt !== undefined || step.converts) problems.push(`${at(stepName)}: a pick step calls no model, so it takes no prompt or converts`);
    }
    if (step.prompt !== undefined) {
      const reads = templateReads(step.prompt);
      const earlier = ancestorsOf(pipeline, stepName);
      for (const unknown of reads.unknown) problems.push(`${at(stepName)}.prompt: {{${unknown}}} is not {{input}} or {{steps.<name>}}`);
      for (const read of reads.steps) {
        if (!pipeline.steps[read]) problems.push(`${at(stepName)}.prompt: reads {{steps.${read}}}, which no step of the pipeline produces`);
        else if (!earlier.has(read)) problems.push(`${at(stepName)}.prompt: reads {{steps.${read}}}, which no earlier step produces (name "${read}" in after)`);
      }
    } else if (!step.pick && step.after.length > 1) {
      problems.push(`${at(stepName)}: has ${step.after.length} inputs (${step.after.join(', ')}); give it a prompt that reads them`);
    }
  }

  if (pipeline.steps[pipeline.output] && !cycle) {
    const used = ancestorsOf(pipeline, pipeline.output).add(pipeline.output);
    for (const stepName of steps) if (!used.has(stepName)) problems.push(`${at(stepName)}: does not lead to the output step "${pipeline.output}"`);
  }
  return problems;
}

/** Every reason the config's pipelines cannot run; empty when they all can. */
export function pipelineProblems(config: SwitchyardConfig): string[] {
  return Object.entries(config.pipelines).flatMap(([name, pipeline]) => problemsOf(name, pipeline, config));
}

/** Stops start-up with every pipeline problem named (pipeline, step and key). */
export function assertValidPipelines(config: SwitchyardConfig, source = 'config'): void {
  const problems = pipelineProblems(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
}
