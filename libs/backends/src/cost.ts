import type { ModelConfig } from '@switchyard/config';
import type { CompletionUsage } from './completion';

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/** What a call cost in USD, from the model's prices per 1M input and output tokens. */
export function costUsd(model: Pick<ModelConfig, 'pricing'>, usage: CompletionUsage): number {
  return (usage.inputTokens * model.pricing.inputUsdPerMTok + usage.outputTokens * model.pricing.outputUsdPerMTok) / TOKENS_PER_PRICE_UNIT;
}

/**
 * A rough token count (≈4 characters a token for English) for backends that have no tokenizer
 * (simulated, replay) and providers that omit usage.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
