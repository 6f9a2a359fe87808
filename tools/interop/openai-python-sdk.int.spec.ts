/**
 * The official `openai` Python package from PyPI (the venv of scripts/test-tools.sh), unchanged, against
 * a running router's OpenAI-compatible API on real Kafka and Redis: unary, streamed, every error status,
 * and a cancelled stream that the backend sees closed while the Python process is still alive.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';
import { testTool } from '../jest/test-tools';
import { ECHO_TOKENS, ECHO_USAGE, startInteropRouter, startInteropUpstream, type InteropRouter, type InteropUpstream } from './openai-interop-fixture';
import { waitUntil, waitUntilServing } from './openai-interop-wait';

interface Failure {
  status: number | null;
  class: string;
  param: string | null;
  code: string | null;
  type: string;
  retry_after: string | null;
}

interface PythonReport {
  unary: { content: string; model: string; finish_reason: string; usage: object; id: string; headers: Record<string, string | null> };
  stream: { id: string; choices: { delta: { role?: string; content?: string | null }; finish_reason: string | null }[]; usage: object | null }[];
  errors: Record<'400' | '401' | '403' | '404' | '429' | '503' | '504', Failure>;
  midfail: { deltas: string[]; error: { class: string; message: string } | null };
  cancel_first_token: string | null;
}

describe('the official openai Python package against the router', () => {
  let upstream: InteropUpstream;
  let router: InteropRouter;
  let python: ChildProcessWithoutNullStreams;
  let report: PythonReport;

  beforeAll(async () => {
    const interpreter = testTool('python');
    upstream = await startInteropUpstream();
    router = await startInteropRouter(upstream.url, { brokers: (process.env.KAFKA_BROKERS ?? '').split(','), redisUrl: process.env.REDIS_URL ?? '' });
    const probe = new OpenAI({ baseURL: router.baseUrl, apiKey: router.tokens.acme, maxRetries: 0 });
    await waitUntilServing(() => probe.chat.completions.create({ model: 'echo-model', messages: [{ role: 'user', content: 'ready?' }] }));
    python = spawn(interpreter, [path.join(__dirname, 'openai_python_client.py')], {
      env: { ...process.env, SWITCHYARD_BASE_URL: router.baseUrl, SWITCHYARD_TOKENS: JSON.stringify(router.tokens) },
    });
    let stderr = '';
    python.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const firstLine = new Promise<string>((resolve, reject) => {
      createInterface({ input: python.stdout }).once('line', resolve);
      python.once('exit', (code) => reject(new Error(`the Python client exited (${code}) before reporting:\n${stderr}`)));
    });
    report = JSON.parse(await firstLine) as PythonReport;
  });

  afterAll(async () => {
    python?.stdin.end();
    await router?.stop();
    await upstream?.close();
  });

  it('gets a unary answer with the model that answered, its usage and the decision headers', () => {
    expect(report.unary).toMatchObject({ content: ECHO_TOKENS.join(''), model: 'echo-model', finish_reason: 'stop', usage: ECHO_USAGE });
    expect(report.unary.headers).toMatchObject({ 'x-switchyard-model': 'echo-model', 'x-switchyard-pool': 'echo-model-direct', 'x-switchyard-strategy': 'least-loaded', 'x-switchyard-route': 'default' });
    expect(report.unary.id).toBe(`chatcmpl-${report.unary.headers['x-switchyard-job-id']}`);
  });

  it('reads a stream: tokens in order, then the finish reason, then the usage in a last chunk without choices', () => {
    const deltas = report.stream.flatMap((c) => (c.choices[0]?.delta.content ? [c.choices[0].delta.content] : []));
    expect(deltas).toEqual(ECHO_TOKENS);
    expect(report.stream.at(-2)?.choices[0].finish_reason).toBe('stop');
    expect(report.stream.at(-1)).toMatchObject({ choices: [], usage: ECHO_USAGE });
  });

  it.each([
    ['400', 'BadRequestError'],
    ['401', 'AuthenticationError'],
    ['403', 'PermissionDeniedError'],
    ['404', 'NotFoundError'],
    ['429', 'RateLimitError'],
    ['503', 'InternalServerError'],
    ['504', 'InternalServerError'],
  ] as const)('raises the SDK exception for HTTP %s (%s)', (status, exceptionClass) => {
    expect(report.errors[status]).toMatchObject({ status: Number(status), class: exceptionClass });
  });

  it('sees the field named on a 400, model on a 404, and when to retry on a 429', () => {
    expect(report.errors['400']).toMatchObject({ param: 'messages[0].role', type: 'invalid_request_error' });
    expect(report.errors['404']).toMatchObject({ param: 'model', code: 'model_not_found' });
    expect(Number(report.errors['429'].retry_after)).toBeGreaterThanOrEqual(1);
  });

  it('raises an APIError naming the model when a stream fails after its first token', () => {
    expect(report.midfail.deltas).toEqual(['first']);
    expect(report.midfail.error?.class).toBe('APIError');
    expect(report.midfail.error?.message).toContain('midfail-model');
  });

  it('aborts the backend call when the SDK closes a stream it stopped reading', async () => {
    expect(report.cancel_first_token).toBe('first');
    expect(python.exitCode).toBeNull();
    await waitUntil(() => upstream.aborted.includes('python cancel'), 'the upstream to see the Python client close its stream');
    await waitUntil(() => upstream.aborted.includes('python deadline'), 'the upstream to see the deadline abort');
  });
});
