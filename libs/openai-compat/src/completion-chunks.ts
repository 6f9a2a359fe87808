// Streaming: https://platform.openai.com/docs/api-reference/chat/streaming
import type { ApiError } from './api-error';
import { completionId, openAIFinishReason, openAIUsage, type AnsweredCall } from './chat-completion';

/** The line that ends every successful stream; both SDKs stop reading at it. */
export const SSE_DONE = 'data: [DONE]\n\n';

/**
 * One streamed call as server-sent `chat.completion.chunk` events, in OpenAI's order: a first chunk with
 * the assistant role, one chunk per token, a chunk with the finish reason, and (with
 * `stream_options.include_usage`) a last chunk with no choices and the usage; every other chunk then has
 * `"usage": null`, as OpenAI sends it.
 */
export class CompletionChunks {
  private readonly id: string;
  /** The id as a JSON string, encoded once: each token's chunk is built by concatenation, the hot path of a stream. */
  private readonly idJson: string;
  private readonly usageField: string;

  constructor(
    jobId: string,
    private readonly createdUnixSeconds: number,
    private readonly includeUsage: boolean,
  ) {
    this.id = completionId(jobId);
    this.idJson = JSON.stringify(this.id);
    this.usageField = includeUsage ? ',"usage":null' : '';
  }

  /** The chunk that opens every stream: the assistant role, no content yet. */
  role(model: string): string {
    return this.chunk(model, '{"role":"assistant","content":""}', 'null');
  }

  token(model: string, delta: string): string {
    return this.chunk(model, `{"content":${JSON.stringify(delta)}}`, 'null');
  }

  /** The finish chunk, the usage chunk when asked for, and `data: [DONE]`. */
  finish(result: AnsweredCall): string {
    let out = this.chunk(result.model, '{}', JSON.stringify(openAIFinishReason(result.finishReason)));
    if (this.includeUsage) {
      out += `data: ${JSON.stringify({ id: this.id, object: 'chat.completion.chunk', created: this.createdUnixSeconds, model: result.model, choices: [], usage: openAIUsage(result) })}\n\n`;
    }
    return out + SSE_DONE;
  }

  /**
   * An error after the stream began (the model failed after its first token, so no fallback was possible):
   * OpenAI's error object as an event, which both SDKs raise as an APIError; no `[DONE]` follows.
   */
  error(error: ApiError): string {
    return `data: ${error.body()}\n\n`;
  }

  private chunk(model: string, delta: string, finishReason: string): string {
    return `data: {"id":${this.idJson},"object":"chat.completion.chunk","created":${this.createdUnixSeconds},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":${finishReason}}]${this.usageField}}\n\n`;
  }
}
