// Messages API: https://docs.anthropic.com/en/api/messages
import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageCreateParamsBase, MessageParam, StopReason } from '@anthropic-ai/sdk/resources/messages';
import type { ModelConfig } from '@switchyard/config';
import { PLACEHOLDER_API_KEY, readApiKey } from './api-key';
import { attachmentTurn, base64Of, unsupportedAttachment } from './attachments';
import { classifyError } from './classify-error';
import type { CompleteOptions, Completion, CompletionAttachment, CompletionRequest, FinishReason, ModelBackend } from './completion';

/** Anthropic requires max_tokens on every request; this is ours when the job sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 1024;

type ImageMediaType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

const IMAGE_TYPES = new Set<string>(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const ANTHROPIC_ACCEPTS = 'JPEG, PNG, GIF and WebP images and PDF documents (the Messages API takes no audio)';

/** One attachment as its standard content block: an image block or a PDF document block, by URL or base64. */
function anthropicBlock(a: CompletionAttachment): ContentBlockParam {
  if (IMAGE_TYPES.has(a.mimeType)) {
    return a.uri ? { type: 'image', source: { type: 'url', url: a.uri } } : { type: 'image', source: { type: 'base64', media_type: a.mimeType as ImageMediaType, data: base64Of(a) } };
  }
  if (a.mimeType === 'application/pdf') {
    return a.uri ? { type: 'document', source: { type: 'url', url: a.uri } } : { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: base64Of(a) } };
  }
  throw unsupportedAttachment(a, 'Anthropic', ANTHROPIC_ACCEPTS);
}

/** System messages become the `system` field; images and PDFs ride on the last user message as image and document blocks. */
export function toAnthropicMessages(request: Pick<CompletionRequest, 'messages' | 'attachments'>): { system?: string; messages: MessageParam[] } {
  const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
  const turns = request.messages.filter((m) => m.role !== 'system');
  const messages: MessageParam[] = turns.map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content }));
  if (request.attachments.length > 0) {
    const parts = request.attachments.map(anthropicBlock);
    const turn = attachmentTurn(turns);
    const text = turn >= 0 ? turns[turn].content : '';
    const content: ContentBlockParam[] = [...parts, ...(text ? [{ type: 'text' as const, text }] : [])];
    if (turn >= 0) messages[turn] = { role: 'user', content };
    else messages.push({ role: 'user', content });
  }
  return { ...(system.length > 0 ? { system: system.join('\n\n') } : {}), messages };
}

function finishReason(reason: StopReason | null | undefined): FinishReason {
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'length';
  if (reason === 'refusal') return 'error';
  return 'stop';
}

/** Anthropic's Messages API. */
export class AnthropicBackend implements ModelBackend {
  readonly modelId: string;
  private readonly client: Anthropic;
  private readonly providerModel: string;

  constructor(model: ModelConfig, env: NodeJS.ProcessEnv) {
    this.modelId = model.id;
    this.providerModel = model.providerModel ?? model.id;
    this.client = new Anthropic({
      ...(model.endpoint ? { baseURL: model.endpoint } : {}),
      apiKey: readApiKey(model, env) ?? PLACEHOLDER_API_KEY,
      // The worker owns retries and fallback; an SDK retry would hide failures from the breaker.
      maxRetries: 0,
      timeout: model.timeoutMs,
    });
  }

  async complete(request: CompletionRequest, options: CompleteOptions): Promise<Completion> {
    const body: MessageCreateParamsBase = {
      model: this.providerModel,
      max_tokens: request.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      ...toAnthropicMessages(request),
    };
    try {
      return options.onDelta ? await this.streamed(body, options.signal, options.onDelta) : await this.unary(body, options.signal);
    } catch (error) {
      throw classifyError(error, options.signal);
    }
  }

  private async unary(body: MessageCreateParamsBase, signal: AbortSignal): Promise<Completion> {
    const message = await this.client.messages.create({ ...body, stream: false }, { signal });
    const output = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    return {
      output,
      usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
      finishReason: finishReason(message.stop_reason),
    };
  }

  private async streamed(body: MessageCreateParamsBase, signal: AbortSignal, onDelta: (text: string) => void): Promise<Completion> {
    const stream = await this.client.messages.create({ ...body, stream: true }, { signal });
    const completion: Completion = { output: '', usage: { inputTokens: 0, outputTokens: 0 }, finishReason: 'stop' };
    for await (const event of stream) {
      if (event.type === 'message_start') {
        completion.usage.inputTokens = event.message.usage.input_tokens;
        completion.usage.outputTokens = event.message.usage.output_tokens;
      } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        completion.output += event.delta.text;
        onDelta(event.delta.text);
      } else if (event.type === 'message_delta') {
        // message_delta carries cumulative output tokens and the stop reason.
        completion.usage.outputTokens = event.usage.output_tokens;
        completion.finishReason = finishReason(event.delta.stop_reason);
      }
    }
    return completion;
  }
}
