import { createNoopMeter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { completeJob, decodeJob, jobCodec, type Job, type RouteDecision } from '@switchyard/contracts';
import { HEADERS, topicNames, type InboundMessage } from '@switchyard/messaging';
import { emptySnapshot, NoEligibleModelError, type RoutingEngine } from '@switchyard/routing';
import { ServiceMetrics } from '@switchyard/telemetry';
import { routeJobs } from './route-stage';
import { UsageLimitError } from './usage-reservation';

const topics = topicNames('t.');

function message(id: string): InboundMessage<Job> {
  const job = completeJob({ id, tenant: 'acme', prompt: `prompt ${id}`, affinityKey: `session-${id}` });
  return { topic: topics.classified, partition: 0, offset: id.replace(/\D/g, ''), key: job.affinityKey, headers: {}, value: job, traceContext: ROOT_CONTEXT };
}

function decision(pool: string): RouteDecision {
  return { model: `model-of-${pool}`, pool, strategy: 'utility', route: 'default', reasons: [], candidates: [], fallbacks: [], predictedQuality: 0.8, predictedCostUsd: 0.01, predictedLatencyMs: 100, decidedUnixMs: 0 };
}

/** Routes job-1 nowhere (no eligible model), every other job to pool-<n>. */
const engine: RoutingEngine = {
  decide(job) {
    if (job.id === 'job-1') throw new NoEligibleModelError(job.id, 'default', [{ model: 'm', reason: 'context window too small' }]);
    return decision(`pool-${job.id.split('-')[1]}`);
  },
};

describe('routeJobs', () => {
  it('reserves the routable jobs of a chunk in one call, in order, and dead-letters exactly the refused and unroutable ones', async () => {
    const calls: string[][] = [];
    const reserve = async (routed: { job: Job; decision: RouteDecision }[]) => {
      calls.push(routed.map((r) => r.job.id));
      return routed.map((r) => (r.job.id === 'job-3' ? new UsageLimitError('tenant acme: requests per minute 2 reached') : null));
    };
    const records = await routeJobs(['job-0', 'job-1', 'job-2', 'job-3', 'job-4'].map(message), { engine, snapshot: () => emptySnapshot(), reserve, tracer: trace.getTracer('test'), metrics: new ServiceMetrics(createNoopMeter()), topics });

    expect(calls).toEqual([['job-0', 'job-2', 'job-3', 'job-4']]);
    expect(records.map((r) => r.topic)).toEqual([topics.pool('pool-0'), topics.dlq, topics.pool('pool-2'), topics.dlq, topics.pool('pool-4')]);
    expect(records[1].headers[HEADERS.dlqErrorCode]).toBe('NO_ELIGIBLE_MODEL');
    expect(records[3].headers[HEADERS.dlqErrorCode]).toBe('LIMIT_EXCEEDED');
    expect(records[3].headers[HEADERS.dlqError]).toContain('requests per minute 2 reached');
    const routed = decodeJob(records[4].value);
    expect(routed.decision?.pool).toBe('pool-4');
    expect(records[4].key).toBe('session-job-4');
    expect(jobCodec.decode(records[3].value).id).toBe('job-3');
  });
});
