import { BackendError } from '@switchyard/backends';
import { RulesClassifier } from '@switchyard/classification';
import { resolveConfig, type ConfigDocument } from '@switchyard/config';
import type { Job, ResultInput } from '@switchyard/contracts';
import { withPipelineRoutes } from '@switchyard/pipelines';
import { createRoutingEngine, emptySnapshot } from '@switchyard/routing';
import { GatewayError } from './gateway-error';
import type { PoolCall } from './pool-caller';
import { createGateway } from './sync-path';

const model = (id: string) => ({ id, provider: 'simulated', pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, contextWindow: 8000, simulated: {} });
const config = resolveConfig(
  {
    models: [model('rewriter'), model('writer'), model('broken')],
    pools: [
      { id: 'p-rewriter', model: 'rewriter' },
      { id: 'p-writer', model: 'writer' },
      { id: 'p-broken', model: 'broken' },
    ],
    routing: { routes: { default: { policy: 'utility', candidates: ['writer'] } } },
    tenants: [{ id: 'acme' }],
    pipelines: {
      enhance: { output: 'answer', steps: { rewrite: { models: ['rewriter'], prompt: 'Improve: {{input}}' }, answer: { after: ['rewrite'], route: 'default' } } },
      doomed: { output: 'answer', steps: { rewrite: { models: ['broken'] }, answer: { after: ['rewrite'], route: 'default' } } },
    },
  } as ConfigDocument,
  {},
  'spec',
);

function gateway() {
  const calls: PoolCall[] = [];
  const published: ResultInput[] = [];
  const g = createGateway({
    config,
    engine: createRoutingEngine(withPipelineRoutes(config)),
    snapshot: () => emptySnapshot(),
    classifier: { current: () => new RulesClassifier() },
    usage: { admit: async () => ({ settle: () => undefined }) },
    poolCaller: () => ({
      async call(call) {
        calls.push(call);
        if (call.target.model === 'broken') throw new BackendError('UPSTREAM_5XX', 'upstream down');
        return { output: `${call.target.model} says: ${call.job.prompt}`, usage: { inputTokens: 2, outputTokens: 3 }, finishReason: 'stop' };
      },
      close: async () => undefined,
    }),
    results: { add: (result: ResultInput, _job: Pick<Job, 'id'>) => void published.push(result) },
    now: () => 1_000,
  });
  return { g, calls, published };
}

const caller = { tenant: 'acme', admin: false };

describe('a pipeline on the synchronous path', () => {
  it('runs each step as a synchronous call and answers with every step and the totals, publishing each step and the pipeline result', async () => {
    const { g, calls, published } = gateway();
    const result = await g.complete({ job: { id: 'sync-1', prompt: 'hi', pipeline: 'enhance' }, caller });
    expect(calls.map((c) => [c.job.id, c.target.model, c.job.prompt])).toEqual([
      ['sync-1/rewrite', 'rewriter', 'Improve: hi'],
      ['sync-1/answer', 'writer', 'rewriter says: Improve: hi'],
    ]);
    expect(result).toMatchObject({ jobId: 'sync-1', tenant: 'acme', model: 'pipeline/enhance', output: 'writer says: rewriter says: Improve: hi', usage: { inputTokens: 4, outputTokens: 6 } });
    expect(result.steps.map((s) => [s.step, s.model])).toEqual([
      ['rewrite', 'rewriter'],
      ['answer', 'writer'],
    ]);
    expect(published.map((r) => r.jobId)).toEqual(['sync-1/rewrite', 'sync-1/answer', 'sync-1']);
  });

  it('fails naming the failed step, and names an unknown pipeline as not found', async () => {
    const { g } = gateway();
    const failed = await g.complete({ job: { id: 'sync-2', prompt: 'hi', pipeline: 'doomed' }, caller }).catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(GatewayError);
    expect(failed).toMatchObject({ kind: 'unavailable' });
    expect((failed as Error).message).toMatch(/^pipeline "doomed": step "rewrite" failed: ALL_ATTEMPTS_FAILED: .*UPSTREAM_5XX/);
    await expect(g.complete({ job: { prompt: 'hi', pipeline: 'nope' }, caller })).rejects.toMatchObject({ kind: 'not_found', field: 'pipeline' });
  });
});
