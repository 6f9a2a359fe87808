import type { ModelConfig } from '@switchyard/config';
import { AnthropicBackend } from './anthropic-backend';
import type { ModelBackend } from './completion';
import { OpenAIBackend } from './openai-backend';
import { OpenAIHttpBackend } from './openai-http-backend';
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

/**
 * The backend for a model the router calls itself (a `direct` pool): an
 * OpenAI-compatible model over plain keep-alive HTTP, without the SDK, since
 * this call sits inside a synchronous request's latency; others as createBackend.
 */
export function createDirectBackend(model: ModelConfig, env: NodeJS.ProcessEnv = process.env): ModelBackend {
  return model.provider === 'openai' ? new OpenAIHttpBackend(model, env) : createBackend(model, env);
}
