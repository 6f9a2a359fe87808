import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { classifyError, completionResult, type Completion } from '@switchyard/backends';
import type { Classifier } from '@switchyard/classification';
import { costUsd, type ModelConfig, type SwitchyardConfig, type TenantConfig } from '@switchyard/config';
import { completeJob, resultCodec, type Classification, type Job, type JobInput, type RouteDecision } from '@switchyard/contracts';
import { runPipelineInProcess } from '@switchyard/pipelines';
import { admission, RoutingError, type LiveSnapshot, type RoutingEngine } from '@switchyard/routing';
import { SPAN_ATTRIBUTES } from '@switchyard/telemetry';
import { attemptPlan, decisionFor, type PoolTarget } from './attempt-plan';
import { callSignal } from './call-signal';
import type { Gateway } from './gateway';
import { GatewayError } from './gateway-error';
import type { PoolCaller } from './pool-caller';
import { requestJob } from './request-job';
import type { ResultSink } from './result-publisher';
import { routingFailure } from './routing-failure';
import type { CallOptions, CompletionResult, RouteAnswer, SyncRequest } from './sync-request';
import type { UsageGate } from './usage-gate';

export interface GatewayDeps {
  config: SwitchyardConfig;
  /** The router's one engine (the Kafka path's too), built from `withPinnedModelRoutes(config)`. */
  engine: RoutingEngine;
  /** The router's live snapshot, as its Kafka path reads it. */
  snapshot: () => LiveSnapshot;
  /** The classifier in use (a ClassifierProvider: the same lib and artifact as the classifier service). */
  classifier: { current(): Classifier };
  usage: Pick<UsageGate, 'admit'>;
  /** How a pool is reached: straight to its upstream, or through its workers. */
  poolCaller(poolId: string): PoolCaller;
  results: ResultSink;
  tracer?: Tracer;
  now?: () => number;
  /** The scorers' quality (0..1, null when none applies) of an answer a pipeline's pick chooses from; without it a pick keeps the cheapest answer. */
  scorePipelineAnswer?: (answer: CompletionResult) => Promise<number | null>;
}

/** The synchronous path (see Gateway); the gRPC and HTTP front doors share one. */
export function createGateway(deps: GatewayDeps): Gateway {
  const now = deps.now ?? Date.now;
  const models = new Map<string, ModelConfig>(deps.config.models.map((m) => [m.id, m]));
  const tenants = new Map<string, TenantConfig>(deps.config.tenants.map((t) => [t.id, t]));
  const maxAttempts = deps.config.routing.maxAttempts;
  const admit = admission(deps.config);

  function classify(job: Job): Classification {
    return deps.classifier.current().classify(job);
  }

  /** The job as routing and limits see it (an unknown tenant's stand-in), as the Kafka path's router admits it. */
  function admitted(job: Job, at: number): Job {
    const outcome = admit(job, at);
    if ('error' in outcome) throw routingFailure(outcome.error, undefined, at);
    return outcome.job;
  }

  function decide(job: Job, at: number): RouteDecision {
    try {
      return deps.engine.decide(job, deps.snapshot(), at);
    } catch (err) {
      if (err instanceof RoutingError) throw routingFailure(err, tenants.get(job.tenant), at);
      throw err;
    }
  }

  function route(request: SyncRequest): RouteAnswer {
    const at = now();
    const unclassified = requestJob(request, at);
    const job = { ...unclassified, classification: classify(unclassified) };
    const decision = decide(admitted(job, at), at);
    return { decision, classification: job.classification, job: { ...job, decision } };
  }

  async function complete(request: SyncRequest, options: CallOptions = {}): Promise<CompletionResult> {
    if (request.job.pipeline) return completePipeline(request.job.pipeline, request, options);
    const started = now();
    const unclassified = requestJob(request, started, options.deadlineUnixMs);
    const classified: Job = { ...unclassified, classification: classify(unclassified) };
    const routedAs = admitted(classified, started);
    const decision = decide(routedAs, started);
    // The job keeps its own tenant on the way to the model and in its result; limits count against the tenant it was routed as.
    const job: Job = { ...classified, decision };
    const span = deps.tracer?.startSpan('sync complete', { kind: SpanKind.INTERNAL, attributes: { [SPAN_ATTRIBUTES.jobId]: job.id, [SPAN_ATTRIBUTES.tenant]: job.tenant } });
    try {
      const ticket = await deps.usage.admit(routedAs, decision);
      try {
        const result = await callInOrder(job, decision, options, started);
        ticket.settle({ tokens: result.usage.inputTokens + result.usage.outputTokens, costUsd: result.costUsd });
        deps.results.add(result, job);
        span?.setAttributes({ [SPAN_ATTRIBUTES.model]: result.model, [SPAN_ATTRIBUTES.pool]: result.pool, [SPAN_ATTRIBUTES.attempt]: result.attempt });
        return result;
      } catch (err) {
        ticket.settle({ tokens: 0, costUsd: 0 });
        throw err;
      }
    } catch (err) {
      span?.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof GatewayError ? err.code : String(err) });
      throw err;
    } finally {
      span?.end();
    }
  }

  /**
   * A job naming a pipeline runs its steps here, in process (libs/pipelines),
   * each step one more synchronous complete: routed, admitted, called with
   * fallbacks and published like any call. Tokens are not streamed; the
   * pipeline's result (every step, the totals) is published and returned.
   */
  async function completePipeline(name: string, request: SyncRequest, options: CallOptions): Promise<CompletionResult> {
    const pipeline = deps.config.pipelines[name];
    if (!pipeline) throw new GatewayError('not_found', `pipeline: names unknown pipeline "${name}" (known: ${Object.keys(deps.config.pipelines).join(', ') || 'none configured'})`, { field: 'pipeline' });
    const at = now();
    const unclassified = requestJob(request, at, options.deadlineUnixMs);
    admitted(unclassified, at);
    const origin: Job = { ...unclassified, classification: classify(unclassified) };
    const failures = new Map<string, unknown>();
    const outcome = await runPipelineInProcess(name, pipeline, origin, {
      complete: (job) =>
        complete({ job, caller: request.caller }, { signal: options.signal, deadlineUnixMs: options.deadlineUnixMs }).catch((err: unknown) => {
          failures.set(job.id ?? '', err);
          throw err;
        }),
      score: (_job, answer) => deps.scorePipelineAnswer?.(answer) ?? Promise.resolve(null),
      now,
    });
    if (outcome.kind === 'failed') {
      const cause = failures.get(`${origin.id}/${outcome.step}`);
      const kind = cause instanceof GatewayError ? cause.kind : 'unavailable';
      throw new GatewayError(kind, `pipeline "${name}": ${outcome.reason}`, { code: 'PIPELINE_STEP_FAILED', cause });
    }
    deps.results.add(outcome.result, origin);
    const { usage, ...result } = resultCodec.decode(resultCodec.encode(outcome.result));
    return { ...result, usage: usage ?? { inputTokens: 0, outputTokens: 0 } };
  }

  /** Tries the decision's model, then its fallbacks, until one answers; only before the first token is a failure hidden. */
  async function callInOrder(job: Job, decision: RouteDecision, options: CallOptions, started: number): Promise<CompletionResult> {
    const failures: string[] = [];
    const tried: string[] = [];
    for (const target of attemptPlan(decision, maxAttempts)) {
      const model = models.get(target.model);
      if (!model) continue;
      const answering = decisionFor(decision, target, failures);
      const attemptJob: Job = { ...job, attempt: tried.length, triedModels: [...tried], decision: answering };
      const limits = callSignal(options.signal, job.deadlineUnixMs, model.timeoutMs, now());
      let sent = 0;
      const onToken = options.onToken;
      const onDelta = onToken
        ? (delta: string) => {
            sent += 1;
            onToken({ delta, model: target.model, pool: target.pool, decision: answering });
          }
        : undefined;
      try {
        const completion = await deps.poolCaller(target.pool).call({ job: attemptJob, target, signal: limits.signal, onDelta });
        return resultOf(attemptJob, target, model, completion, now() - started);
      } catch (err) {
        const cause = limits.cause();
        if (cause === 'cancelled') throw new GatewayError('cancelled', `the caller cancelled the call to ${target.model}`, { model: target.model, code: 'CANCELLED', cause: err });
        if (cause === 'deadline') throw new GatewayError('deadline_exceeded', `the deadline passed while ${target.model} was answering`, { model: target.model, code: 'DEADLINE_EXCEEDED', cause: err });
        const error = classifyError(err, cause === 'timeout' ? limits.signal : undefined);
        if (sent > 0) {
          throw new GatewayError('upstream_failed', `${target.model} (pool ${target.pool}) failed after ${sent} streamed token(s): ${error.code}: ${error.message}`, { model: target.model, code: error.code, cause: err });
        }
        if (error.kind === 'invalid_request') {
          throw new GatewayError('invalid_argument', `messages: ${target.model} rejected the request: ${error.message}`, { field: 'messages', model: target.model, code: error.code, cause: err });
        }
        failures.push(`${target.model} (pool ${target.pool}) failed: ${error.code}: ${error.message}`);
        tried.push(target.model);
      } finally {
        limits.dispose();
      }
    }
    throw new GatewayError('unavailable', `no model answered: ${failures.join('; ') || 'no model to try'}`, { code: 'ALL_ATTEMPTS_FAILED' });
  }

  return {
    route,
    complete,
    classify: (job: JobInput) => classify(completeJob(job)),
  };
}

function resultOf(job: Job, target: PoolTarget, model: ModelConfig, completion: Completion, latencyMs: number): CompletionResult {
  const costUsdOfCall = costUsd(model.pricing, completion.usage.inputTokens, completion.usage.outputTokens);
  return completionResult(job, completion, { model: target.model, pool: target.pool, latencyMs, costUsd: costUsdOfCall, completedUnixMs: Date.now() });
}
