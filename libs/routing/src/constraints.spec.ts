import type { ModelConfig, TenantConfig } from '@switchyard/config';
import type { Job } from '@switchyard/contracts';
import { constraintReason, usageLimitReason, type ModelView, type ConstraintContext } from './constraints';
import { jobFacts, modalityMask } from './job-facts';
import type { LiveSnapshot } from './live-snapshot';
import { liveSnapshot, NOW, testClassification, testJob, testModel } from './spec-fixtures';

const tenant = (fields: Partial<TenantConfig> = {}): TenantConfig => ({ id: 'acme', budgetWindow: 'day', defaultRoute: 'default', tokenSha256: [], ...fields });

function view(model: ModelConfig, fields: Partial<ModelView> = {}): ModelView {
  return {
    id: model.id, model, modalities: modalityMask(model.modalities), inRoute: true, costUsd: 0.001, latencyMs: 200, livePools: 1,
    breaker: undefined, usage: undefined, ...fields,
  };
}

/** Reads the model's and the tenant's live state from a snapshot, as the engine does. */
function reasonFor(m: ModelView, job: Job = testJob(), opts: { tenant?: TenantConfig; snapshot?: LiveSnapshot } = {}): string {
  const snapshot = opts.snapshot ?? liveSnapshot();
  const live = { ...m, breaker: snapshot.breakers[`model:${m.id}`], usage: snapshot.modelUsage[m.id] };
  const ctx: ConstraintContext = {
    job,
    facts: jobFacts(job, opts.tenant),
    now: NOW,
    routeName: 'default',
    tenantUsage: opts.tenant && snapshot.tenantUsage[opts.tenant.id],
    tenantSpendUsd: (opts.tenant && snapshot.tenantSpendUsd[opts.tenant.id]) ?? 0,
  };
  return constraintReason(live, ctx) || usageLimitReason(live, ctx);
}

const small = testModel('small', { contextWindow: 16_000 });
const vision = testModel('vision', { modalities: ['text', 'image'] });

describe('hard constraints', () => {
  it('accepts a model that meets every constraint', () => {
    expect(reasonFor(view(small))).toBe('');
  });

  it("routes an image job only to image-capable models, whether the classifier or the attachment's MIME type says image", () => {
    const labelled = testJob({ classification: testClassification({ modalities: ['text', 'image'] }) });
    const attached = testJob({ attachments: [{ mimeType: 'image/png', data: Buffer.alloc(0), uri: '', name: 'x.png' }] });
    expect(reasonFor(view(small), labelled)).toBe('does not accept image input (accepts text)');
    expect(reasonFor(view(small), attached)).toBe('does not accept image input (accepts text)');
    expect(reasonFor(view(vision), labelled)).toBe('');
  });

  it('refuses an attachment no modality covers instead of reading it as text, and reads MIME types with parameters', () => {
    const attach = (mimeType: string) => testJob({ attachments: [{ mimeType, data: Buffer.from('x'), uri: '', name: '' }] });
    expect(reasonFor(view(vision), attach('application/pdf'))).toBe('reads no attachment of type "application/pdf" (only text, image, audio and video modalities exist)');
    expect(reasonFor(view(small), attach('application/x-unknown'))).toMatch(/^reads no attachment of type "application\/x-unknown"/);
    expect(reasonFor(view(small), attach('text/plain; charset=utf-8'))).toBe('');
    expect(reasonFor(view(small), attach('application/json'))).toBe('');
    expect(reasonFor(view(small), attach('image/png; q=1'))).toBe('does not accept image input (accepts text)');
  });

  it('rejects a model whose context window cannot hold the input plus the requested output', () => {
    const job = testJob({ classification: testClassification({ estimatedTokens: 16_500 }), maxOutputTokens: 4_000 });
    expect(reasonFor(view(small), job)).toBe('context window 16000 < 20500 tokens');
  });

  it('estimates tokens from the text when the classifier gave none', () => {
    const job = testJob({ classification: null, prompt: 'x'.repeat(80_000) });
    expect(reasonFor(view(small), job)).toBe('context window 16000 < 20000 tokens');
  });

  it("keeps a tenant to its allow-list", () => {
    expect(reasonFor(view(small), testJob(), { tenant: tenant({ allowModels: ['vision'] }) })).toBe('tenant "acme" may not use it');
  });

  it('rejects a model the route does not list', () => {
    expect(reasonFor(view(small, { inRoute: false }))).toBe('not a candidate of route "default"');
  });

  it('never offers a model the job already tried', () => {
    expect(reasonFor(view(small), testJob({ triedModels: ['small'] }))).toBe('already tried for this job');
  });

  it('rejects a model when the predicted cost would overrun the tenant budget', () => {
    const snapshot = liveSnapshot({}, { tenantSpendUsd: { acme: 49.9995 } });
    expect(reasonFor(view(small), testJob(), { tenant: tenant({ budgetUsd: 50 }), snapshot })).toMatch(/^tenant "acme" budget \$50\.00 has \$0\.00050 left/);
    expect(reasonFor(view(small, { costUsd: 0.0001 }), testJob(), { tenant: tenant({ budgetUsd: 50 }), snapshot })).toBe('');
  });

  it("rejects a model dearer than the job's max cost", () => {
    const job = testJob({ preferences: { maxCostUsd: 0.0005, maxLatencyMs: 0, minQuality: 0, qualityWeight: 0, costWeight: 0, latencyWeight: 0 } });
    expect(reasonFor(view(small), job)).toBe('predicted cost $0.0010 > max $0.00050');
  });

  it('rejects a model too slow for the deadline or the max latency', () => {
    expect(reasonFor(view(small, { latencyMs: 600 }), testJob({ deadlineUnixMs: NOW + 500 }))).toBe('predicted latency 600 ms misses the deadline (500 ms left)');
    const job = testJob({ preferences: { maxCostUsd: 0, maxLatencyMs: 300, minQuality: 0, qualityWeight: 0, costWeight: 0, latencyWeight: 0 } });
    expect(reasonFor(view(small, { latencyMs: 600 }), job)).toBe('predicted latency 600 ms > max 300 ms');
  });

  it('rejects a model whose breaker is open, until the ejection ends', () => {
    const snapshot = liveSnapshot({}, { breakers: { 'model:small': { consecutiveFailures: 0, ejections: 1, ejectedUntil: NOW + 4_000 } } });
    expect(reasonFor(view(small), testJob(), { snapshot })).toBe('breaker open for another 4000 ms');
    const over = liveSnapshot({}, { breakers: { 'model:small': { consecutiveFailures: 0, ejections: 1, ejectedUntil: NOW } } });
    expect(reasonFor(view(small), testJob(), { snapshot: over })).toBe('');
  });

  it('rejects a model with no live pool', () => {
    expect(reasonFor(view(small, { livePools: 0 }))).toBe('no live pool serves it');
  });

  it("respects the model's and the tenant's per-minute limits", () => {
    const limited = testModel('small', { limits: { requestsPerMinute: 10, tokensPerMinute: 1_000 } });
    const busy = liveSnapshot({}, { modelUsage: { small: { requestsThisMinute: 10, tokensThisMinute: 0 } } });
    expect(reasonFor(view(limited), testJob(), { snapshot: busy })).toBe('model is at its limit of 10 requests/minute');
    const tokens = liveSnapshot({}, { modelUsage: { small: { requestsThisMinute: 1, tokensThisMinute: 900 } } });
    expect(reasonFor(view(limited), testJob(), { snapshot: tokens })).toMatch(/^model would exceed 1000 tokens\/minute/);
    const tenantBusy = liveSnapshot({}, { tenantUsage: { acme: { requestsThisMinute: 5, tokensThisMinute: 0 } } });
    expect(reasonFor(view(small), testJob(), { tenant: tenant({ requestsPerMinute: 5 }), snapshot: tenantBusy })).toBe(
      'tenant "acme" is at its limit of 5 requests/minute',
    );
  });
});
