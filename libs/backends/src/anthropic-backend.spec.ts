import { BackendError } from './classify-error';
import type { CompletionRequest } from './completion';
import { createBackend } from './create-backend';
import { startFakeProvider, writeJson, writeSse, type FakeProviderServer } from './fake-provider-server';
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic-backend';
import { testModel } from './test-model';

const request: CompletionRequest = {
  jobId: 'job-1',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Name a prime.' },
  ],
  attachments: [],
  metadata: {},
};

const message = (text: string, stopReason: string) => ({
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-test',
  content: [{ type: 'text', text }],
  stop_reason: stopReason,
  stop_sequence: null,
  usage: { input_tokens: 9, output_tokens: 2 },
});

describe('Anthropic backend', () => {
  let server: FakeProviderServer;
  let status = 200;
  let hang = false;
  let stopReason = 'end_turn';

  beforeAll(async () => {
    server = await startFakeProvider((req, res) => {
      if (hang) return;
      if (status !== 200) return writeJson(res, status, { type: 'error', error: { type: 'test_error', message: `status ${status}` } });
      if (!req.body.stream) return writeJson(res, 200, message('7', stopReason));
      writeSse(res, [
        { event: 'message_start', data: { type: 'message_start', message: { ...message('', stopReason), content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 1 } } } },
        { event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } },
        { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Seven' } } },
        { event: 'content_block_delta', data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' is prime.' } } },
        { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
        { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 4 } } },
        { event: 'message_stop', data: { type: 'message_stop' } },
      ]);
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    status = 200;
    hang = false;
    stopReason = 'end_turn';
  });

  const backend = () =>
    createBackend(testModel({ id: 'claude', provider: 'anthropic', endpoint: server.url, providerModel: 'claude-test', apiKeyEnv: 'TEST_ANTHROPIC_KEY' }), {
      TEST_ANTHROPIC_KEY: 'sk-ant-secret',
    });
  const signal = () => AbortSignal.timeout(5_000);

  it('splits system messages out and defaults max_tokens', async () => {
    const completion = await backend().complete(request, { signal: signal() });
    expect(completion).toEqual({ output: '7', usage: { inputTokens: 9, outputTokens: 2 }, finishReason: 'stop' });
    const sent = server.requests[0];
    expect(sent.path).toBe('/v1/messages');
    // SDK versions differ in the header that carries the key (x-api-key or a bearer token).
    expect(sent.headers['x-api-key'] ?? sent.headers.authorization).toMatch(/sk-ant-secret$/);
    expect(sent.body).toMatchObject({
      model: 'claude-test',
      system: 'Be brief.',
      max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: 'Name a prime.' }],
    });
  });

  it('streams text deltas to onDelta and reports input and output tokens', async () => {
    const deltas: string[] = [];
    const completion = await backend().complete({ ...request, maxOutputTokens: 50 }, { signal: signal(), onDelta: (d) => deltas.push(d) });
    expect(deltas).toEqual(['Seven', ' is prime.']);
    expect(completion).toEqual({ output: 'Seven is prime.', usage: { inputTokens: 9, outputTokens: 4 }, finishReason: 'stop' });
    expect(server.requests[0].body).toMatchObject({ stream: true, max_tokens: 50 });
  });

  it('maps stop reason max_tokens to finishReason length', async () => {
    stopReason = 'max_tokens';
    await expect(backend().complete(request, { signal: signal() })).resolves.toMatchObject({ finishReason: 'length' });
    await expect(backend().complete(request, { signal: signal(), onDelta: () => undefined })).resolves.toMatchObject({ finishReason: 'length' });
  });

  it('sends image bytes as a base64 image block before the question', async () => {
    await backend().complete({ ...request, attachments: [{ mimeType: 'image/jpeg', data: new Uint8Array([255, 216]) }] }, { signal: signal() });
    expect(server.requests[0].body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9g=' } },
          { type: 'text', text: 'Name a prime.' },
        ],
      },
    ]);
  });

  it('sends an image URL as a url image block and a PDF as a base64 document block', async () => {
    const attachments = [
      { mimeType: 'image/png', uri: 'https://images.example.com/chart.png' },
      { mimeType: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]) },
    ];
    await backend().complete({ ...request, attachments }, { signal: signal() });
    const [message] = server.requests[0].body.messages as { content: unknown }[];
    expect(message.content).toEqual([
      { type: 'image', source: { type: 'url', url: 'https://images.example.com/chart.png' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERg==' } },
      { type: 'text', text: 'Name a prime.' },
    ]);
  });

  it('rejects audio (the Messages API takes none) as a permanent error instead of dropping it', async () => {
    await expect(backend().complete({ ...request, attachments: [{ mimeType: 'audio/wav', data: new Uint8Array([1]) }] }, { signal: signal() })).rejects.toMatchObject({
      code: 'UNSUPPORTED_ATTACHMENT',
      kind: 'permanent',
      message: expect.stringContaining('converter step'),
    });
    expect(server.requests).toHaveLength(0);
  });

  it('classifies a 429 as a transient RATE_LIMITED error and does not retry it', async () => {
    status = 429;
    const error = await backend().complete(request, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ kind: 'transient', code: 'RATE_LIMITED', retryable: true });
    expect(server.requests).toHaveLength(1);
  });

  it('classifies a 401 as a permanent AUTH error', async () => {
    status = 401;
    await expect(backend().complete(request, { signal: signal() })).rejects.toMatchObject({ kind: 'permanent', code: 'AUTH', retryable: false });
  });

  it('classifies a 400 as an invalid request that no fallback can fix', async () => {
    status = 400;
    await expect(backend().complete(request, { signal: signal() })).rejects.toMatchObject({ kind: 'invalid_request', code: 'BAD_REQUEST', retryable: false });
  });

  it('ends a streaming call to a hung server with a timeout error when the signal aborts', async () => {
    hang = true;
    await expect(backend().complete(request, { signal: AbortSignal.timeout(100), onDelta: () => undefined })).rejects.toMatchObject({
      kind: 'timeout',
      code: 'TIMEOUT',
    });
  });
});
