import { createNoopMeter, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { completeJob, decodeJob, jobCodec, type Job, type RouteDecision } from '@switchyard/contracts';
import { HEADERS, topicNames, type InboundMessage } from '@switchyard/messaging';
import { admission, emptySnapshot, NoEligibleModelError, type JobCandidates, type RoutingEngine } from '@switchyard/routing';
import { ServiceMetrics } from '@switchyard/telemetry';
import pino from 'pino';
import { routeJobs, type RouteDeps } from './route-stage';
import { UsageLimitError } from '@switchyard/state';

const topics = topicNames('t.');

/** Everything but the engine and reservations: real admission (tenant acme known, unknown tenants refused), a logger whose lines the test reads. */
function baseDeps(maxMessageBytes = 1_048_588) {
  const lines: { msg: string; jobId: string; stage: string; code: string }[] = [];
  const deps: Omit<RouteDeps, 'engine' | 'reserve'> = {
    snapshot: () => emptySnapshot(),
    tracer: trace.getTracer('test'),
    metrics: new ServiceMetrics(createNoopMeter()),
    topics,
    admit: admission({ tenants: [{ id: 'acme' }] as never, unknownTenants: { policy: 'reject' } }),
    deadLetters: { dlqTopic: topics.dlq, stage: 'router', maxMessageBytes },
    logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) }),
    jobCandidates: 'refused',
  };
  return { deps, lines };
}

function message(id: string): InboundMessage<Job> {
  const job = completeJob({ id, tenant: 'acme', prompt: `prompt ${id}`, affinityKey: `session-${id}` });
  return { topic: topics.classified, partition: 0, offset: id.replace(/\D/g, ''), key: job.affinityKey, headers: {}, value: job, traceContext: ROOT_CONTEXT };
}

function decision(pool: string): RouteDecision {
  return { model: `model-of-${pool}`, pool, strategy: 'utility', route: 'default', reasons: [], candidates: [], fallbacks: [], predictedQuality: 0.8, predictedCostUsd: 0.01, predictedLatencyMs: 100, decidedUnixMs: 0, reservation: null };
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
    const records = await routeJobs(['job-0', 'job-1', 'job-2', 'job-3', 'job-4'].map(message), { ...baseDeps().deps, engine, reserve });

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

  it('dead-letters an unknown tenant and a past deadline before deciding, each with its own code, logged once without the prompt', async () => {
    const { deps, lines } = baseDeps();
    const decided: string[] = [];
    const stranger = message('job-5');
    stranger.value = { ...stranger.value, tenant: 'stranger' };
    const late = message('job-6');
    late.value = { ...late.value, deadlineUnixMs: Date.now() - 1_000 };
    const records = await routeJobs([stranger, late, message('job-7')], {
      ...deps,
      engine: { decide: (job) => (decided.push(job.id), decision('pool-7')) },
      reserve: async (routed) => routed.map(() => null),
    });

    expect(decided).toEqual(['job-7']);
    expect(records.map((r) => r.headers[HEADERS.dlqErrorCode])).toEqual(['UNKNOWN_TENANT', 'DEADLINE_EXCEEDED', undefined]);
    expect(lines.map((l) => [l.msg, l.jobId, l.stage, l.code])).toEqual([
      ['job dead-lettered', 'job-5', 'router', 'UNKNOWN_TENANT'],
      ['job dead-lettered', 'job-6', 'router', 'DEADLINE_EXCEEDED'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('prompt job-');
  });

  it('dead-letters a job whose routed form would outgrow the broker limit, and routes the one behind it', async () => {
    const { deps, lines } = baseDeps(20_000);
    const big = message('job-8');
    big.value = { ...big.value, prompt: 'x'.repeat(19_900) };
    const records = await routeJobs([big, message('job-9')], { ...deps, engine: { decide: () => ({ ...decision('pool-9'), reasons: ['r'.repeat(500)] }) }, reserve: async (routed) => routed.map(() => null) });

    expect(records.map((r) => r.topic)).toEqual([topics.dlq, topics.pool('pool-9')]);
    expect(records[0].headers[HEADERS.dlqErrorCode]).toBe('RECORD_TOO_LARGE');
    expect(lines.map((l) => [l.jobId, l.code])).toEqual([['job-8', 'RECORD_TOO_LARGE']]);
  });

  it('carries the refused candidates on the routed job, or the whole table when the config asks for all, and sheds bytes doing so', async () => {
    const scored = (model: string, eligible: boolean) => ({ model, score: 0.5, predictedQuality: 0.7, predictedCostUsd: 0.001, predictedLatencyMs: 900, eligible, rejectedReason: eligible ? '' : `${model} does not accept image input` });
    const table = [scored('small-fast', true), scored('large-general', true), scored('code-expert', true), scored('text-only', false)];
    const withTable: RoutingEngine = { decide: () => ({ ...decision('pool-1'), candidates: table }) };
    const reserve = async (routed: unknown[]) => routed.map(() => null);
    const route = (jobCandidates: JobCandidates) => routeJobs([message('job-1')], { ...baseDeps().deps, engine: withTable, reserve, jobCandidates });
    const [refused] = await route('refused');
    const [all] = await route('all');
    expect(decodeJob(refused.value).decision?.candidates.map((c) => [c.model, c.rejectedReason])).toEqual([['text-only', 'text-only does not accept image input']]);
    expect(decodeJob(all.value).decision?.candidates).toEqual(table);
    expect(refused.value.length).toBeLessThan(all.value.length - 3 * 30);
  });
});
