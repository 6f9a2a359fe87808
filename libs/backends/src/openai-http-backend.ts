// Chat Completions API: https://platform.openai.com/docs/api-reference/chat (streaming: server-sent events)
import http from 'node:http';
import https from 'node:https';
import type { ModelConfig } from '@switchyard/config';
import { estimateTextTokens } from '@switchyard/contracts';
import { PLACEHOLDER_API_KEY, readApiKey } from './api-key';
import { BackendError, classifyError, codeForStatus } from './classify-error';
import type { CompleteOptions, Completion, CompletionRequest, FinishReason, ModelBackend } from './completion';
import { requestText } from './completion-request';
import { toOpenAIMessages } from './openai-backend';

interface ChatAnswer {
  choices?: { message?: { content?: string | null }; delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string };
}

/** Socket errors after which the same call may succeed on a fresh connection. */
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'ECONNABORTED']);

function finishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'content_filter') return 'error';
  return 'stop';
}

/**
 * An OpenAI-compatible endpoint over plain node:http with a keep-alive agent:
 * the same requests and answers as OpenAIBackend without the SDK and fetch,
 * which cost the synchronous path most of its CPU (profiled: about a fifth
 * of the router's). Used where the router calls a pool's upstream itself.
 */
export class OpenAIHttpBackend implements ModelBackend {
  readonly modelId: string;
  private readonly providerModel: string;
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly authorization: string;

  constructor(model: ModelConfig, env: NodeJS.ProcessEnv) {
    if (!model.endpoint) throw new BackendError('MODEL_NOT_FOUND', `model ${model.id}: endpoint is required for an OpenAI-compatible backend`);
    this.modelId = model.id;
    this.providerModel = model.providerModel ?? model.id;
    const base = new URL(model.endpoint);
    this.url = new URL(`${base.pathname.replace(/\/$/, '')}/chat/completions`, base);
    this.transport = this.url.protocol === 'https:' ? https : http;
    this.agent = new this.transport.Agent({ keepAlive: true, maxSockets: 256 });
    this.authorization = `Bearer ${readApiKey(model, env) ?? PLACEHOLDER_API_KEY}`;
  }

  complete(request: CompletionRequest, options: CompleteOptions): Promise<Completion> {
    const { signal, onDelta } = options;
    const body = JSON.stringify({
      model: this.providerModel,
      messages: toOpenAIMessages(request),
      ...(request.maxOutputTokens ? { max_tokens: request.maxOutputTokens } : {}),
      ...(onDelta ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
    return new Promise<Completion>((resolve, reject) => {
      if (signal.aborted) return reject(classifyError(signal.reason, signal));
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        const code = (err as NodeJS.ErrnoException).code;
        reject(!signal.aborted && code && CONNECTION_ERRORS.has(code) ? new BackendError('CONNECTION', (err as Error).message, { cause: err }) : classifyError(err, signal));
      };
      const succeed = (answer: { output: string; reason: string | null | undefined; usage: ChatAnswer['usage'] }) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        resolve({
          output: answer.output,
          usage: { inputTokens: answer.usage?.prompt_tokens ?? estimateTextTokens(requestText(request)), outputTokens: answer.usage?.completion_tokens ?? estimateTextTokens(answer.output) },
          finishReason: finishReason(answer.reason),
        });
      };
      const req = this.transport.request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: this.authorization } },
        (res) => {
          res.setEncoding('utf8');
          const status = res.statusCode ?? 0;
          // The connection dropped mid-answer: a stream that already sent tokens ends here.
          res.on('aborted', () => fail(new BackendError('CONNECTION', `${this.modelId}: the upstream closed the connection mid-answer`)));
          res.on('error', fail);
          if (status >= 400 || !onDelta) {
            let text = '';
            res.on('data', (piece: string) => (text += piece));
            res.on('end', () => {
              let answer: ChatAnswer;
              try {
                answer = JSON.parse(text) as ChatAnswer;
              } catch {
                return fail(new BackendError(status >= 400 ? codeForStatus(status) : 'UNKNOWN', `${this.modelId}: HTTP ${status}, not JSON: ${text.slice(0, 200)}`, { status }));
              }
              if (status >= 400) return fail(new BackendError(codeForStatus(status), `${status} ${answer.error?.message ?? ''}`.trim(), { status }));
              const choice = answer.choices?.[0];
              succeed({ output: choice?.message?.content ?? '', reason: choice?.finish_reason, usage: answer.usage });
            });
            return;
          }
          const answer = { output: '', reason: undefined as string | null | undefined, usage: undefined as ChatAnswer['usage'] };
          let buffered = '';
          let done = false;
          res.on('data', (piece: string) => {
            buffered += piece;
            let end: number;
            while ((end = buffered.indexOf('\n\n')) >= 0) {
              const event = buffered.slice(0, end);
              buffered = buffered.slice(end + 2);
              for (const line of event.split('\n')) {
                if (!line.startsWith('data:')) continue;
                const data = line.slice(5).trim();
                if (data === '[DONE]') {
                  done = true;
                  continue;
                }
                const chunk = JSON.parse(data) as ChatAnswer;
                const choice = chunk.choices?.[0];
                const delta = choice?.delta?.content;
                if (delta) {
                  answer.output += delta;
                  onDelta(delta);
                }
                answer.reason = choice?.finish_reason ?? answer.reason;
                answer.usage = chunk.usage ?? answer.usage;
              }
            }
          });
          res.on('end', () => (done ? succeed(answer) : fail(new BackendError('CONNECTION', `${this.modelId}: the stream ended without [DONE]`))));
        },
      );
      const onAbort = () => req.destroy(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('error', fail);
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
