/**
 * The official `openai` npm SDK, unchanged, against a running router's OpenAI-compatible API on real
 * Kafka and Redis: unary, streamed, fallback before the first token, every error status, a cancelled
 * stream that the backend sees closed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import pino from 'pino';
import { resultCodec } from '@switchyard/contracts';
import { createKafka, TopicReader } from '@switchyard/messaging';
import { ECHO_TOKENS, ECHO_USAGE, startInteropRouter, startInteropUpstream, type InteropRouter, type InteropUpstream } from './openai-interop-fixture';
import { waitUntil, waitUntilServing } from './openai-interop-wait';

const ask = (content: string) => [{ role: 'user' as const, content }];

describe('the official openai npm SDK against the router', () => {
  let upstream: InteropUpstream;
  let router: InteropRouter;
  const client = (apiKey: string) => new OpenAI({ baseURL: router.baseUrl, apiKey, maxRetries: 0 });

  beforeAll(async () => {
    upstream = await startInteropUpstream();
    router = await startInteropRouter(upstream.url, { brokers: (process.env.KAFKA_BROKERS ?? '').split(','), redisUrl: process.env.REDIS_URL ?? '' });
    await waitUntilServing(() => client(router.tokens.acme).chat.completions.create({ model: 'echo-model', messages: ask('ready?') }));
  });

  afterAll(async () => {
    await router?.stop();
    await upstream?.close();
  });

  it('answers a unary call with the model that answered, its usage, and the decision in x-switchyard-* headers', async () => {
    const { data, response } = await client(router.tokens.acme).chat.completions.create({ model: 'switchyard/auto', messages: ask('node unary') }).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('echo-model');
    expect(data.choices[0].message).toMatchObject({ role: 'assistant', content: ECHO_TOKENS.join('') });
    expect(data.choices[0].finish_reason).toBe('stop');
    expect(data.usage).toMatchObject(ECHO_USAGE);
    expect(response.headers.get('x-switchyard-model')).toBe('echo-model');
    expect(response.headers.get('x-switchyard-pool')).toBe('echo-model-direct');
    expect(response.headers.get('x-switchyard-strategy')).toBe('least-loaded');
    expect(response.headers.get('x-switchyard-route')).toBe('default');
    expect(data.id).toBe(`chatcmpl-${response.headers.get('x-switchyard-job-id')}`);
  });

  it('publishes the answered call on the results topic, where the scorer and the statistics read it', async () => {
    const { response } = await client(router.tokens.acme).chat.completions.create({ model: 'switchyard/auto', messages: ask('node result') }).withResponse();
    const jobId = response.headers.get('x-switchyard-job-id');
    const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '').split(','), clientId: 'openai-interop-reader', logger: pino({ level: 'silent' }) });
    const reader = new TopicReader(kafka, [router.resultsTopic]);
    await reader.start();
    try {
      await reader.waitUntil((records) => records.some((r) => r.key === jobId), 60_000);
      const result = resultCodec.decode(reader.records.find((r) => r.key === jobId)?.value ?? Buffer.alloc(0));
      expect(result).toMatchObject({ jobId, tenant: 'acme', model: 'echo-model', output: ECHO_TOKENS.join('') });
    } finally {
      await reader.close();
    }
  });

  it('streams the tokens in order, then the finish reason, then the usage in a last chunk without choices', async () => {
    const stream = await client(router.tokens.acme).chat.completions.create({ model: 'switchyard/auto', messages: ask('node stream'), stream: true, stream_options: { include_usage: true } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const deltas = chunks.flatMap((c) => (c.choices[0]?.delta.content ? [c.choices[0].delta.content] : []));
    expect(deltas).toEqual(ECHO_TOKENS);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: ECHO_USAGE });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('falls back before the first token without the caller seeing it', async () => {
    const before = upstream.requests.length;
    const { data: stream, response } = await client(router.tokens.acme).chat.completions.create({ model: 'switchyard/fallback', messages: ask('node fallback'), stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(ECHO_TOKENS.join(''));
    expect(response.headers.get('x-switchyard-model')).toBe('echo-model');
    expect(upstream.requests.slice(before).map((r) => r.body.model)).toEqual(['broken', 'echo']);
  });

  it('takes preferences from x-switchyard-* headers and the switchyard body field', async () => {
    const body = { model: 'switchyard/auto', messages: ask('node preferences'), switchyard: { min_quality: 0.1, affinity_key: 'session-7' } };
    const data = await client(router.tokens.acme).chat.completions.create(body as OpenAI.ChatCompletionCreateParamsNonStreaming, { headers: { 'x-switchyard-max-cost-usd': '1' } });
    expect(data.choices[0].message.content).toBe(ECHO_TOKENS.join(''));
  });

  it('lists the models and the routes a caller may name', async () => {
    const ids = [];
    for await (const model of client(router.tokens.acme).models.list()) ids.push(model.id);
    expect(ids).toEqual(['echo-model', 'broken-model', 'hang-model', 'stall-model', 'midfail-model', 'switchyard/auto', 'switchyard/default', 'switchyard/fallback']);
  });

  it('answers a wrong field with 400 naming it', async () => {
    const error = await client(router.tokens.acme)
      .chat.completions.create({ model: 'switchyard/auto', messages: [{ role: 'wizard', content: 'x' }] } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param: 'messages[0].role', type: 'invalid_request_error' });
  });

  it('answers what no SDK sends in the same error shape: bad JSON 400, a body over the limit 413, a wrong method 405, an unknown path 404', async () => {
    const call = (path: string, init: RequestInit) => fetch(`${router.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${router.tokens.acme}`, 'content-type': 'application/json' } });
    const answers = await Promise.all([
      call('/chat/completions', { method: 'POST', body: '{"model": ' }),
      call('/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'echo-model', messages: ask('x'.repeat(5 * 1024 * 1024)) }) }),
      call('/chat/completions', { method: 'GET' }),
      call('/embeddings', { method: 'POST', body: '{}' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([400, 413, 405, 404]);
    for (const answer of answers) expect(Object.keys(((await answer.json()) as { error: object }).error).sort()).toEqual(['code', 'message', 'param', 'type']);
  });

  it('answers one model by name, a route by its switchyard/ name', async () => {
    const sdk = client(router.tokens.acme);
    expect(await sdk.models.retrieve('echo-model')).toMatchObject({ id: 'echo-model', object: 'model' });
    expect(await sdk.models.retrieve('switchyard/fallback')).toMatchObject({ id: 'switchyard/fallback', owned_by: 'switchyard' });
  });

  it('answers an unknown key with 401', async () => {
    const error = await client('not-a-key').chat.completions.create({ model: 'echo-model', messages: ask('x') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("answers a model outside the tenant's allow-list with 403", async () => {
    const error = await client(router.tokens.restricted).chat.completions.create({ model: 'broken-model', messages: ask('x') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('answers an unknown model with 404 naming model', async () => {
    const error = await client(router.tokens.acme).chat.completions.create({ model: 'gpt-unknown', messages: ask('x') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, param: 'model', code: 'model_not_found' });
  });

  it('answers a request over the tenant limit with 429 and when to retry', async () => {
    const limited = client(router.tokens.limitedNode);
    await limited.chat.completions.create({ model: 'echo-model', messages: ask('first of the minute') });
    const error = await limited.chat.completions.create({ model: 'echo-model', messages: ask('second of the minute') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('answers 503 when no model can serve', async () => {
    const error = await client(router.tokens.acme).chat.completions.create({ model: 'broken-model', messages: ask('node 503') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 503 });
  });

  it('answers 504 when the x-switchyard-timeout-ms deadline passes, and the backend call is aborted', async () => {
    const error = await client(router.tokens.acme)
      .chat.completions.create({ model: 'hang-model', messages: ask('node deadline') }, { headers: { 'x-switchyard-timeout-ms': '300' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 504 });
    await waitUntil(() => upstream.aborted.includes('node deadline'), 'the upstream to see the deadline abort');
  });

  it('ends a stream whose model fails after its first token with an error the SDK raises, naming the model', async () => {
    const stream = await client(router.tokens.acme).chat.completions.create({ model: 'midfail-model', messages: ask('node midfail'), stream: true });
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((e: unknown) => e);
    expect(deltas.join('')).toBe('first');
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain('midfail-model');
  });

  it('aborts the backend call when the caller stops reading a stream', async () => {
    const stream = await client(router.tokens.acme).chat.completions.create({ model: 'stall-model', messages: ask('node cancel'), stream: true });
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    await waitUntil(() => upstream.aborted.includes('node cancel'), 'the upstream to see the cancelled stream close');
  });

  it('never writes a key, nor a prompt, to its log', () => {
    const log = readFileSync(path.join(router.logDir, 'router.log'), 'utf8');
    expect(log).toContain('OpenAI-compatible API listening');
    for (const secret of [router.tokens.acme, router.tokens.restricted, router.tokens.limitedNode, 'not-a-key', 'node unary', 'node cancel']) expect(log).not.toContain(secret);
  });
});
