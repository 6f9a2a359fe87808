/**
 * Per (model, class) Beta posteriors over answer quality, learned from scores.
 *
 * Two levels: a model's pooled level (every class together, uniform Beta(1, 1)
 * prior) and its per-class level, whose prior is the pooled mean worth
 * `shrinkage` pseudo-observations. A class seen three times borrows almost
 * everything from the pool; a class seen three hundred times speaks for itself.
 */

/** The class used when a job has no classification. */
export const UNCLASSIFIED = 'unclassified';

/**
 * Evidence for one (model, class): `alpha` is the summed quality of its scores
 * and `beta` the summed (1 − quality), so a plain pass/fail history gives
 * successes and failures. No prior is included; the predictor adds its own.
 */
export interface ClassStat {
  model: string;
  classKey: string;
  alpha: number;
  beta: number;
}

/** One score: quality in [0, 1] (fractional scores update the Beta fractionally). */
export interface QualityObservation {
  model: string;
  classKey: string;
  quality: number;
}

export interface BetaParameters {
  alpha: number;
  beta: number;
}

export interface ClassPosteriorOptions {
  /** Pseudo-observations the pooled mean is worth as a class's prior. @default 10 */
  shrinkage?: number;
  /**
   * Quality each model is believed to have before any score (e.g. the
   * config's qualityPrior), worth `priorStrength` observations at the pooled
   * level. @default 0.5 for every model
   */
  priors?: Record<string, number>;
  /** @default 2 (with the 0.5 default, the uniform Beta(1,1)) */
  priorStrength?: number;
  /**
   * Per model and class, the quality believed before scores (the config's
   * qualityPrior per task type). A class's prior mean is the model's pooled
   * mean shifted by how far this differs from the model's prior.
   */
  classPriors?: Record<string, Record<string, number>>;
}

interface Evidence {
  alpha: number;
  beta: number;
}

export class ClassPosteriors {
  private readonly shrinkage: number;
  private readonly priors: Record<string, number>;
  private readonly priorStrength: number;
  private readonly classPriors: Record<string, Record<string, number>>;
  private readonly byModel = new Map<string, { pooled: Evidence; classes: Map<string, Evidence> }>();

  constructor(options: ClassPosteriorOptions = {}) {
    this.shrinkage = options.shrinkage ?? 10;
    if (!(this.shrinkage >= 0)) throw new RangeError(`ClassPosteriors: shrinkage must be ≥ 0 (got ${options.shrinkage})`);
    this.priors = options.priors ?? {};
    this.priorStrength = options.priorStrength ?? 2;
    this.classPriors = options.classPriors ?? {};
    if (!(this.priorStrength > 0)) throw new RangeError(`ClassPosteriors: priorStrength must be > 0 (got ${options.priorStrength})`);
    for (const [model, prior] of Object.entries(this.priors)) {
      if (!(prior > 0 && prior < 1)) throw new RangeError(`ClassPosteriors: prior of ${model} must be in (0, 1) (got ${prior})`);
    }
  }

  observe({ model, classKey, quality }: QualityObservation): void {
    if (!(quality >= 0 && quality <= 1)) throw new RangeError(`observe: quality must be in [0, 1] (got ${quality} for ${model})`);
    this.add(model, classKey, quality, 1 - quality);
  }

  /**
   * Replaces all evidence with `stats`: the store they come from already holds
   * every score, so adding them to what was observed locally would count twice.
   */
  load(stats: readonly ClassStat[]): void {
    this.byModel.clear();
    for (const { model, classKey, alpha, beta } of stats) {
      if (!(alpha >= 0 && beta >= 0)) throw new RangeError(`loadStats: alpha and beta must be ≥ 0 (got ${alpha}, ${beta} for ${model}/${classKey})`);
      this.add(model, classKey, alpha, beta);
    }
  }

  /** The evidence held, one row per (model, class): what `load` takes back. */
  stats(): ClassStat[] {
    const rows: ClassStat[] = [];
    for (const [model, { classes }] of this.byModel) {
      for (const [classKey, { alpha, beta }] of classes) rows.push({ model, classKey, alpha, beta });
    }
    return rows;
  }

  /** The model's posterior over every class together, starting from its prior. */
  pooled(model: string): BetaParameters {
    const pooled = this.byModel.get(model)?.pooled;
    const prior = this.priors[model] ?? 0.5;
    return { alpha: this.priorStrength * prior + (pooled?.alpha ?? 0), beta: this.priorStrength * (1 - prior) + (pooled?.beta ?? 0) };
  }

  /** The posterior for (model, class), shrunk toward the model's pooled mean. */
  posterior(model: string, classKey: string): BetaParameters {
    const pooled = this.pooled(model);
    const classPrior = this.classPriors[model]?.[classKey];
    const offset = classPrior === undefined ? 0 : classPrior - (this.priors[model] ?? 0.5);
    const pooledMean = Math.min(0.99, Math.max(0.01, pooled.alpha / (pooled.alpha + pooled.beta) + offset));
    const own = this.byModel.get(model)?.classes.get(classKey);
    // A zero shrinkage still needs a proper prior for unseen classes.
    const strength = Math.max(this.shrinkage, 1e-3);
    return { alpha: strength * pooledMean + (own?.alpha ?? 0), beta: strength * (1 - pooledMean) + (own?.beta ?? 0) };
  }

  /** Scores held for (model, class). */
  count(model: string, classKey: string): number {
    const own = this.byModel.get(model)?.classes.get(classKey);
    return own ? own.alpha + own.beta : 0;
  }

  private add(model: string, classKey: string, alpha: number, beta: number): void {
    let entry = this.byModel.get(model);
    if (!entry) {
      entry = { pooled: { alpha: 0, beta: 0 }, classes: new Map() };
      this.byModel.set(model, entry);
    }
    const own = entry.classes.get(classKey) ?? { alpha: 0, beta: 0 };
    own.alpha += alpha;
    own.beta += beta;
    entry.classes.set(classKey, own);
    entry.pooled.alpha += alpha;
    entry.pooled.beta += beta;
  }
}
