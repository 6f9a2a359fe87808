import { routeSchema, type SwitchyardConfig } from '@switchyard/config';
import { PINNED_ROUTE_PREFIX } from './request-job';

/**
 * The config with one more route per model, `model:<id>`, whose only
 * candidate is that model: a request that names a model is decided by the
 * same engine (constraints, limits, breakers, bounded-load pool choice) with
 * no other model to fall back to. Build the router's one engine from it.
 */
export function withPinnedModelRoutes(config: SwitchyardConfig): SwitchyardConfig {
  const pinned = Object.fromEntries(config.models.map((m) => [PINNED_ROUTE_PREFIX + m.id, routeSchema.parse({ policy: 'round-robin', candidates: [m.id] })]));
  return { ...config, routing: { ...config.routing, routes: { ...config.routing.routes, ...pinned } } };
}
