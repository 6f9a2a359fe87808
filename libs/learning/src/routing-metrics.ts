/**
 * The RouteLLM paper's router metrics (Ong et al., "RouteLLM: Learning to
 * Route LLMs with Preference Data", 2024, §5): route the top share c of
 * prompts by score to the strong model and the rest to the weak one, then
 * q(c) is the share answered correctly, PGR(c) = (q(c) − q_weak) / (q_strong − q_weak),
 * APGR the mean PGR over c and CPT(x) the smallest c with PGR(c) ≥ x.
 *
 * The grid is every prompt: c = k/n for k = 0..n, and APGR is the plain mean
 * of PGR over those n + 1 points, so it has no grid-resolution error. Prompts
 * with equal scores are taken in expectation over their random order (each
 * tied prompt contributes its share of the group's gain), so a constant score
 * is exactly random routing (APGR 0.5) and ties never flatter a router.
 */

/** One evaluated prompt: the router's score (higher = more reason to call strong) and what each model got. */
export interface ScoredOutcome {
  score: number;
  weakCorrect: boolean;
  strongCorrect: boolean;
  /** Cost of answering with each model, when costs are wanted. @default 0 */
  weakCostUsd?: number;
  strongCostUsd?: number;
}

export interface QualityCurve {
  /** c = k/n, k = 0..n. */
  shares: number[];
  quality: number[];
  pgr: number[];
  /** Total cost of the whole set at each share. */
  costUsd: number[];
}

export interface RoutingSummary {
  n: number;
  qWeak: number;
  qStrong: number;
  apgr: number;
  /** Smallest share of strong calls with PGR ≥ 0.5, and ≥ 0.8. */
  cpt50: number;
  cpt80: number;
  curve: QualityCurve;
}

/** q(c), PGR(c) and cost(c) on the every-prompt grid. */
export function qualityCurve(items: readonly ScoredOutcome[]): QualityCurve {
  const n = items.length;
  if (n === 0) throw new RangeError('qualityCurve: no prompts');
  const weakTotal = count(items, (i) => i.weakCorrect);
  const qWeak = weakTotal / n;
  const gap = count(items, (i) => i.strongCorrect) / n - qWeak;
  const order = [...items].sort((a, b) => b.score - a.score);

  const shares = [0];
  let correct = weakTotal;
  let cost = items.reduce((sum, i) => sum + (i.weakCostUsd ?? 0), 0);
  const quality = [correct / n];
  const costUsd = [cost];
  for (let start = 0; start < n; ) {
    let end = start;
    while (end < n && order[end].score === order[start].score) end++;
    const group = order.slice(start, end);
    const gain = group.reduce((sum, i) => sum + Number(i.strongCorrect) - Number(i.weakCorrect), 0) / group.length;
    const extra = group.reduce((sum, i) => sum + (i.strongCostUsd ?? 0) - (i.weakCostUsd ?? 0), 0) / group.length;
    for (let k = start; k < end; k++) {
      correct += gain;
      cost += extra;
      shares.push((k + 1) / n);
      quality.push(correct / n);
      costUsd.push(cost);
    }
    start = end;
  }
  // A zero gap makes PGR undefined; NaN says so instead of a made-up number.
  const pgr = quality.map((q) => (q - qWeak) / gap);
  return { shares, quality, pgr, costUsd };
}

export function summarizeRouting(items: readonly ScoredOutcome[]): RoutingSummary {
  const curve = qualityCurve(items);
  const n = items.length;
  return {
    n,
    qWeak: curve.quality[0],
    qStrong: curve.quality[n],
    apgr: mean(curve.pgr),
    cpt50: costToReach(curve, 0.5),
    cpt80: costToReach(curve, 0.8),
    curve,
  };
}

/** CPT(x): the smallest share of strong calls at which PGR reaches x (PGR(1) = 1, so x ≤ 1 is always reached). */
export function costToReach(curve: QualityCurve, target: number): number {
  const k = curve.pgr.findIndex((p) => p >= target - 1e-12);
  return k < 0 ? Number.NaN : curve.shares[k];
}

/** The best possible ordering: prompts where only the strong model is right first, where only the weak one is right last. */
export function oracleScores(items: readonly Pick<ScoredOutcome, 'weakCorrect' | 'strongCorrect'>[]): number[] {
  return items.map((i) => Number(i.strongCorrect) - Number(i.weakCorrect));
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function count<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.reduce((sum, i) => sum + (test(i) ? 1 : 0), 0);
}

/** summarizeRouting over each source's prompts apart (`sources[i]` is items[i]'s), keys in name order. */
export function summarizeBySource(items: readonly ScoredOutcome[], sources: readonly string[]): Record<string, RoutingSummary> {
  if (sources.length !== items.length) throw new RangeError(`summarizeBySource: ${items.length} prompts but ${sources.length} sources`);
  const groups = new Map<string, ScoredOutcome[]>();
  items.forEach((item, i) => {
    const group = groups.get(sources[i]);
    if (group) group.push(item);
    else groups.set(sources[i], [item]);
  });
  return Object.fromEntries([...groups.keys()].sort().map((source) => [source, summarizeRouting(groups.get(source) as ScoredOutcome[])]));
}
