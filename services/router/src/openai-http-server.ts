import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SwitchyardConfig } from '@switchyard/config';
import type { Gateway, TenantAuth } from '@switchyard/gateway';
import { ApiError, invalidField, ModelCatalog, toApiError } from '@switchyard/openai-compat';
import type { Logger } from '@switchyard/telemetry';
import { logFailure, serveChatCompletion, type ChatCompletionsDeps } from './chat-completions';

/** What the server needs besides the config: the shared gateway and auth of the router's front doors. */
export interface OpenAIHttpServerDeps {
  gateway: Gateway;
  auth: TenantAuth;
  logger: Logger;
}

interface ServerContext extends ChatCompletionsDeps {
  auth: TenantAuth;
  maxBodyBytes: number;
}

export interface OpenAIHttpServer {
  port: number;
  /** Stops accepting connections, lets calls in flight finish (up to the drain timeout), then closes the rest. */
  close(): Promise<void>;
}

/**
 * Longer than the SDKs' idle keep-alive (Node's agent and httpx keep a socket about 5 s), so the client,
 * not the server, closes an idle connection and never reuses one the server just dropped.
 */
const KEEP_ALIVE_MS = 65_000;

/**
 * The OpenAI-compatible front door of the router (`openaiApi` in the config): plain node:http with
 * keep-alive, no framework on the hot path. Logs the port it bound as `openaiApiPort`.
 */
export async function startOpenAIHttpServer(config: Pick<SwitchyardConfig, 'openaiApi' | 'models' | 'routing' | 'pipelines'>, deps: OpenAIHttpServerDeps): Promise<OpenAIHttpServer> {
  const { port, maxBodyBytes, drainTimeoutMs } = config.openaiApi;
  const context: ServerContext = { ...deps, catalog: new ModelCatalog(config, Math.floor(Date.now() / 1000)), maxBodyBytes };
  const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, (req, res) => {
    dispatch(req, res, context).catch((error: unknown) => answerError(res, deps.logger, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  deps.logger.info({ openaiApiPort: bound }, 'OpenAI-compatible API listening');
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

async function dispatch(req: IncomingMessage, res: ServerResponse, options: ServerContext): Promise<void> {
  const path = (req.url ?? '/').split('?', 1)[0];
  if (path === '/v1/chat/completions') {
    if (req.method !== 'POST') throw methodNotAllowed(req.method, 'POST');
    const caller = options.auth.authenticate(req.headers.authorization);
    const body = await readJsonBody(req, options.maxBodyBytes);
    await serveChatCompletion(body, caller, req, res, options);
    return;
  }
  if (path === '/v1/models' || path.startsWith('/v1/models/')) {
    if (req.method !== 'GET') throw methodNotAllowed(req.method, 'GET');
    options.auth.authenticate(req.headers.authorization);
    const body = path === '/v1/models' ? options.catalog.list() : options.catalog.entry(modelName(path.slice('/v1/models/'.length)));
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  throw new ApiError(404, 'not_found_error', 'unknown_url', `no endpoint ${req.method} ${path} (this API serves POST /v1/chat/completions, GET /v1/models)`);
}

/** A model name from the path (`switchyard%2Fauto` or `switchyard/auto`); a malformed escape is kept as sent, and is then unknown. */
function modelName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function methodNotAllowed(method: string | undefined, allowed: string): ApiError {
  return new ApiError(405, 'invalid_request_error', 'method_not_allowed', `${method} is not allowed here; use ${allowed}`);
}

function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    // Read and dropped, so the connection stays in step and the client reads the 413 instead of a reset.
    req.resume();
    return Promise.reject(tooLarge(maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped (the server's requestTimeout bounds how long).
      if (size > maxBytes) reject(tooLarge(maxBytes));
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > maxBytes) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks, size).toString('utf8')));
      } catch {
        reject(invalidField('body', 'is not valid JSON', 'invalid_json'));
      }
    });
  });
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'invalid_request_error', 'request_too_large', `body: larger than ${maxBytes} bytes (openaiApi.maxBodyBytes)`);
}

function answerError(res: ServerResponse, logger: Logger, error: unknown): void {
  const apiError = toApiError(error);
  logFailure(logger, apiError, error);
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiError.retryAfterSeconds !== undefined) headers['retry-after'] = String(apiError.retryAfterSeconds);
  res.writeHead(apiError.status, headers).end(apiError.body());
}
