import { ConfigError } from '@switchyard/config';
import { LimitExceededError, NoEligibleModelError, UnknownRouteError } from './errors';
import type { QualityEstimate, QualityPredictor } from './quality-predictor';
import { createRoutingEngine } from './routing-engine';
import { emptySnapshot } from './live-snapshot';
import { liveSnapshot, NOW, testClassification, testConfig, testJob } from './spec-fixtures';

const utility = { policy: 'utility', preferenceWeights: { quality: 1, cost: 1, latency: 0.1 } };

function predictorOf(values: Record<string, Partial<QualityEstimate>>): QualityPredictor {
  return {
    predict: (_job, _classification, models) =>
      new Map(models.filter((m) => values[m]).map((m) => [m, { mean: 0.5, explore: 0.5, observations: 10, ...values[m] }])),
  };
}

describe('routing engine', () => {
  it('returns the chosen model and pool with every candidate scored, reasons and ranked fallbacks with pools', () => {
    const decision = createRoutingEngine(testConfig(utility)).decide(testJob(), liveSnapshot(), NOW);
    expect(decision.route).toBe('default');
    expect(decision.strategy).toBe('utility');
    expect(decision.decidedUnixMs).toBe(NOW);
    expect(decision.candidates.map((c) => c.model).sort()).toEqual(['large', 'mid', 'small']);
    expect(decision.candidates.every((c) => c.eligible && c.predictedCostUsd > 0 && c.predictedLatencyMs > 0)).toBe(true);
    expect(decision.reasons[0]).toMatch(/^utility: best score/);
    const scoreOf = (model: string) => decision.candidates.find((c) => c.model === model)?.score ?? NaN;
    const ranked = [decision.model, ...decision.fallbacks.map((f) => f.model)];
    expect(ranked.slice().sort()).toEqual(['large', 'mid', 'small']);
    expect(ranked.map(scoreOf)).toEqual(ranked.map(scoreOf).sort((a, b) => b - a));
    for (const f of decision.fallbacks) expect(f.pool.startsWith(`${f.model}-`)).toBe(true);
    expect(decision.pool.startsWith(`${decision.model}-`)).toBe(true);
    const chosen = decision.candidates.find((c) => c.model === decision.model);
    expect(decision.predictedCostUsd).toBe(chosen?.predictedCostUsd);
  });

  it('explains each excluded route model in the reasons and marks it ineligible', () => {
    const job = testJob({ classification: testClassification({ estimatedTokens: 20_000 }) });
    const decision = createRoutingEngine(testConfig(utility)).decide(job, liveSnapshot(), NOW);
    expect(decision.reasons).toContain('excluded small: context window 16000 < 20000 tokens');
    expect(decision.candidates.find((c) => c.model === 'small')).toMatchObject({ eligible: false, rejectedReason: 'context window 16000 < 20000 tokens' });
    expect(decision.model).not.toBe('small');
  });

  it('throws NO_ELIGIBLE_MODEL listing every model and its reason when nothing fits', () => {
    const job = testJob({ classification: testClassification({ estimatedTokens: 200_000 }) });
    const engine = createRoutingEngine(testConfig(utility));
    expect(() => engine.decide(job, liveSnapshot(), NOW)).toThrow(NoEligibleModelError);
    try {
      engine.decide(job, liveSnapshot(), NOW);
    } catch (err) {
      expect((err as NoEligibleModelError).code).toBe('NO_ELIGIBLE_MODEL');
      expect((err as Error).message).toContain('small: context window 16000 < 200000 tokens');
      expect((err as Error).message).toContain('large: context window 128000 < 200000 tokens');
    }
  });

  it('throws LIMIT_EXCEEDED, not NO_ELIGIBLE_MODEL, when a model was refused only because the snapshot shows a usage limit reached', () => {
    const config = testConfig(utility, { tenants: [{ id: 'acme', requestsPerMinute: 5 }] });
    const atLimit = liveSnapshot({}, { tenantUsage: { acme: { requestsThisMinute: 5, tokensThisMinute: 0 } } });
    const engine = createRoutingEngine(config);
    const tooBigForSmall = testJob({ tenant: 'acme', classification: testClassification({ estimatedTokens: 20_000 }) });
    for (const job of [testJob({ tenant: 'acme' }), tooBigForSmall]) {
      try {
        engine.decide(job, atLimit, NOW);
        throw new Error('expected a refusal');
      } catch (err) {
        expect(err).toBeInstanceOf(LimitExceededError);
        expect((err as LimitExceededError).code).toBe('LIMIT_EXCEEDED');
        expect((err as Error).message).toContain('large: tenant "acme" is at its limit of 5 requests/minute');
      }
    }
    expect(() => engine.decide(testJob({ tenant: 'acme', classification: testClassification({ estimatedTokens: 200_000 }) }), atLimit, NOW)).toThrow(NoEligibleModelError);
  });

  it("uses the job's route, else its tenant's default route, and refuses unknown routes", () => {
    const config = testConfig(utility, {
      routing: { routes: { default: utility, fast: { policy: 'lowest-latency' } } },
      tenants: [{ id: 'speedy', defaultRoute: 'fast' }],
    });
    const engine = createRoutingEngine(config);
    expect(engine.decide(testJob({ tenant: 'speedy' }), liveSnapshot(), NOW).route).toBe('fast');
    expect(engine.decide(testJob({ route: 'default', tenant: 'speedy' }), liveSnapshot(), NOW).route).toBe('default');
    expect(() => engine.decide(testJob({ route: 'nope' }), liveSnapshot(), NOW)).toThrow(UnknownRouteError);
  });

  it('predicts latency from the fastest live pool EWMA and falls back to the prior', () => {
    const engine = createRoutingEngine(testConfig({ policy: 'lowest-latency' }));
    const measured = liveSnapshot({ 'large-a': { ewmaLatencyMs: 90 }, 'large-b': { ewmaLatencyMs: 40 } });
    const decision = engine.decide(testJob(), measured, NOW);
    expect(decision.model).toBe('large');
    expect(decision.predictedLatencyMs).toBe(40);
    expect(decision.candidates.find((c) => c.model === 'mid')?.predictedLatencyMs).toBe(300);
  });

  it('sends jobs with the same affinity key to the same pool', () => {
    const engine = createRoutingEngine(testConfig({ policy: 'priority', priority: { accuracy: 1 } }));
    const pools = new Set([1, 2, 3, 4].map((i) => engine.decide(testJob({ id: `j${i}`, affinityKey: 'session-7' }), liveSnapshot(), NOW).pool));
    expect(pools.size).toBe(1);
  });

  it('spreads a hot key over the pools within one snapshot by counting its own assignments, and forgets them on the next', () => {
    const engine = createRoutingEngine(testConfig({ policy: 'priority', priority: { accuracy: 1 } }));
    const snapshot = liveSnapshot();
    const pools = Array.from({ length: 8 }, (_, i) => engine.decide(testJob({ id: `j${i}`, affinityKey: 'hot' }), snapshot, NOW).pool);
    // Two pools, ε = 0.25: after 8 jobs neither may hold more than ⌈1.25·8/2⌉ = 5.
    const onFirst = pools.filter((p) => p === pools[0]).length;
    expect(onFirst).toBeLessThanOrEqual(5);
    expect(new Set(pools)).toEqual(new Set(['large-a', 'large-b']));
    expect(engine.decide(testJob({ affinityKey: 'hot' }), liveSnapshot(), NOW).pool).toBe(pools[0]);
  });

  it('skips a pool whose breaker is open', () => {
    const engine = createRoutingEngine(testConfig({ policy: 'priority', priority: { accuracy: 1 } }));
    const first = engine.decide(testJob({ affinityKey: 'k' }), liveSnapshot(), NOW).pool;
    const ejected = liveSnapshot({}, { breakers: { [`pool:${first}`]: { consecutiveFailures: 0, ejections: 1, ejectedUntil: NOW + 1_000 } } });
    const decision = engine.decide(testJob({ affinityKey: 'k' }), ejected, NOW);
    expect(decision.model).toBe('large');
    expect(decision.pool).not.toBe(first);
  });

  it('uses ejected pools anyway when every pool of the model is ejected, and says so', () => {
    const engine = createRoutingEngine(testConfig({ policy: 'priority', priority: { accuracy: 1 } }));
    const open = { consecutiveFailures: 0, ejections: 1, ejectedUntil: NOW + 1_000 };
    const decision = engine.decide(testJob(), liveSnapshot({}, { breakers: { 'pool:large-a': open, 'pool:large-b': open } }), NOW);
    expect(decision.model).toBe('large');
    expect(decision.reasons.some((r) => r.includes('every live pool of large has an open breaker'))).toBe(true);
  });

  it('counts only leased pools, and rejects a model whose pools have all expired', () => {
    const engine = createRoutingEngine(testConfig({ policy: 'priority', priority: { accuracy: 1 } }));
    const expired = liveSnapshot({ 'large-a': { leaseExpiresAt: NOW - 1 }, 'large-b': { leaseExpiresAt: NOW } });
    const decision = engine.decide(testJob(), expired, NOW);
    expect(decision.model).toBe('mid');
    expect(decision.candidates.find((c) => c.model === 'large')?.rejectedReason).toBe('no live pool serves it');
    const oneLeft = engine.decide(testJob(), liveSnapshot({ 'large-a': { leaseExpiresAt: NOW - 1 } }), NOW);
    expect(oneLeft.pool).toBe('large-b');
  });

  it('treats every configured pool as live on a cold start with no heartbeats', () => {
    const decision = createRoutingEngine(testConfig(utility)).decide(testJob(), emptySnapshot(NOW), NOW);
    expect(decision.pool.startsWith(decision.model)).toBe(true);
    expect(decision.reasons).toContain('no pool heartbeat in the snapshot yet: treating every configured pool as live');
  });

  it('keeps the pools of a stale snapshot live as they were when it was taken', () => {
    const stale = { ...liveSnapshot(), fresh: false, takenAt: NOW };
    const later = NOW + 60_000;
    const decision = createRoutingEngine(testConfig(utility)).decide(testJob(), stale, later);
    expect(decision.reasons.some((r) => r.startsWith('snapshot is stale'))).toBe(true);
  });

  it("uses the quality predictor's mean for utility and its exploring draw for learned", () => {
    const predictor = predictorOf({ small: { mean: 0.99, explore: 0.1 }, mid: { mean: 0.1, explore: 0.99 }, large: { mean: 0.1, explore: 0.1 } });
    const config = testConfig(utility, { routing: { routes: { default: utility, learned: { policy: 'learned' } } } });
    const engine = createRoutingEngine(config, { qualityPredictor: predictor });
    const byUtility = engine.decide(testJob(), liveSnapshot(), NOW);
    expect(byUtility.model).toBe('small');
    expect(byUtility.predictedQuality).toBe(0.99);
    const byLearned = engine.decide(testJob({ route: 'learned' }), liveSnapshot(), NOW);
    expect(byLearned.model).toBe('mid');
    expect(byLearned.predictedQuality).toBe(0.1);
  });

  it('ranks a cascade from the first good-enough step and offers the stronger steps as fallbacks', () => {
    const config = testConfig({ policy: 'cascade', cascade: { models: ['small', 'mid', 'large'], threshold: 0.7 } });
    const decision = createRoutingEngine(config).decide(testJob({ classification: testClassification({ taskType: 'code' }) }), liveSnapshot(), NOW);
    expect(decision.model).toBe('mid');
    expect(decision.fallbacks.map((f) => f.model)).toEqual(['large']);
    expect(decision.candidates.find((c) => c.model === 'small')?.eligible).toBe(true);
  });

  it('routes contextually with rules and reports the strategy that chose', () => {
    const config = testConfig({ policy: 'rules', rules: [{ when: { taskType: ['math'] }, models: ['large'] }], fallbackPolicy: 'least-loaded' });
    const engine = createRoutingEngine(config);
    expect(engine.decide(testJob({ classification: testClassification({ taskType: 'math' }) }), liveSnapshot(), NOW)).toMatchObject({ model: 'large', strategy: 'rules' });
    const busy = liveSnapshot({ 'small-a': { inFlight: 8 }, 'small-b': { inFlight: 8 }, 'large-a': { inFlight: 4 }, 'large-b': { inFlight: 4 } });
    expect(engine.decide(testJob(), busy, NOW)).toMatchObject({ model: 'mid', strategy: 'least-loaded' });
  });

  it('refuses at start-up a rules route that falls back to rules', () => {
    expect(() => createRoutingEngine(testConfig({ policy: 'rules', rules: [{ when: {}, models: ['small'] }], fallbackPolicy: 'rules' }))).toThrow(ConfigError);
  });
});
