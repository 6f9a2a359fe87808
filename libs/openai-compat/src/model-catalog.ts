// Models list: https://platform.openai.com/docs/api-reference/models/list
import type { SwitchyardConfig } from '@switchyard/config';
import { ApiError } from './api-error';

/** Route names a caller may put in `model`: `switchyard/<route>`, and this one for the tenant's default route. */
export const ROUTE_PREFIX = 'switchyard/';
export const AUTO_ROUTE = `${ROUTE_PREFIX}auto`;
/** Pipelines a caller may put in `model`: `pipeline/<name>` runs that pipeline of the config. */
export const PIPELINE_PREFIX = 'pipeline/';

/** What `model` named: one model (routing only picks its pool), a route (the engine picks the model; '' = the tenant's default), or a pipeline. */
export type ModelTarget = { model: string } | { route: string } | { pipeline: string };

/**
 * The names `model` accepts, from the config: every model id, `switchyard/auto` and
 * `switchyard/<route>` per configured route. Route names carry the prefix so that a
 * route and a model of the same name never shadow each other.
 */
export class ModelCatalog {
  private readonly models: Set<string>;
  private readonly routes: Set<string>;
  private readonly pipelines: Set<string>;
  /** Each name's model object, and the list of them: built once, the config does not change while the router runs. */
  private readonly entries: Map<string, string>;
  private readonly listBody: string;

  constructor(config: Pick<SwitchyardConfig, 'models' | 'routing' | 'pipelines'>, startedUnixSeconds: number) {
    this.models = new Set(config.models.map((m) => m.id));
    this.routes = new Set(Object.keys(config.routing.routes));
    this.pipelines = new Set(Object.keys(config.pipelines));
    const objects = [
      ...config.models.map((m) => ({ id: m.id, owned_by: m.provider })),
      { id: AUTO_ROUTE, owned_by: 'switchyard' },
      ...[...this.routes].map((route) => ({ id: `${ROUTE_PREFIX}${route}`, owned_by: 'switchyard' })),
      ...[...this.pipelines].map((pipeline) => ({ id: `${PIPELINE_PREFIX}${pipeline}`, owned_by: 'switchyard' })),
    ].map(({ id, owned_by }) => ({ id, object: 'model', created: startedUnixSeconds, owned_by }));
    this.entries = new Map(objects.map((o) => [o.id, JSON.stringify(o)]));
    this.listBody = JSON.stringify({ object: 'list', data: objects });
  }

  /** The `GET /v1/models` body. */
  list(): string {
    return this.listBody;
  }

  /** The `GET /v1/models/{name}` body. @throws ApiError 404 naming `model` for an unknown name. */
  entry(name: string): string {
    const entry = this.entries.get(name);
    if (entry === undefined) throw unknownModel(name);
    return entry;
  }

  /** @throws ApiError 404 naming `model` when the name is neither a model nor a route. */
  resolve(name: string): ModelTarget {
    if (this.models.has(name)) return { model: name };
    if (name === AUTO_ROUTE) return { route: '' };
    if (name.startsWith(ROUTE_PREFIX) && this.routes.has(name.slice(ROUTE_PREFIX.length))) return { route: name.slice(ROUTE_PREFIX.length) };
    if (name.startsWith(PIPELINE_PREFIX) && this.pipelines.has(name.slice(PIPELINE_PREFIX.length))) return { pipeline: name.slice(PIPELINE_PREFIX.length) };
    throw unknownModel(name);
  }
}

function unknownModel(name: string): ApiError {
  return new ApiError(404, 'not_found_error', 'model_not_found', `model: "${name}" is neither a model, a route nor a pipeline here (GET /v1/models lists them)`, 'model');
}
