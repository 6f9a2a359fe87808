import { resolveConfig, type ConfigDocument, type PipelineConfig, type SwitchyardConfig } from '@switchyard/config';

/** A small config for the unit tests: a text model, a vision model and a speech-to-text model. */
export function specConfig(pipelines: Record<string, unknown>): SwitchyardConfig {
  const model = (id: string, modalities: string[]) => ({ id, provider: 'simulated', pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, contextWindow: 8000, modalities, simulated: {} });
  const document = {
    models: [model('text-a', ['text']), model('vision', ['text', 'image']), model('speech', ['audio'])],
    pools: [
      { id: 'p-text', model: 'text-a' },
      { id: 'p-vision', model: 'vision' },
      { id: 'p-speech', model: 'speech' },
    ],
    routing: { routes: { default: { policy: 'utility' } } },
    pipelines,
  };
  return resolveConfig(document as ConfigDocument, {}, 'spec');
}

export function onlyPipeline(config: SwitchyardConfig): PipelineConfig {
  return Object.values(config.pipelines)[0];
}
