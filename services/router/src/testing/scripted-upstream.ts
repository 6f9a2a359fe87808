import type { ServerResponse } from 'node:http';
import { startFakeProvider, writeJson, type RecordedRequest } from '@switchyard/backends';

/**
 * How the scripted upstream answers, by the `model` the request names:
 * - `tokens:a,b,c`: the three tokens (streamed when asked, else one answer)
 * - `fail`: HTTP 500 before any token
 * - `tokens-then-drop:a,b`: streams the tokens, then drops the connection
 * - `hang`: never answers
 * - `slow:<ms>`: answers "slow" after <ms>
 */
export interface ScriptedUpstream {
  url: string;
  requests: RecordedRequest[];
  /** The `model` of each request whose client went away before it was answered. */
  aborted: string[];
  close(): Promise<void>;
}

function sse(res: ServerResponse, data: unknown): void {
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

function chunk(model: string, content: string) {
  return { id: 'c', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta: { content }, finish_reason: null }] };
}

function answer(request: RecordedRequest, res: ServerResponse, tokens: string[]): void {
  const model = String(request.body.model);
  if (request.body.stream) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const token of tokens) sse(res, chunk(model, token));
    sse(res, { id: 'c', object: 'chat.completion.chunk', created: 0, model, choices: [], usage: { prompt_tokens: 5, completion_tokens: tokens.length, total_tokens: 5 + tokens.length } });
    sse(res, '[DONE]');
    res.end();
    return;
  }
  writeJson(res, 200, {
    id: 'c',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: tokens.join('') }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: tokens.length, total_tokens: 5 + tokens.length },
  });
}

/** An OpenAI-compatible upstream whose answers are scripted by model name, recording aborts it observes. */
export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  const aborted: string[] = [];
  const server = await startFakeProvider((request, res) => {
    const model = String(request.body.model);
    res.on('close', () => {
      if (!res.writableEnded) aborted.push(model);
    });
    const [kind, arg = ''] = model.split(':');
    if (kind === 'tokens') return answer(request, res, arg.split(','));
    if (kind === 'fail') return writeJson(res, 500, { error: { message: 'scripted failure', type: 'server_error' } });
    if (kind === 'tokens-then-drop') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const token of arg.split(',')) sse(res, chunk(model, token));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    if (kind === 'slow') {
      setTimeout(() => answer(request, res, ['slow']), Number(arg));
      return;
    }
    // hang: keep the request open until the client goes away
  });
  return { url: server.url, requests: server.requests, aborted, close: () => server.close() };
}
