import type { ModelConfig } from '@switchyard/config';
import { AnthropicBackend } from './anthropic-backend';
import type { ModelBackend } from './completion';
import { OpenAIBackend } from './openai-backend';
import { ReplayBackend } from './replay-backend';
import { SimulatedBackend } from './simulated-backend';

/**
 * The backend for a configured model. API keys and replay files are read here, once,
 * so a missing one fails at start-up; `env` is read only now, never per call.
 */
export function createBackend(model: ModelConfig, env: NodeJS.ProcessEnv = process.env): ModelBackend {
  switch (model.provider) {
    case 'openai':
      return new OpenAIBackend(model, env);
    case 'anthropic':
      return new AnthropicBackend(model, env);
    case 'simulated':
      return new SimulatedBackend(model);
    case 'replay':
      return new ReplayBackend(model);
  }
}
