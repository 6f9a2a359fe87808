import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '@switchyard/config';
import { completeJob } from '@switchyard/contracts';
import { createRoutingEngine, emptySnapshot } from '@switchyard/routing';
import { LearnedQualityPredictor } from './learned-quality-predictor';
import { readOutcomesFile } from './outcome-records';
import { runReplay } from './replay';
import { THREE_MODELS, threeModelOutcomes, threeModelPrompt } from './testing/three-model-outcomes';
import type { ThreeModelTask } from './testing/three-model-outcomes';

const NOW = 1_700_000_000_000;

describe('routing among three models learned from an outcomes file', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'three-models-'));
    file = join(dir, 'outcomes.jsonl');
    writeFileSync(file, threeModelOutcomes(600).map((r) => JSON.stringify(r)).join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sends each prompt to the cheapest model predicted to reach the quality asked for', () => {
    // UCB with width 0 is the posterior mean: no exploration, so the choice is the prediction's.
    const predictor = new LearnedQualityPredictor({ exploration: 'ucb', ucbWidth: 0 });
    predictor.bootstrapFromOutcomes(file);
    const config = resolveConfig(
      {
        models: THREE_MODELS.map((m) => ({ id: m.id, provider: 'simulated', simulated: { latencyMedianMs: 50 }, contextWindow: 16_000, pricing: m.pricing })),
        pools: THREE_MODELS.map((m) => ({ id: `${m.id}-pool`, model: m.id, concurrency: 8 })),
        routing: { routes: { default: { policy: 'learned', utility: 'cheapest', exploration: 'ucb' } } },
      },
      {},
      'three-model spec',
    );
    const engine = createRoutingEngine(config, { qualityPredictor: predictor });
    const pools = Object.fromEntries(
      THREE_MODELS.map((m) => [`${m.id}-pool`, { poolId: `${m.id}-pool`, model: m.id, inFlight: 0, capacity: 8, errorRate: 0, tokensPerMinute: 0, leaseExpiresAt: NOW + 10_000 }]),
    );
    const snapshot = { ...emptySnapshot(NOW), fresh: true, pools };
    const chosen = (kind: ThreeModelTask) => {
      const job = completeJob({ id: `job-${kind}`, tenant: 't', prompt: threeModelPrompt(kind), preferences: { minQuality: 0.8 } });
      return engine.decide(job, snapshot, NOW).model;
    };

    expect(chosen('greeting')).toBe('small');
    expect(chosen('summary')).toBe('mid');
    expect(chosen('proof')).toBe('large');
  });

  it('replays the file: within each budget, the learned router beats random routing and the best single model that fits', () => {
    const records = readOutcomesFile(file);
    const report = runReplay(records.slice(0, 450), records.slice(450));
    expect(report.models.map((m) => m.model)).toEqual(['small', 'mid', 'large']);
    expect(report.budgets).toHaveLength(11);
    for (const row of report.budgets) expect(row.learned.spentUsdPer1k).toBeLessThanOrEqual(row.budgetUsdPer1k * (1 + 1e-9));
    // The cheapest budget affords only the small model, for every router.
    expect(report.budgets[0].learned.quality).toBeCloseTo(report.budgets[0].random, 10);
    // Halfway between the cheapest and the dearest model's spend, reading the prompt is worth a lot.
    const middle = report.budgets[5];
    expect(middle.learned.quality).toBeGreaterThan(middle.random + 0.1);
    expect(middle.learned.quality).toBeGreaterThan((middle.bestSingle?.quality ?? 0) + 0.1);
    expect(report.bySource.proof.router.n).toBe(50);
  });

  it('refuses a model without prices when the file has more than two', () => {
    const [record] = threeModelOutcomes(3);
    const unpriced = { ...record, prices: { small: record.prices?.small, mid: record.prices?.mid } } as typeof record;
    expect(() => runReplay(threeModelOutcomes(30), [unpriced])).toThrow(/no "prices.large"/);
  });
});
