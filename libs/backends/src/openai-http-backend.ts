// Chat Completions API: https://platform.openai.com/docs/api-reference/chat (streaming: server-sent events)
import { StringDecoder } from 'node:string_decoder';
import type { ModelConfig } from '@switchyard/config';
import { estimateTextTokens } from '@switchyard/contracts';
import { PLACEHOLDER_API_KEY, readApiKey } from './api-key';
import { BackendError, classifyError, codeForStatus } from './classify-error';
import type { CompleteOptions, Completion, CompletionRequest, FinishReason, ModelBackend } from './completion';
import { requestText } from './completion-request';
import { KeepAliveHttp1Client } from './keep-alive-http1-client';
import { toOpenAIMessages } from './openai-backend';

interface ChatAnswer {
  choices?: { message?: { content?: string | null }; delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
}

/** Socket errors (and a response cut or garbled on the wire) after which the same call may succeed on a fresh connection. */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNABORTED', 'HTTP1_PROTOCOL']);

function finishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'content_filter') return 'error';
  return 'stop';
}

/** Reads a server-sent event stream of chat.completion.chunk objects, as it arrives, into the answer. */
class ChatChunkStream {
  output = '';
  reason: string | null | undefined;
  usage: ChatAnswer['usage'];
  done = false;
  private buffered = '';

  constructor(private readonly onDelta: (text: string) => void) {}

  push(text: string): void {
    this.buffered += text;
    let end: number;
    while ((end = this.buffered.indexOf('\n\n')) >= 0) {
      const event = this.buffered.slice(0, end);
      this.buffered = this.buffered.slice(end + 2);
      for (const line of event.split('\n')) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') {
          this.done = true;
          continue;
        }
        const chunk = JSON.parse(data) as ChatAnswer;
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (delta) {
          this.output += delta;
          this.onDelta(delta);
        }
        this.reason = choice?.finish_reason ?? this.reason;
        this.usage = chunk.usage ?? this.usage;
      }
    }
  }
}

/**
 * An OpenAI-compatible endpoint over KeepAliveHttp1Client: the same requests
 * and answers as OpenAIBackend without the SDK, fetch or node:http, which
 * cost the synchronous path most of its CPU and latency (profiled: the SDK
 * about a fifth of the router's CPU; node:http 0.13 ms more a call than raw
 * sockets). Used where the router calls a pool's upstream itself.
 */
export class OpenAIHttpBackend implements ModelBackend {
  readonly modelId: string;
  private readonly providerModel: string;
  private readonly path: string;
  private readonly client: KeepAliveHttp1Client;
  private readonly headers: Record<string, string>;

  constructor(model: ModelConfig, env: NodeJS.ProcessEnv) {
    if (!model.endpoint) throw new BackendError('MODEL_NOT_FOUND', `model ${model.id}: endpoint is required for an OpenAI-compatible backend`);
    this.modelId = model.id;
    this.providerModel = model.providerModel ?? model.id;
    const base = new URL(model.endpoint);
    this.path = `${base.pathname.replace(/\/$/, '')}/chat/completions${base.search}`;
    this.client = new KeepAliveHttp1Client(base);
    const key = readApiKey(model, env) ?? PLACEHOLDER_API_KEY;
    // A key with a line break would end the header early and forge the lines after it.
    if (/[\r\n]/.test(key)) throw new BackendError('MISSING_API_KEY', `model ${model.id}: the API key holds a line break`);
    this.headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  }

  async complete(request: CompletionRequest, options: CompleteOptions): Promise<Completion> {
    const { signal, onDelta } = options;
    const body = JSON.stringify({
      model: this.providerModel,
      messages: toOpenAIMessages(request),
      ...(request.maxOutputTokens ? { max_tokens: request.maxOutputTokens } : {}),
      ...(onDelta ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
    const decoder = new StringDecoder('utf8');
    let status = 0;
    let text = '';
    let stream: ChatChunkStream | undefined;
    try {
      await this.client.request({
        method: 'POST',
        path: this.path,
        headers: this.headers,
        body,
        signal,
        head: (head) => {
          status = head.status;
          // An error status answers with a JSON error body even to a streamed request.
          if (onDelta && status < 400) stream = new ChatChunkStream(onDelta);
        },
        data: (chunk) => {
          if (stream) stream.push(decoder.write(chunk));
          else text += decoder.write(chunk);
        },
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (!signal.aborted && code && CONNECTION_ERRORS.has(code)) {
        const sent = stream?.output ? ' mid-answer' : '';
        throw new BackendError('CONNECTION', `${this.modelId}: ${(err as Error).message}${sent}`, { cause: err });
      }
      throw classifyError(err, signal);
    }
    if (stream) {
      stream.push(decoder.end());
      if (!stream.done) throw new BackendError('CONNECTION', `${this.modelId}: the stream ended without [DONE]`);
      return this.completion(request, stream.output, stream.reason, stream.usage);
    }
    text += decoder.end();
    let answer: ChatAnswer;
    try {
      answer = JSON.parse(text) as ChatAnswer;
    } catch {
      throw new BackendError(status >= 400 ? codeForStatus(status) : 'UNKNOWN', `${this.modelId}: HTTP ${status}, not JSON: ${text.slice(0, 200)}`, { status });
    }
    if (status >= 400) throw new BackendError(codeForStatus(status), `${status} ${answer.error?.message ?? ''}`.trim(), { status });
    const choice = answer.choices?.[0];
    return this.completion(request, choice?.message?.content ?? '', choice?.finish_reason, answer.usage);
  }

  private completion(request: CompletionRequest, output: string, reason: string | null | undefined, usage: ChatAnswer['usage']): Completion {
    return {
      output,
      usage: { inputTokens: usage?.prompt_tokens ?? estimateTextTokens(requestText(request)), outputTokens: usage?.completion_tokens ?? estimateTextTokens(output) },
      finishReason: finishReason(reason),
    };
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
