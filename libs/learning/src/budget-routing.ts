/**
 * Routing among N models under a cost budget, scored on recorded outcomes.
 *
 * The learned router picks, per prompt, the model with the best predicted
 * quality minus λ × its cost: the router's weighted utility
 * (libs/routing policies/utility.ts) with λ its cost weight. Sweeping λ from
 * 0 (best predicted model always) to ∞ (cheapest always) traces its
 * cost-quality curve; at each budget it takes the smallest λ that stays
 * within the budget and mixes it at random with the next smaller λ (which
 * overspends) so as to spend exactly the budget: choices made from costs
 * alone, never from outcomes.
 *
 * Baselines at the same budget: the best single model that fits it, and
 * random routing, i.e. each prompt sent to a model drawn at random with the
 * mix that reaches the most expected quality at that expected cost (the upper
 * hull of the single models; between two models, RouteLLM's random router).
 */

/** One evaluated prompt, per model in the caller's model order. */
export interface MultiModelOutcome {
  predicted: readonly number[];
  correct: readonly boolean[];
  costUsd: readonly number[];
}

export interface BudgetRow {
  /** The budget, in USD per 1,000 prompts. */
  budgetUsdPer1k: number;
  learned: { quality: number; spentUsdPer1k: number };
  bestSingle: { model: string; quality: number } | null;
  random: number;
}

export interface ModelFigures {
  model: string;
  quality: number;
  usdPer1k: number;
}

const LAMBDA_STEPS = 240;

/** Quality and spend of every single model, in the caller's order. */
export function singleModelFigures(items: readonly MultiModelOutcome[], models: readonly string[]): ModelFigures[] {
  if (items.length === 0) throw new RangeError('singleModelFigures: no prompts');
  return models.map((model, m) => ({
    model,
    quality: items.reduce((sum, i) => sum + Number(i.correct[m]), 0) / items.length,
    usdPer1k: (1000 * items.reduce((sum, i) => sum + i.costUsd[m], 0)) / items.length,
  }));
}

/**
 * The learned router against the best single model and random routing at
 * `levels` budgets evenly spaced from the cheapest model's spend to the
 * dearest's.
 */
export function routeWithinBudgets(items: readonly MultiModelOutcome[], models: readonly string[], levels = 10): BudgetRow[] {
  const singles = singleModelFigures(items, models);
  const spends = singles.map((s) => s.usdPer1k);
  const low = Math.min(...spends);
  const high = Math.max(...spends);
  const curve = learnedCurve(items, high / 1000);
  return Array.from({ length: levels + 1 }, (_, j) => {
    const budget = low + ((high - low) * j) / levels;
    // The curve runs from λ = 0 (dearest) down; the first point within budget is the smallest λ that fits.
    const k = Math.max(0, curve.findIndex((p) => p.usdPer1k <= budget * (1 + 1e-9)));
    const point = k > 0 ? mix(curve[k], curve[k - 1], budget) : curve[k];
    const affordable = singles.filter((s) => s.usdPer1k <= budget * (1 + 1e-9)).sort((a, b) => b.quality - a.quality);
    return {
      budgetUsdPer1k: budget,
      learned: { quality: point.quality, spentUsdPer1k: point.usdPer1k },
      bestSingle: affordable.length ? { model: affordable[0].model, quality: affordable[0].quality } : null,
      random: bestRandomMix(singles, budget),
    };
  });
}

/** `within` mixed with `over` at the share that spends `budget`. */
function mix(within: CurvePoint, over: CurvePoint, budget: number): CurvePoint {
  const t = over.usdPer1k > within.usdPer1k ? (budget - within.usdPer1k) / (over.usdPer1k - within.usdPer1k) : 0;
  return { usdPer1k: within.usdPer1k + t * (over.usdPer1k - within.usdPer1k), quality: within.quality + t * (over.quality - within.quality) };
}

interface CurvePoint {
  usdPer1k: number;
  quality: number;
}

/** Spend and quality of the learned choice at λ = 0, a geometric sweep of λ, and ∞, in that order. */
function learnedCurve(items: readonly MultiModelOutcome[], costScale: number): CurvePoint[] {
  const lambdas = [0, ...Array.from({ length: LAMBDA_STEPS }, (_, k) => 1e-3 * 1e7 ** (k / (LAMBDA_STEPS - 1))), Infinity];
  return lambdas.map((lambda) => {
    let spent = 0;
    let right = 0;
    for (const item of items) {
      const m = choose(item, lambda, costScale);
      spent += item.costUsd[m];
      right += Number(item.correct[m]);
    }
    return { usdPer1k: (1000 * spent) / items.length, quality: right / items.length };
  });
}

/** argmax of predicted − λ·cost/scale; at λ = ∞ the cheapest, ties to the better predicted. */
function choose(item: MultiModelOutcome, lambda: number, costScale: number): number {
  let best = 0;
  let bestScore = -Infinity;
  item.predicted.forEach((p, m) => {
    const score = lambda === Infinity ? -item.costUsd[m] + 1e-12 * p : p - (lambda * item.costUsd[m]) / costScale;
    if (score > bestScore) {
      best = m;
      bestScore = score;
    }
  });
  return best;
}

/** The most expected quality a random mix of single models reaches at an expected spend of at most `budget`. */
function bestRandomMix(singles: readonly ModelFigures[], budget: number): number {
  let best = -Infinity;
  for (const a of singles) {
    if (a.usdPer1k > budget * (1 + 1e-9)) continue;
    best = Math.max(best, a.quality);
    for (const b of singles) {
      if (b.usdPer1k <= budget) continue;
      const t = (budget - a.usdPer1k) / (b.usdPer1k - a.usdPer1k);
      best = Math.max(best, (1 - t) * a.quality + t * b.quality);
    }
  }
  return best;
}
