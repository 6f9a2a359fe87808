import { readFileSync } from 'node:fs';
import type { ModelConfig } from '@switchyard/config';
import { BackendError } from './classify-error';

/**
 * Keyless local endpoints (vLLM, Ollama, llama.cpp) accept any key; the SDKs insist on one.
 */
export const PLACEHOLDER_API_KEY = 'no-key-configured';

/**
 * The model's API key, read once at start-up: `apiKeyEnv` first, then `apiKeyFile`.
 * A model that names neither is keyless. A model that names one that yields nothing
 * fails here, with a message naming the variable or file and never the key.
 */
export function readApiKey(model: Pick<ModelConfig, 'id' | 'apiKeyEnv' | 'apiKeyFile'>, env: NodeJS.ProcessEnv): string | undefined {
  if (!model.apiKeyEnv && !model.apiKeyFile) return undefined;
  const fromEnv = model.apiKeyEnv ? env[model.apiKeyEnv]?.trim() : undefined;
  if (fromEnv) return fromEnv;
  if (model.apiKeyFile) {
    let fromFile: string;
    try {
      fromFile = readFileSync(model.apiKeyFile, 'utf8').trim();
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new BackendError('MISSING_API_KEY', `model "${model.id}": apiKeyFile "${model.apiKeyFile}" cannot be read (${reason})`, { cause: error });
    }
    if (fromFile) return fromFile;
    throw new BackendError('MISSING_API_KEY', `model "${model.id}": apiKeyFile "${model.apiKeyFile}" is empty`);
  }
  throw new BackendError('MISSING_API_KEY', `model "${model.id}": environment variable ${model.apiKeyEnv} (apiKeyEnv) is not set or empty`);
}
