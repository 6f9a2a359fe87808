import { costUsd } from '@switchyard/config';
import type { TokenPricing } from '@switchyard/config';
import { estimateTextTokens } from '@switchyard/contracts';
import type { OutcomeRecord } from './outcome-records';
import { DEFAULT_OUTPUT_TOKENS, ROUTELLM_PRICES } from './prices';

/**
 * What answering one recorded prompt with each model costs: input tokens from
 * the prompt, output tokens from the model's recorded response when there is
 * one (else DEFAULT_OUTPUT_TOKENS), at the record's own `prices` for the
 * model. A record without prices for a model falls back to the RouteLLM
 * README's prices when the model is the weakest or strongest of a two-model
 * file, so that file keeps working as published; any other model must be
 * priced, and the error names it.
 */
export function answerCostsUsd(record: OutcomeRecord, models: readonly string[], pair: { weak: string; strong: string } | null): number[] {
  const input = estimateTextTokens(record.prompt);
  return models.map((model) => {
    const response = record.responses?.[model];
    return costUsd(pricingOf(record, model, pair), input, response === undefined ? DEFAULT_OUTPUT_TOKENS : estimateTextTokens(response));
  });
}

function pricingOf(record: OutcomeRecord, model: string, pair: { weak: string; strong: string } | null): TokenPricing {
  const own = record.prices?.[model];
  if (own) return own;
  if (pair?.weak === model) return ROUTELLM_PRICES.weak;
  if (pair?.strong === model) return ROUTELLM_PRICES.strong;
  throw new RangeError(`outcome ${record.id}: no "prices.${model}" (a file with more than two models must price each one)`);
}
