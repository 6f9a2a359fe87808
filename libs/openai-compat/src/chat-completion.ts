// Chat completion object: https://platform.openai.com/docs/api-reference/chat/object
import type { Result, RouteDecision } from '@switchyard/contracts';
import { RESPONSE_HEADERS } from './switchyard-headers';

/** What the OpenAI body needs of a completed call (the gateway's CompletionResult has it). */
export type AnsweredCall = Pick<Result, 'jobId' | 'model' | 'output' | 'finishReason' | 'usage'>;

/** The response `id`: OpenAI's prefix on the job id, so a caller can find the job in the results topic. */
export function completionId(jobId: string): string {
  return `chatcmpl-${jobId}`;
}

/** OpenAI's finish reasons for the gateway's: a provider's content filter ends as "error" in a Result. */
export function openAIFinishReason(finishReason: string): 'stop' | 'length' | 'content_filter' {
  if (finishReason === 'length') return 'length';
  if (finishReason === 'error') return 'content_filter';
  return 'stop';
}

export function openAIUsage(result: Pick<Result, 'usage'>): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const input = result.usage?.inputTokens ?? 0;
  const output = result.usage?.outputTokens ?? 0;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

/** The `chat.completion` body of a unary call. `model` is the model that answered (after any fallback). */
export function chatCompletionBody(result: AnsweredCall, createdUnixSeconds: number): string {
  return JSON.stringify({
    id: completionId(result.jobId),
    object: 'chat.completion',
    created: createdUnixSeconds,
    model: result.model,
    choices: [{ index: 0, message: { role: 'assistant', content: result.output, refusal: null }, logprobs: null, finish_reason: openAIFinishReason(result.finishReason) }],
    usage: openAIUsage(result),
  });
}

/**
 * The decision as `x-switchyard-*` response headers. Reasons are free text, so each is
 * percent-encoded (a header value must stay on one line of visible ASCII) and they are comma-joined.
 */
export function decisionHeaders(jobId: string, model: string, pool: string, decision: RouteDecision | null | undefined): Record<string, string> {
  const headers: Record<string, string> = { [RESPONSE_HEADERS.jobId]: jobId, [RESPONSE_HEADERS.model]: model, [RESPONSE_HEADERS.pool]: pool };
  if (decision) {
    headers[RESPONSE_HEADERS.strategy] = decision.strategy;
    headers[RESPONSE_HEADERS.route] = decision.route;
    headers[RESPONSE_HEADERS.reasons] = decision.reasons.map(encodeURIComponent).join(', ');
  }
  return headers;
}
