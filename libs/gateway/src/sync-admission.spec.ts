import { RulesClassifier } from '@switchyard/classification';
import { resolveConfig, type ConfigDocument } from '@switchyard/config';
import type { Job, ResultInput } from '@switchyard/contracts';
import { createRoutingEngine, emptySnapshot } from '@switchyard/routing';
import { GatewayError } from './gateway-error';
import type { PoolCall } from './pool-caller';
import { createGateway } from './sync-path';

const NOW = 1_764_000_000_000;
const model = (id: string, accuracy: number) => ({ id, provider: 'simulated', pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 1 }, contextWindow: 8000, profile: { accuracy }, simulated: {} });

/** Two models; the stand-in tenant `guests` may use only the cheap one. */
function gateway(unknownTenants: ConfigDocument['unknownTenants']) {
  const config = resolveConfig(
    {
      models: [model('strong', 0.9), model('cheap', 0.5)],
      pools: [
        { id: 'p-strong', model: 'strong' },
        { id: 'p-cheap', model: 'cheap' },
      ],
      routing: { routes: { default: { policy: 'priority', candidates: ['strong', 'cheap'], priority: { accuracy: 1 } } } },
      tenants: [{ id: 'acme' }, { id: 'guests', allowModels: ['cheap'] }],
      unknownTenants,
    } as ConfigDocument,
    {},
    'spec',
  );
  const calls: PoolCall[] = [];
  const admittedAs: string[] = [];
  const published: { result: ResultInput; job: Pick<Job, 'tenant'> }[] = [];
  const g = createGateway({
    config,
    engine: createRoutingEngine(config),
    snapshot: () => emptySnapshot(),
    classifier: { current: () => new RulesClassifier() },
    usage: {
      admit: async (job) => {
        admittedAs.push(job.tenant);
        return { settle: () => undefined };
      },
    },
    poolCaller: () => ({
      async call(call) {
        calls.push(call);
        return { output: 'ok', usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop' };
      },
      close: async () => undefined,
    }),
    results: { add: (result, job) => void published.push({ result, job }) },
    now: () => NOW,
  });
  return { g, calls, admittedAs, published };
}

// A token whose tenant is not in tenants[]: one added by Admin.ReloadConfig to the tokens, not to the running gateway's tenants.
const stranger = { tenant: 'stranger', admin: false };

describe('admission on the synchronous path', () => {
  it('refuses a caller whose tenant is not in the config when unknownTenants.policy is reject, before any model is called', async () => {
    const { g, calls } = gateway({ policy: 'reject' });
    const refused = await g.complete({ job: { id: 's1', prompt: 'hi' }, caller: stranger }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ kind: 'permission_denied', code: 'UNKNOWN_TENANT', grpcStatus: 7, httpStatus: 403 });
    expect((refused as Error).message).toBe('job "s1": tenant "stranger" is not in the config (unknownTenants.policy is reject)');
    expect(() => g.route({ job: { id: 's2', prompt: 'hi' }, caller: stranger })).toThrow(expect.objectContaining({ code: 'UNKNOWN_TENANT' }));
    expect(calls).toEqual([]);
  });

  it("routes and limits an unknown tenant as the stand-in (its allow-list, its counters) while the call and its result keep the caller's tenant", async () => {
    const { g, calls, admittedAs, published } = gateway({ policy: 'as-tenant', tenant: 'guests' });
    const result = await g.complete({ job: { id: 's3', prompt: 'hi' }, caller: stranger });
    expect(result).toMatchObject({ model: 'cheap', tenant: 'stranger' });
    expect(admittedAs).toEqual(['guests']);
    expect(calls.map((c) => [c.target.model, c.job.tenant])).toEqual([['cheap', 'stranger']]);
    expect(published.map(({ result: r, job }) => [r.jobId, job.tenant])).toEqual([['s3', 'stranger']]);
    expect(g.route({ job: { id: 's4', prompt: 'hi' }, caller: stranger })).toMatchObject({ decision: { model: 'cheap' }, job: { tenant: 'stranger' } });
  });

  it('refuses a deadline already past with DEADLINE_EXCEEDED naming the field, before deciding', async () => {
    const { g, calls } = gateway({ policy: 'reject' });
    const late = await g.complete({ job: { id: 's5', prompt: 'hi' }, caller: { tenant: 'acme', admin: false } }, { deadlineUnixMs: NOW - 5 }).catch((err: unknown) => err);
    expect(late).toMatchObject({ kind: 'deadline_exceeded', code: 'DEADLINE_EXCEEDED', field: 'deadline_unix_ms', grpcStatus: 4, httpStatus: 504 });
    expect(calls).toEqual([]);
  });
});
