import type { TokenPricing } from '@switchyard/config';

/** The RouteLLM README's prices: GPT-4 as the strong model, Mixtral-8x7B as the weak one. */
export const ROUTELLM_PRICES: Readonly<{ weak: TokenPricing; strong: TokenPricing }> = Object.freeze({
  weak: { inputUsdPerMTok: 0.6, outputUsdPerMTok: 0.6 },
  strong: { inputUsdPerMTok: 10, outputUsdPerMTok: 30 },
});

/**
 * Output tokens assumed when a record holds no response text: MMLU prompts end
 * in "Answer:" and are answered with a letter and a little framing.
 */
export const DEFAULT_OUTPUT_TOKENS = 8;
