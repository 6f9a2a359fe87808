import { configSchema, type ModelConfig } from '@switchyard/config';

/**
 * A model config for tests, run through the real schema so defaults (timeoutMs, simulated
 * settings, ...) are the ones production gets.
 */
export function testModel(model: Record<string, unknown>): ModelConfig {
  const config = configSchema.parse({
    models: [{ pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 }, contextWindow: 8192, ...model }],
    pools: [{ id: 'pool', model: model.id }],
    routing: { routes: { default: { policy: 'random' } } },
  });
  return config.models[0];
}
