/**
 * What the OpenAI SDK interop tests run against: a real router process (its own topic and key prefixes,
 * the OpenAI API on a port it chose) whose models are one fake OpenAI-compatible upstream in the test
 * process, behaving by the provider model it is asked for. Test support only.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { startFakeProvider, writeJson, writeSse, type FakeProviderServer, type RecordedRequest } from '@switchyard/backends';
import type { ConfigDocument } from '@switchyard/config';
import { hashToken } from '@switchyard/gateway';
import { makeRunDir, ServiceProcess, writeRunConfig } from '@switchyard/harness';
import { topicNames } from '@switchyard/messaging';

/** The answer of `echo`, streamed one piece per chunk. */
export const ECHO_TOKENS = ['Hel', 'lo', ' from', ' echo'];
export const ECHO_USAGE = { prompt_tokens: 11, completion_tokens: ECHO_TOKENS.length, total_tokens: 11 + ECHO_TOKENS.length };

/**
 * Upstream behaviours, by provider model: `echo` answers (unary or SSE), `broken` fails with 500, `hang`
 * never answers, `stall` streams its role chunk and one token and then waits, `midfail` streams one
 * token and then drops the connection.
 */
export interface InteropUpstream {
  url: string;
  /** The last user message of every request whose connection closed before its answer ended: the backend saw the abort. */
  aborted: string[];
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function lastUserText(request: RecordedRequest): string {
  const messages = (request.body.messages ?? []) as { role: string; content: unknown }[];
  return String([...messages].reverse().find((m) => m.role === 'user')?.content ?? '');
}

function chunk(model: string, delta: object, finish: string | null): { data: unknown } {
  return { data: { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] } };
}

export async function startInteropUpstream(): Promise<InteropUpstream> {
  const aborted: string[] = [];
  const respond = (request: RecordedRequest, res: ServerResponse) => {
    res.once('close', () => {
      if (!res.writableFinished) aborted.push(lastUserText(request));
    });
    const model = String(request.body.model);
    if (model === 'broken') return writeJson(res, 500, { error: { message: 'upstream is down', type: 'server_error', param: null, code: null } });
    if (model === 'hang') return;
    if (model === 'stall' || model === 'midfail') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify(chunk(model, { role: 'assistant', content: '' }, null).data)}\n\n`);
      res.write(`data: ${JSON.stringify(chunk(model, { content: 'first' }, null).data)}\n\n`);
      // Dropped once the token is out, so the router has sent it on before the failure reaches it.
      if (model === 'midfail') setTimeout(() => res.destroy(), 100);
      return;
    }
    if (!request.body.stream) {
      return writeJson(res, 200, { id: 'chatcmpl-fake', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: ECHO_TOKENS.join('') }, finish_reason: 'stop' }], usage: ECHO_USAGE });
    }
    writeSse(res, [
      chunk(model, { role: 'assistant', content: '' }, null),
      ...ECHO_TOKENS.map((t) => chunk(model, { content: t }, null)),
      chunk(model, {}, 'stop'),
      { data: { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1, model, choices: [], usage: ECHO_USAGE } },
      { data: '[DONE]' },
    ]);
  };
  const server: FakeProviderServer = await startFakeProvider(respond);
  return { url: server.url, aborted, requests: server.requests, close: () => server.close() };
}

/** Bearer tokens of the run's tenants: `acme` may use every model, `restricted` only `echo-model`, each `limited-*` one request a minute. */
export interface InteropTokens {
  acme: string;
  restricted: string;
  limitedNode: string;
  limitedPython: string;
}

export interface InteropRouter {
  /** `http://127.0.0.1:<port>/v1`, an SDK's base URL. */
  baseUrl: string;
  /** Where the router publishes each call's Result. */
  resultsTopic: string;
  /** `127.0.0.1:<port>` of the router's gRPC front door. */
  grpcAddress: string;
  tokens: InteropTokens;
  logDir: string;
  stop(): Promise<void>;
}

const model = (id: string, providerModel: string, accuracy: number) => ({
  id,
  provider: 'openai' as const,
  providerModel,
  pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 2 },
  contextWindow: 16_000,
  profile: { accuracy },
  // Under the tests' 300 ms deadline, so the engine lets the call run into it instead of refusing it up front.
  latencyPriorMs: 10,
  timeoutMs: 30_000,
});

/**
 * Starts the router with four models on the fake upstream, each in a pool the router calls directly.
 * Routes: `default` (echo-model only) and `fallback` (broken-model first by priority, echo-model next).
 */
export async function startInteropRouter(upstreamUrl: string, infra: { brokers: string[]; redisUrl: string }): Promise<InteropRouter> {
  const prefix = `openai-interop-${randomUUID().slice(0, 8)}`;
  const tokens: InteropTokens = { acme: `acme-${randomUUID()}`, restricted: `restricted-${randomUUID()}`, limitedNode: `ln-${randomUUID()}`, limitedPython: `lp-${randomUUID()}` };
  const endpoint = `${upstreamUrl}/v1`;
  const models = [model('echo-model', 'echo', 0.5), model('broken-model', 'broken', 0.9), model('hang-model', 'hang', 0.1), model('stall-model', 'stall', 0.1), model('midfail-model', 'midfail', 0.1)].map((m) => ({ ...m, endpoint }));
  const document: ConfigDocument = {
    kafka: { brokers: infra.brokers, topicPrefix: `${prefix}.`, partitions: 1 },
    redis: { url: infra.redisUrl, keyPrefix: `${prefix}:` },
    models,
    pools: models.map((m) => ({ id: `${m.id}-direct`, model: m.id, concurrency: 8, direct: true })),
    routing: {
      routes: {
        default: { policy: 'least-loaded', candidates: ['echo-model'] },
        fallback: { policy: 'priority', priority: { accuracy: 1 }, candidates: ['broken-model', 'echo-model'] },
      },
      // The tests fail broken-model on purpose; its breaker must not turn the 503 they expect into another answer.
      breaker: { consecutiveFailures: 1_000, baseEjectionMs: 1_000, maxEjectionMs: 1_000 },
    },
    tenants: [
      { id: 'acme', tokenSha256: [hashToken(tokens.acme)] },
      { id: 'restricted', allowModels: ['echo-model'], tokenSha256: [hashToken(tokens.restricted)] },
      { id: 'limited-node', requestsPerMinute: 1, tokenSha256: [hashToken(tokens.limitedNode)] },
      { id: 'limited-python', requestsPerMinute: 1, tokenSha256: [hashToken(tokens.limitedPython)] },
    ],
    openaiApi: { port: 0 },
    ports: { routerHttp: 0, routerGrpc: 0 },
    telemetry: { logLevel: 'info', logPrompts: false },
  };
  const logDir = makeRunDir(prefix);
  const { file } = writeRunConfig(logDir, document);
  const router = new ServiceProcess({ service: 'router', instance: 'router-openai-interop', env: { ...process.env, SWITCHYARD_CONFIG: file }, logFile: path.join(logDir, 'router.log') });
  router.start();
  try {
    const line = await router.waitForLog((l) => typeof l.openaiApiPort === 'number', 180_000);
    const grpc = await router.waitForLog((l) => typeof l.grpcPort === 'number');
    return { baseUrl: `http://127.0.0.1:${line.openaiApiPort as number}/v1`, resultsTopic: topicNames(`${prefix}.`).results, grpcAddress: `127.0.0.1:${grpc.grpcPort as number}`, tokens, logDir, stop: () => router.stop('SIGTERM').then(() => undefined) };
  } catch (error) {
    await router.stop('SIGKILL');
    throw error;
  }
}
