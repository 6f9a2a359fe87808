/** Prices in USD per million tokens. */
export interface TokenPrices {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** The RouteLLM README's prices: GPT-4 as the strong model, Mixtral-8x7B as the weak one. */
export const ROUTELLM_PRICES: Readonly<{ weak: TokenPrices; strong: TokenPrices }> = Object.freeze({
  weak: { inputPerMillion: 0.6, outputPerMillion: 0.6 },
  strong: { inputPerMillion: 10, outputPerMillion: 30 },
});

/**
 * Output tokens assumed when a record holds no response text: MMLU prompts end
 * in "Answer:" and are answered with a letter and a little framing.
 */
export const DEFAULT_OUTPUT_TOKENS = 8;

/** The usual rough estimate for English: four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export function callCostUsd(prices: TokenPrices, inputTokens: number, outputTokens: number): number {
  return (inputTokens * prices.inputPerMillion + outputTokens * prices.outputPerMillion) / 1e6;
}
