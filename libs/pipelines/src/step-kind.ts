import type { PipelineStepConfig, StepTargetConfig } from '@switchyard/config';

/** What a step does: call a model (by route or model list), choose a target by a label, or keep the best of its inputs. */
export type StepKind = 'model' | 'switch' | 'pick';

/** The kinds a step declares; a valid step declares exactly one. */
export function declaredKinds(step: PipelineStepConfig): StepKind[] {
  const kinds: StepKind[] = [];
  if (step.route !== undefined || step.models !== undefined) kinds.push('model');
  if (step.switch) kinds.push('switch');
  if (step.pick) kinds.push('pick');
  return kinds;
}

export function stepKind(step: PipelineStepConfig): StepKind {
  return declaredKinds(step)[0];
}

/** Every target a step may send its job to: its own, or each case of its switch. */
export function stepTargets(step: PipelineStepConfig): { label: string; target: StepTargetConfig }[] {
  if (step.switch) {
    const cases = Object.entries(step.switch.cases).map(([value, target]) => ({ label: `switch.cases.${value}`, target }));
    return step.switch.default ? [...cases, { label: 'switch.default', target: step.switch.default }] : cases;
  }
  if (step.route !== undefined || step.models !== undefined) return [{ label: step.route !== undefined ? 'route' : 'models', target: { route: step.route, models: step.models } }];
  return [];
}
