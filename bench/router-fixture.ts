/**
 * The router benchmark's world: 20 models over 64 pools, a utility route, a
 * live snapshot with load and latency on every pool, and a rotating set of
 * classified jobs. Deterministic (seeded), so runs compare.
 */
import { resolveConfig, type SwitchyardConfig } from '@switchyard/config';
import { completeJob, type Job } from '@switchyard/contracts';
import { emptySnapshot, type LiveSnapshot } from '@switchyard/routing';

export const MODEL_COUNT = 20;
export const POOL_COUNT = 64;
const TASKS = ['code', 'math', 'chat', 'summarization', 'creative', 'factual_qa', 'extraction'];

/** xorshift32 over [0,1); a seeded stream keeps the fixture identical between runs. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export function benchConfig(): SwitchyardConfig {
  const random = seededRandom(1);
  const models = Array.from({ length: MODEL_COUNT }, (_, i) => ({
    id: `model-${i}`,
    provider: 'simulated',
    simulated: { latencyMedianMs: 100 },
    pricing: { inputUsdPerMTok: 0.1 + i * 0.4, outputUsdPerMTok: 0.4 + i * 1.6 },
    contextWindow: i % 4 === 0 ? 16_000 : 128_000,
    modalities: i % 3 === 0 ? ['text', 'image'] : ['text'],
    qualityPrior: Object.fromEntries([['default', 0.5 + i * 0.02], ...TASKS.map((t) => [t, 0.4 + random() * 0.55])]),
    latencyPriorMs: 100 + i * 40,
    limits: { requestsPerMinute: 1_000_000, tokensPerMinute: 1_000_000_000 },
  }));
  const pools = Array.from({ length: POOL_COUNT }, (_, i) => ({ id: `pool-${i}`, model: `model-${i % MODEL_COUNT}`, concurrency: 16 }));
  return resolveConfig(
    {
      models,
      pools,
      routing: { epsilon: 0.25, routes: { default: { policy: 'utility', utility: 'weighted', preferenceWeights: { quality: 1, cost: 0.5, latency: 0.1 } } } },
      tenants: [{ id: 'acme', budgetUsd: 1_000_000, requestsPerMinute: 10_000_000 }, { id: 'globex' }],
    },
    {},
    'bench',
  );
}

export function benchSnapshot(config: SwitchyardConfig, now: number): LiveSnapshot {
  const random = seededRandom(2);
  const snapshot = { ...emptySnapshot(now), fresh: true };
  for (const pool of config.pools) {
    snapshot.pools[pool.id] = {
      poolId: pool.id,
      model: pool.model,
      inFlight: Math.floor(random() * 16),
      capacity: 32,
      ewmaLatencyMs: random() < 0.9 ? 50 + random() * 900 : undefined,
      errorRate: random() * 0.05,
      tokensPerMinute: 0,
      leaseExpiresAt: now + 10_000,
    };
  }
  snapshot.modelUsage = Object.fromEntries(config.models.map((m) => [m.id, { requestsThisMinute: 100, tokensThisMinute: 50_000 }]));
  snapshot.tenantUsage = { acme: { requestsThisMinute: 500, tokensThisMinute: 200_000 } };
  snapshot.tenantSpendUsd = { acme: 12.5 };
  return snapshot;
}

export function benchJobs(count: number): Job[] {
  const random = seededRandom(3);
  return Array.from({ length: count }, (_, i) => completeJob({
    id: `job-${i}`,
    tenant: i % 2 ? 'acme' : 'globex',
    prompt: 'Summarise the following text in three sentences. '.repeat(1 + (i % 20)),
    affinityKey: `session-${Math.floor(random() * 5_000)}`,
    classification: {
      taskType: TASKS[i % TASKS.length],
      domain: 'general',
      complexity: 'medium',
      language: 'en',
      modalities: i % 10 === 0 ? ['text', 'image'] : ['text'],
      estimatedTokens: i % 50 === 0 ? 20_000 : 200 + (i % 2_000),
      confidence: 0.9,
      taskTypeScores: {},
      classifier: 'rules',
      labels: {},
    },
  }));
}

/** Keys drawn from a Zipf(s) distribution over `distinct` tenants (inverse CDF). */
export function zipfKeys(count: number, distinct: number, s: number, seed: number): string[] {
  const random = seededRandom(seed);
  const cdf = new Float64Array(distinct);
  let sum = 0;
  for (let r = 0; r < distinct; r++) cdf[r] = sum += 1 / (r + 1) ** s;
  return Array.from({ length: count }, () => {
    const u = random() * sum;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return `tenant-${lo}`;
  });
}
