import { BackendError } from './classify-error';
import type { CompletionRequest } from './completion';
import { createBackend, createDirectBackend } from './create-backend';
import { startFakeProvider, writeJson, writeSse, type FakeProviderServer } from './fake-provider-server';
import { testModel } from './test-model';

const request: CompletionRequest = {
  jobId: 'job-1',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is 2+2?' },
  ],
  attachments: [],
  maxOutputTokens: 64,
  metadata: {},
};

const completionBody = (content: string, finishReason = 'stop') => ({
  id: 'cmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-test',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finishReason }],
  usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
});

const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
  id: 'cmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-test',
  choices: [{ index: 0, delta, finish_reason: finishReason }],
});

// The SDK backend (Kafka jobs) and the raw HTTP/1.1 one (the router's direct pools) must answer alike.
describe.each([
  ['OpenAI backend (SDK)', createBackend],
  ['OpenAI backend over raw HTTP/1.1 (direct pools)', createDirectBackend],
])('%s', (_name, create) => {
  let server: FakeProviderServer;
  let status = 200;
  let hang = false;
  let finish = 'stop';

  beforeAll(async () => {
    server = await startFakeProvider((req, res) => {
      if (hang) return;
      if (status !== 200) return writeJson(res, status, { error: { message: `status ${status}`, type: 'test' } });
      if (!req.body.stream) return writeJson(res, 200, completionBody('4', finish));
      writeSse(res, [
        { data: chunk({ role: 'assistant', content: '' }) },
        { data: chunk({ content: 'The answer' }) },
        { data: chunk({ content: ' is 4.' }) },
        { data: chunk({}, 'stop') },
        { data: { ...chunk({}), choices: [], usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 } } },
        { data: '[DONE]' },
      ]);
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    status = 200;
    hang = false;
    finish = 'stop';
  });

  const backend = () =>
    create(testModel({ id: 'gpt', provider: 'openai', endpoint: `${server.url}/v1`, providerModel: 'gpt-test', apiKeyEnv: 'TEST_OPENAI_KEY' }), {
      TEST_OPENAI_KEY: 'sk-secret',
    });
  const signal = () => AbortSignal.timeout(5_000);

  it('returns the text, usage and finish reason of a non-streaming completion', async () => {
    const completion = await backend().complete(request, { signal: signal() });
    expect(completion).toEqual({ output: '4', usage: { inputTokens: 12, outputTokens: 3 }, finishReason: 'stop' });
    const sent = server.requests[0];
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-secret');
    expect(sent.body).toMatchObject({ model: 'gpt-test', max_tokens: 64, messages: request.messages });
    expect(sent.body.stream).toBeFalsy();
  });

  it('reports an answer cut by the token limit as finishReason length', async () => {
    finish = 'length';
    await expect(backend().complete(request, { signal: signal() })).resolves.toMatchObject({ finishReason: 'length' });
  });

  it('streams deltas to onDelta and takes usage from the final chunk', async () => {
    const deltas: string[] = [];
    const completion = await backend().complete(request, { signal: signal(), onDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['The answer', ' is 4.']);
    expect(completion).toEqual({ output: 'The answer is 4.', usage: { inputTokens: 12, outputTokens: 5 }, finishReason: 'stop' });
    expect(server.requests[0].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('sends image bytes as a data URL content part on the user message', async () => {
    await backend().complete({ ...request, attachments: [{ mimeType: 'image/png', data: new Uint8Array([1, 2, 3]) }] }, { signal: signal() });
    const messages = server.requests[0].body.messages as { role: string; content: unknown }[];
    expect(messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is 2+2?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } },
      ],
    });
  });

  it('sends an image URL as image_url and WAV bytes as an input_audio part, after the text', async () => {
    const attachments = [
      { mimeType: 'image/jpeg', uri: 'https://images.example.com/cat.jpg' },
      { mimeType: 'audio/wav', data: new Uint8Array([82, 73, 70, 70]) },
    ];
    await backend().complete({ ...request, attachments }, { signal: signal() });
    const messages = server.requests[0].body.messages as { role: string; content: unknown }[];
    expect(messages[1].content).toEqual([
      { type: 'text', text: 'What is 2+2?' },
      { type: 'image_url', image_url: { url: 'https://images.example.com/cat.jpg' } },
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
    ]);
  });

  it('refuses audio by URL (the API takes audio inline only) and video, naming the attachment, before any request', async () => {
    for (const attachment of [{ mimeType: 'audio/mpeg', uri: 's3://bucket/q.mp3' }, { mimeType: 'video/mp4', data: new Uint8Array([1]) }]) {
      await expect(backend().complete({ ...request, attachments: [attachment] }, { signal: signal() })).rejects.toMatchObject({
        code: 'UNSUPPORTED_ATTACHMENT',
        message: expect.stringContaining(`got ${attachment.mimeType}`),
      });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('classifies a 429 as a transient RATE_LIMITED error and does not retry it', async () => {
    status = 429;
    const error = await backend().complete(request, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ kind: 'transient', code: 'RATE_LIMITED', retryable: true, status: 429 });
    expect(server.requests).toHaveLength(1);
  });

  it('classifies a 401 as a permanent AUTH error', async () => {
    status = 401;
    await expect(backend().complete(request, { signal: signal() })).rejects.toMatchObject({ kind: 'permanent', code: 'AUTH', retryable: false });
  });

  it('classifies a 503 as a transient UPSTREAM_5XX error', async () => {
    status = 503;
    await expect(backend().complete(request, { signal: signal() })).rejects.toMatchObject({ kind: 'transient', code: 'UPSTREAM_5XX' });
  });

  it('ends a call to a hung server with a timeout error when the signal aborts', async () => {
    hang = true;
    await expect(backend().complete(request, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({
      kind: 'timeout',
      code: 'TIMEOUT',
      retryable: true,
    });
  });

  it('calls a keyless local endpoint with a placeholder key when no key is configured', async () => {
    const keyless = create(testModel({ id: 'local', provider: 'openai', endpoint: `${server.url}/v1` }), {});
    await keyless.complete(request, { signal: signal() });
    expect(server.requests[0].body.model).toBe('local');
    expect(server.requests[0].headers.authorization).toMatch(/^Bearer \S+/);
  });

  it('refuses to start when the configured key variable is unset, naming the variable', () => {
    expect(() => create(testModel({ id: 'gpt', provider: 'openai', endpoint: server.url, apiKeyEnv: 'MISSING_KEY_VAR' }), {})).toThrow(
      /MISSING_KEY_VAR/,
    );
  });
});

describe('OpenAI backend over raw HTTP/1.1, when the wire fails', () => {
  let server: FakeProviderServer;
  let respond: (res: import('node:http').ServerResponse) => void = () => undefined;
  beforeAll(async () => {
    server = await startFakeProvider((_req, res) => respond(res));
  });
  afterAll(() => server.close());
  const backend = () => createDirectBackend(testModel({ id: 'gpt', provider: 'openai', endpoint: `${server.url}/v1` }), {});

  it('ends a stream the upstream cut after a token with a CONNECTION error naming the model, after passing the token on', async () => {
    respond = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify(chunk({ content: 'partial' }))}\n\n`);
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const deltas: string[] = [];
    await expect(backend().complete(request, { signal: AbortSignal.timeout(5_000), onDelta: (d) => deltas.push(d) })).rejects.toMatchObject({
      code: 'CONNECTION',
      message: expect.stringMatching(/^gpt: .*mid-answer$/),
    });
    expect(deltas).toEqual(['partial']);
  });

  it('fails a stream with a chunk that is not JSON instead of throwing out of the socket', async () => {
    respond = (res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: {not json\n\n');
    await expect(backend().complete(request, { signal: AbortSignal.timeout(5_000), onDelta: () => undefined })).rejects.toBeInstanceOf(BackendError);
  });
});
