import { ApiError } from './api-error';
import { ModelCatalog } from './model-catalog';

const config = {
  models: [{ id: 'small-fast', provider: 'simulated' }, { id: 'large-general', provider: 'openai' }],
  routing: { routes: { default: {}, cascade: {} } },
  pipelines: { 'best-of-3': {} },
} as unknown as ConstructorParameters<typeof ModelCatalog>[0];

describe('ModelCatalog', () => {
  const catalog = new ModelCatalog(config, 1_700_000_000);

  it('lists the models, switchyard/auto and one switchyard/<route> per route', () => {
    const list = JSON.parse(catalog.list());
    expect(list.object).toBe('list');
    expect(list.data.map((m: { id: string }) => m.id)).toEqual(['small-fast', 'large-general', 'switchyard/auto', 'switchyard/default', 'switchyard/cascade', 'pipeline/best-of-3']);
    expect(list.data[0]).toEqual({ id: 'small-fast', object: 'model', created: 1_700_000_000, owned_by: 'simulated' });
  });

  it('resolves a model id to that model, a route name to that route (auto: the tenant default) and pipeline/<name> to that pipeline', () => {
    expect(catalog.resolve('large-general')).toEqual({ model: 'large-general' });
    expect(catalog.resolve('switchyard/cascade')).toEqual({ route: 'cascade' });
    expect(catalog.resolve('switchyard/auto')).toEqual({ route: '' });
    expect(catalog.resolve('pipeline/best-of-3')).toEqual({ pipeline: 'best-of-3' });
  });

  it.each(['gpt-4o', 'cascade', 'switchyard/nope', 'pipeline/nope', 'best-of-3'])('answers %s with 404 naming model', (name) => {
    expect(() => catalog.resolve(name)).toThrow(ApiError);
    expect(() => catalog.entry(name)).toThrow(expect.objectContaining({ status: 404, param: 'model', code: 'model_not_found' }));
  });
});
