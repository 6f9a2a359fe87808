// Chat Completions API: https://platform.openai.com/docs/api-reference/chat
import OpenAI from 'openai';
import type { ChatCompletionContentPart, ChatCompletionCreateParamsBase, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ModelConfig } from '@switchyard/config';
import { estimateTextTokens } from '@switchyard/contracts';
import { PLACEHOLDER_API_KEY, readApiKey } from './api-key';
import { attachmentTurn, base64Of, unsupportedAttachment } from './attachments';
import { classifyError } from './classify-error';
import type { CompleteOptions, Completion, CompletionAttachment, CompletionRequest, FinishReason, ModelBackend } from './completion';
import { requestText } from './completion-request';

/** input_audio formats of the Chat Completions API, by MIME type. */
const AUDIO_FORMATS: Record<string, 'wav' | 'mp3'> = { 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav', 'audio/mpeg': 'mp3', 'audio/mp3': 'mp3' };

const OPENAI_ACCEPTS = 'images (by URL or inline) and WAV or MP3 audio (inline only)';

/**
 * One attachment as its standard content part: an image as image_url (its URL,
 * or the bytes as a data URL), audio as input_audio (base64 bytes: the API
 * takes no audio URL).
 */
function openAIPart(a: CompletionAttachment): ChatCompletionContentPart {
  if (a.mimeType.startsWith('image/')) return { type: 'image_url', image_url: { url: a.uri || `data:${a.mimeType};base64,${base64Of(a)}` } };
  const format = AUDIO_FORMATS[a.mimeType.toLowerCase()];
  if (format && a.data && a.data.length > 0) return { type: 'input_audio', input_audio: { data: base64Of(a), format } };
  throw unsupportedAttachment(a, 'OpenAI', OPENAI_ACCEPTS);
}

/** Messages in OpenAI form; attachments ride on the last user message as image_url and input_audio content parts. */
export function toOpenAIMessages(request: Pick<CompletionRequest, 'messages' | 'attachments'>): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = request.messages.map((m) => ({ role: m.role, content: m.content }));
  if (request.attachments.length === 0) return messages;
  const parts = request.attachments.map(openAIPart);
  const turn = attachmentTurn(request.messages);
  const text = turn >= 0 ? request.messages[turn].content : '';
  const content: ChatCompletionContentPart[] = [...(text ? [{ type: 'text' as const, text }] : []), ...parts];
  if (turn >= 0) messages[turn] = { role: 'user', content };
  else messages.push({ role: 'user', content });
  return messages;
}

interface ProviderAnswer {
  output: string;
  reason: string | null | undefined;
  usage: OpenAI.CompletionUsage | null | undefined;
}

function finishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'content_filter') return 'error';
  return 'stop';
}

/** An OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, llama.cpp and most gateways. */
export class OpenAIBackend implements ModelBackend {
  readonly modelId: string;
  private readonly client: OpenAI;
  private readonly providerModel: string;

  constructor(model: ModelConfig, env: NodeJS.ProcessEnv) {
    this.modelId = model.id;
    this.providerModel = model.providerModel ?? model.id;
    this.client = new OpenAI({
      baseURL: model.endpoint,
      apiKey: readApiKey(model, env) ?? PLACEHOLDER_API_KEY,
      // The worker owns retries and fallback; an SDK retry would hide failures from the breaker.
      maxRetries: 0,
      timeout: model.timeoutMs,
    });
  }

  async complete(request: CompletionRequest, options: CompleteOptions): Promise<Completion> {
    const body: ChatCompletionCreateParamsBase = {
      model: this.providerModel,
      messages: toOpenAIMessages(request),
      // max_tokens rather than max_completion_tokens: every OpenAI-compatible server understands it.
      ...(request.maxOutputTokens ? { max_tokens: request.maxOutputTokens } : {}),
    };
    try {
      const answer = options.onDelta ? await this.streamed(body, options.signal, options.onDelta) : await this.unary(body, options.signal);
      return {
        output: answer.output,
        usage: {
          inputTokens: answer.usage?.prompt_tokens ?? estimateTextTokens(requestText(request)),
          outputTokens: answer.usage?.completion_tokens ?? estimateTextTokens(answer.output),
        },
        finishReason: finishReason(answer.reason),
      };
    } catch (error) {
      throw classifyError(error, options.signal);
    }
  }

  private async unary(body: ChatCompletionCreateParamsBase, signal: AbortSignal): Promise<ProviderAnswer> {
    const response = await this.client.chat.completions.create({ ...body, stream: false }, { signal });
    const choice = response.choices[0];
    return { output: choice?.message.content ?? '', reason: choice?.finish_reason, usage: response.usage };
  }

  private async streamed(body: ChatCompletionCreateParamsBase, signal: AbortSignal, onDelta: (text: string) => void): Promise<ProviderAnswer> {
    const stream = await this.client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal });
    const answer: ProviderAnswer = { output: '', reason: undefined, usage: undefined };
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      const delta = choice?.delta.content;
      if (delta) {
        answer.output += delta;
        onDelta(delta);
      }
      answer.reason = choice?.finish_reason ?? answer.reason;
      // With include_usage the last chunk has no choices and carries the usage.
      answer.usage = chunk.usage ?? answer.usage;
    }
    return answer;
  }
}
