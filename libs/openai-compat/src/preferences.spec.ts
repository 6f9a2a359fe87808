import { ApiError } from './api-error';
import { parsePreferences } from './preferences';

function refusal(headers: Record<string, string>, body?: unknown): ApiError {
  try {
    parsePreferences(headers, body);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('parsePreferences accepted them');
}

describe('parsePreferences', () => {
  it('reads every preference from x-switchyard-* headers', () => {
    expect(
      parsePreferences(
        {
          'x-switchyard-max-cost-usd': '0.002',
          'x-switchyard-max-latency-ms': '1500',
          'x-switchyard-min-quality': '0.8',
          'x-switchyard-quality-weight': '2',
          'x-switchyard-cost-weight': '0.5',
          'x-switchyard-latency-weight': '0',
          'x-switchyard-affinity-key': 'session-1',
          'x-switchyard-timeout-ms': '3000',
        },
        undefined,
      ),
    ).toEqual({ maxCostUsd: 0.002, maxLatencyMs: 1500, minQuality: 0.8, qualityWeight: 2, costWeight: 0.5, latencyWeight: 0, affinityKey: 'session-1', timeoutMs: 3000 });
  });

  it('reads the same preferences from the switchyard body field', () => {
    expect(parsePreferences({}, { max_cost_usd: 0.01, min_quality: 0.5, weights: { quality: 1, latency: 0.2 }, affinity_key: 'k', timeout_ms: 100 })).toEqual({
      maxCostUsd: 0.01,
      minQuality: 0.5,
      qualityWeight: 1,
      latencyWeight: 0.2,
      affinityKey: 'k',
      timeoutMs: 100,
    });
  });

  it('takes a preference given the same way in both places, and refuses two different values naming both', () => {
    expect(parsePreferences({ 'x-switchyard-min-quality': '0.7' }, { min_quality: 0.7 })).toEqual({ minQuality: 0.7 });
    const error = refusal({ 'x-switchyard-min-quality': '0.7' }, { min_quality: 0.9 });
    expect(error.param).toBe('switchyard.min_quality');
    expect(error.message).toContain('x-switchyard-min-quality');
  });

  it.each([
    [{ 'x-switchyard-min-quality': '1.5' }, undefined, 'x-switchyard-min-quality'],
    [{ 'x-switchyard-max-cost-usd': 'cheap' }, undefined, 'x-switchyard-max-cost-usd'],
    [{ 'x-switchyard-timeout-ms': '2.5' }, undefined, 'x-switchyard-timeout-ms'],
    [{}, { max_latency_ms: -1 }, 'switchyard.max_latency_ms'],
    [{}, { weights: { speed: 1 } }, 'switchyard.weights.speed'],
    [{}, { budget: 1 }, 'switchyard.budget'],
    [{}, 'fast', 'switchyard'],
  ])('refuses %j / %j with 400 naming %s', (headers, body, param) => {
    expect(refusal(headers, body)).toMatchObject({ status: 400, param });
  });
});
