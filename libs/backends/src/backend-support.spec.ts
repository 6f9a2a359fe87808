import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job } from '@switchyard/contracts';
import { jobCodec } from '@switchyard/contracts';
import { readApiKey } from './api-key';
import { BackendError, classifyError } from './classify-error';
import { toCompletionRequest } from './completion-request';

describe('toCompletionRequest', () => {
  const decoded = (job: Parameters<typeof jobCodec.encode>[0]): Job => jobCodec.decode(jobCodec.encode(job));

  it('turns a prompt-only job into one user message and keeps attachments, limits and the reference', () => {
    const request = toCompletionRequest(
      decoded({
        id: 'j1',
        tenant: 't',
        prompt: 'Describe this',
        attachments: [{ mimeType: 'image/png', data: Buffer.from([1, 2]) }],
        maxOutputTokens: 99,
        attempt: 2,
        metadata: { k: 'v' },
        reference: { text: 'a cat' },
        classification: { taskType: 'vision' },
      }),
    );
    expect(request).toMatchObject({
      jobId: 'j1',
      messages: [{ role: 'user', content: 'Describe this' }],
      maxOutputTokens: 99,
      attempt: 2,
      taskType: 'vision',
      metadata: { k: 'v' },
      reference: 'a cat',
    });
    expect(request.attachments).toHaveLength(1);
    expect(Array.from(request.attachments[0].data!)).toEqual([1, 2]);
  });

  it('uses the job messages when present and leaves unset limits out', () => {
    const request = toCompletionRequest(decoded({ id: 'j2', tenant: 't', prompt: 'ignored', messages: [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }] }));
    expect(request.messages).toEqual([
      { role: 'system', content: 's' },
      { role: 'user', content: 'u' },
    ]);
    expect(request).not.toHaveProperty('maxOutputTokens');
    expect(request).not.toHaveProperty('reference');
  });
});

describe('readApiKey', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'keys-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the key from the environment variable first, then the file', () => {
    const file = join(dir, 'key');
    writeFileSync(file, 'from-file\n');
    expect(readApiKey({ id: 'm', apiKeyEnv: 'K', apiKeyFile: file }, { K: 'from-env' })).toBe('from-env');
    expect(readApiKey({ id: 'm', apiKeyEnv: 'K', apiKeyFile: file }, {})).toBe('from-file');
  });

  it('treats a model naming no key source as keyless', () => {
    expect(readApiKey({ id: 'm' }, { OPENAI_API_KEY: 'x' })).toBeUndefined();
  });

  it('names the missing file without printing any key', () => {
    const missing = join(dir, 'absent');
    expect(() => readApiKey({ id: 'm', apiKeyFile: missing }, {})).toThrow(`apiKeyFile "${missing}" cannot be read (ENOENT)`);
  });
});

describe('classifyError', () => {
  it('classifies anything aborted by the signal as a timeout', () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyError(new Error('socket closed'), controller.signal)).toMatchObject({ kind: 'timeout', code: 'TIMEOUT', retryable: true });
  });

  it('keeps an already classified error as it is', () => {
    const error = new BackendError('REPLAY_UNKNOWN_PROMPT', 'x');
    expect(classifyError(error)).toBe(error);
  });

  it('classifies an unrecognised error as permanent, so the worker falls back instead of retrying', () => {
    expect(classifyError(new TypeError('boom'))).toMatchObject({ kind: 'permanent', code: 'UNKNOWN', retryable: false });
  });

  it('converts to the ErrorInfo carried on results', () => {
    expect(new BackendError('RATE_LIMITED', 'slow down').toErrorInfo()).toEqual({ code: 'RATE_LIMITED', message: 'slow down', retryable: true });
  });
});
