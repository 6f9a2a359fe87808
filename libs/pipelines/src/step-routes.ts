import type { RouteConfig, StepTargetConfig, SwitchyardConfig } from '@switchyard/config';
import { stepTargets } from './step-kind';

/**
 * A step that lists models (rather than naming a route) is routed by a route
 * of its own, built here from the config, so the router applies the same
 * constraints, limits and fallbacks to it as to any job.
 */
export function stepRouteName(pipeline: string, step: string, label: string): string {
  return `pipeline/${pipeline}/${step}/${label}`;
}

/** The route a step's job names for one of its targets. */
export function targetRoute(pipeline: string, step: string, label: string, target: StepTargetConfig): string {
  return target.route ?? stepRouteName(pipeline, step, label);
}

/** The config's routes plus one per model-list target of every pipeline step (utility policy over those models). */
export function withPipelineRoutes(config: SwitchyardConfig): SwitchyardConfig {
  const routes: Record<string, RouteConfig> = { ...config.routing.routes };
  const weights = config.routing.routes.default?.preferenceWeights ?? { quality: 1, cost: 1, latency: 0.1 };
  for (const [pipeline, definition] of Object.entries(config.pipelines)) {
    for (const [step, stepConfig] of Object.entries(definition.steps)) {
      for (const { label, target } of stepTargets(stepConfig)) {
        if (!target.models) continue;
        routes[stepRouteName(pipeline, step, label)] = {
          policy: 'utility',
          candidates: target.models,
          hashKey: 'affinity',
          utility: 'weighted',
          preferenceWeights: weights,
          exploration: 'thompson',
        };
      }
    }
  }
  return { ...config, routing: { ...config.routing, routes } };
}
