import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteDecision } from '@switchyard/contracts';
import type { Caller, Gateway, TokenEvent } from '@switchyard/gateway';
import { ApiError, chatCompletionBody, CompletionChunks, decisionHeaders, type ModelCatalog, parseChatCall, toApiError, toSyncRequest } from '@switchyard/openai-compat';
import type { Logger } from '@switchyard/telemetry';

export interface ChatCompletionsDeps {
  gateway: Gateway;
  catalog: ModelCatalog;
  logger: Logger;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

/**
 * `POST /v1/chat/completions` over the gateway: the body becomes the same request a gRPC caller sends,
 * answered as one `chat.completion` or as a stream of chunks. A caller that disconnects aborts the call,
 * and through it the backend's.
 */
export async function serveChatCompletion(body: unknown, caller: Caller, req: IncomingMessage, res: ServerResponse, deps: ChatCompletionsDeps): Promise<void> {
  const call = parseChatCall(body, req.headers);
  const target = deps.catalog.resolve(call.model);
  const now = Date.now();
  const jobId = randomUUID();
  const request = toSyncRequest(call, target, caller, jobId, now);
  const created = Math.floor(now / 1000);
  const cancel = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) cancel.abort(new Error('the HTTP client disconnected'));
  });
  if (!call.stream) {
    const result = await deps.gateway.complete(request, { signal: cancel.signal });
    res.writeHead(200, { ...JSON_HEADERS, ...decisionHeaders(result.jobId, result.model, result.pool, result.decision) }).end(chatCompletionBody(result, created));
    return;
  }
  const chunks = new CompletionChunks(jobId, created, call.includeUsage);
  // Headers wait for the first token: until then a failure (or a fallback) can still be a plain error status.
  const open = (model: string, pool: string, decision: RouteDecision | null | undefined) => {
    res.writeHead(200, { ...SSE_HEADERS, ...decisionHeaders(jobId, model, pool, decision) });
    res.write(chunks.role(model));
  };
  const onToken = (token: TokenEvent) => {
    if (!res.headersSent) open(token.model, token.pool, token.decision);
    res.write(chunks.token(token.model, token.delta));
  };
  try {
    const result = await deps.gateway.complete(request, { signal: cancel.signal, onToken });
    if (!res.headersSent) open(result.model, result.pool, result.decision);
    res.end(chunks.finish(result));
  } catch (error) {
    if (!res.headersSent) throw error;
    const apiError = toApiError(error);
    logFailure(deps.logger, apiError, error, jobId);
    res.end(chunks.error(apiError));
  }
}

/**
 * A bug (500) at error level with its cause; no model able to answer in time (502-504) at warn; a caller's
 * mistake, limit or disconnect at debug: the caller sees those, the operator's metrics count them.
 */
export function logFailure(logger: Logger, apiError: ApiError, error: unknown, jobId?: string): void {
  const fields = { status: apiError.status, code: apiError.code, param: apiError.param, jobId };
  if (apiError.status === 500) logger.error({ ...fields, err: error }, 'chat completion failed');
  else if (apiError.status > 500) logger.warn(fields, 'chat completion failed');
  else logger.debug(fields, 'chat completion refused');
}
