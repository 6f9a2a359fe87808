/**
 * A zero-latency OpenAI-compatible upstream for the synchronous-path benchmarks, in a process of its own
 * (forked; sends `{port}` to its parent once it listens; stops on SIGTERM). `POST /v1/chat/completions`
 * answers at once: a fixed chat.completion, or with `stream: true` the same answer as SSE chunks (a role
 * chunk, three tokens, the finish chunk, the usage chunk when `stream_options.include_usage`, `[DONE]`).
 * Plain node:http with keep-alive: the floor every measured path shares.
 */
import http from 'node:http';
import { serveToParent } from './child-processes';

const TOKENS = ['Hello', ' from', ' upstream'];
const USAGE = { prompt_tokens: 12, completion_tokens: TOKENS.length, total_tokens: 12 + TOKENS.length };

function unaryBody(model: string): string {
  return JSON.stringify({
    id: 'chatcmpl-upstream',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: TOKENS.join('') }, logprobs: null, finish_reason: 'stop' }],
    usage: USAGE,
  });
}

function streamBody(model: string, includeUsage: boolean): string {
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-upstream', object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
  let body = chunk({ role: 'assistant', content: '' }, null);
  for (const token of TOKENS) body += chunk({ content: token }, null);
  body += chunk({}, 'stop');
  if (includeUsage) body += `data: ${JSON.stringify({ id: 'chatcmpl-upstream', object: 'chat.completion.chunk', created, model, choices: [], usage: USAGE })}\n\n`;
  return body + 'data: [DONE]\n\n';
}

const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"not_found_error","param":null,"code":null}}');
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean } };
    const model = body.model ?? 'upstream-model';
    if (body.stream) res.writeHead(200, { 'content-type': 'text/event-stream' }).end(streamBody(model, body.stream_options?.include_usage === true));
    else res.writeHead(200, { 'content-type': 'application/json' }).end(unaryBody(model));
  });
});

serveToParent(server);
