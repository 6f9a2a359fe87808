import type { ModelConfig } from './schema';

/** A model's prices, as `models[].pricing` states them: USD per million input and output tokens. */
export type TokenPricing = ModelConfig['pricing'];

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/** What `inputTokens` in and `outputTokens` out cost at `pricing`: the one price formula, for predictions and settled calls alike. */
export function costUsd(pricing: TokenPricing, inputTokens: number, outputTokens: number): number {
  return (inputTokens * pricing.inputUsdPerMTok + outputTokens * pricing.outputUsdPerMTok) / TOKENS_PER_PRICE_UNIT;
}
