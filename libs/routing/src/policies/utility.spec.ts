import type { RouteConfig } from '@switchyard/config';
import type { Preferences } from '@switchyard/contracts';
import { ids, policyInput, testCandidate, testJob } from '../spec-fixtures';
import { createUtilityPolicy, resolveWeights } from './utility';

const route = (fields: Partial<RouteConfig>) =>
  ({ policy: 'utility', utility: 'weighted', preferenceWeights: { quality: 1, cost: 1, latency: 0.1 }, ...fields }) as RouteConfig;
const prefs = (fields: Partial<Preferences>): Preferences => ({
  maxCostUsd: 0, maxLatencyMs: 0, minQuality: 0, qualityWeight: 0, costWeight: 0, latencyWeight: 0, ...fields,
});
const policy = (fields: Partial<RouteConfig> = {}) => createUtilityPolicy({ routeName: 'r', route: route(fields), models: [], hasQualityPredictor: false });

describe('utility policy', () => {
  const cheap = testCandidate('cheap', 0, { quality: 0.6, costUsd: 0.0001, latencyMs: 100 });
  const strong = testCandidate('strong', 1, { quality: 0.9, costUsd: 0.004, latencyMs: 600 });
  const middle = testCandidate('middle', 2, { quality: 0.8, costUsd: 0.001, latencyMs: 300 });
  const eligible = [cheap, strong, middle];

  it('weighted mode scores quality minus normalised cost and latency', () => {
    const ranking = policy().rank(policyInput(eligible));
    expect(middle.score).toBeCloseTo(0.8 - 0.001 / 0.004 - (0.1 * 300) / 600);
    expect(cheap.score).toBeCloseTo(0.6 - 0.0001 / 0.004 - (0.1 * 100) / 600);
    expect(ids(ranking.ranked)).toEqual(['cheap', 'middle', 'strong']);
    expect(ranking.reason).toMatch(/^utility: best score 0\.56 \(quality 0\.60, cost \$0\.00010, latency 100 ms\)$/);
  });

  it("lets the job's own weights override the route's defaults", () => {
    const job = testJob({ preferences: prefs({ qualityWeight: 10 }) });
    expect(policy().rank(policyInput(eligible, {}, job)).ranked[0].id).toBe('strong');
  });

  it('treats a zero weight in the job as "use the route default"', () => {
    expect(resolveWeights(prefs({ costWeight: 3 }), { quality: 1, cost: 1, latency: 0.1 })).toEqual({ quality: 1, cost: 3, latency: 0.1 });
  });

  it('cheapest mode takes the cheapest model meeting the minimum quality', () => {
    const job = testJob({ preferences: prefs({ minQuality: 0.75 }) });
    const ranking = policy({ utility: 'cheapest' }).rank(policyInput(eligible, {}, job));
    expect(ids(ranking.ranked)).toEqual(['middle', 'strong', 'cheap']);
    expect(ranking.reason).toContain('cheapest with quality ≥ 0.75 is middle');
  });

  it('cheapest mode skips models slower than the maximum latency', () => {
    const job = testJob({ preferences: prefs({ minQuality: 0.75, maxLatencyMs: 200 }) });
    expect(policy({ utility: 'cheapest' }).rank(policyInput(eligible, {}, job)).reason).toContain('no model reaches');
  });

  it('cheapest mode falls back to the best predicted quality when nothing is good enough', () => {
    const job = testJob({ preferences: prefs({ minQuality: 0.95 }) });
    expect(ids(policy({ utility: 'cheapest' }).rank(policyInput(eligible, {}, job)).ranked)).toEqual(['strong', 'middle', 'cheap']);
  });
});
