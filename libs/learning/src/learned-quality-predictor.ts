import { readFileSync, writeFileSync } from 'node:fs';
import { mulberry32 } from '@switchyard/hashing';
import type { Classification, Job } from '@switchyard/contracts';
import { jobText } from '@switchyard/contracts';
import type { QualityEstimate, QualityPredictor } from '@switchyard/routing';
import { sampleBeta } from './beta-sampler';
import { ClassPosteriors, UNCLASSIFIED } from './class-posteriors';
import type { BetaParameters, ClassStat, QualityObservation } from './class-posteriors';
import { readOutcomesFile } from './outcome-records';
import type { OutcomeRecord } from './outcome-records';
import { PromptKindModels } from './prompt-kind-models';
import type { PromptKindModelsJson } from './prompt-kind-models';
import type { PromptModelOptions, TrainingProgress } from './prompt-quality-model';

/**
 * The router's QualityPredictor: class-level Beta posteriors learned online
 * from scores, on top of a per-prompt text model trained offline.
 *
 * Class = `classification.taskType` (UNCLASSIFIED without one): the label
 * every classifier emits and the key the scorer's statistics are counted by.
 * Finer topics (e.g. MMLU subjects) are predicted from the text inside the
 * prompt model, where training labels for them exist.
 *
 * Combination, for a model the prompt model knows: its P(correct | prompt) is
 * a prior worth `promptPriorStrength` observations; the class posterior's
 * mean is added with the weight of its real scores, capped at
 * `classEvidenceCap`, so online scores pull every prompt of the class toward
 * what the model actually achieves there without ever erasing the per-prompt
 * ranking. With no scores yet the estimate is the prompt model's. For any
 * other model, the class posterior alone.
 */

export type ExplorationMode = 'thompson' | 'ucb';

export interface LearnedQualityPredictorOptions {
  /** `explore` is a posterior draw (thompson) or mean + ucbWidth·sd (ucb). @default 'thompson' */
  exploration?: ExplorationMode;
  /** @default 1 */
  ucbWidth?: number;
  /** Seeds Thompson draws. @default 1 */
  seed?: number;
  /** Pseudo-observations of a model's pooled mean behind each class posterior. @default 10 */
  shrinkage?: number;
  /** @default 50 */
  promptPriorStrength?: number;
  /** @default 50 */
  classEvidenceCap?: number;
  /** Router model name → the name it has in the outcomes data, when they differ. @default {} */
  modelAliases?: Record<string, string>;
  /** Quality believed per model before any score (the config's qualityPrior.default). @default 0.5 each */
  priors?: Record<string, number>;
  /** Observations the priors are worth. @default 2 */
  priorStrength?: number;
  /** Quality believed per model and class (task type) where it differs from the model's prior. @default {} */
  classPriors?: Record<string, Record<string, number>>;
}

export interface LearnedQualityArtifact {
  format: 'learned-quality/1';
  stats: ClassStat[];
  promptModel: PromptKindModelsJson | null;
}

export class LearnedQualityPredictor implements QualityPredictor {
  private readonly posteriors: ClassPosteriors;
  private readonly random: () => number;
  private readonly exploration: ExplorationMode;
  private readonly ucbWidth: number;
  private readonly promptPriorStrength: number;
  private readonly classEvidenceCap: number;
  private readonly modelAliases: Record<string, string>;
  private promptModel: PromptKindModels | null = null;

  constructor(options: LearnedQualityPredictorOptions = {}) {
    this.exploration = options.exploration ?? 'thompson';
    if (this.exploration !== 'thompson' && this.exploration !== 'ucb') {
      throw new RangeError(`LearnedQualityPredictor: exploration must be "thompson" or "ucb" (got ${JSON.stringify(options.exploration)})`);
    }
    this.ucbWidth = options.ucbWidth ?? 1;
    this.promptPriorStrength = options.promptPriorStrength ?? 50;
    this.classEvidenceCap = options.classEvidenceCap ?? 50;
    if (!(this.promptPriorStrength > 0)) throw new RangeError(`LearnedQualityPredictor: promptPriorStrength must be > 0 (got ${this.promptPriorStrength})`);
    if (!(this.classEvidenceCap >= 0)) throw new RangeError(`LearnedQualityPredictor: classEvidenceCap must be ≥ 0 (got ${this.classEvidenceCap})`);
    this.modelAliases = options.modelAliases ?? {};
    this.random = mulberry32(options.seed ?? 1);
    this.posteriors = new ClassPosteriors({ shrinkage: options.shrinkage, priors: options.priors, priorStrength: options.priorStrength, classPriors: options.classPriors });
  }

  /** The class a job's scores are counted under. */
  static classKeyOf(classification: Classification | null): string {
    return classification?.taskType || UNCLASSIFIED;
  }

  predict(job: Job, classification: Classification | null, models: readonly string[]): Map<string, QualityEstimate> {
    const classKey = LearnedQualityPredictor.classKeyOf(classification);
    const fromPrompt = this.promptModel?.predict(jobText(job));
    const estimates = new Map<string, QualityEstimate>();
    for (const model of models) {
      const classPosterior = this.posteriors.posterior(model, classKey);
      const scores = this.posteriors.count(model, classKey);
      const promptMean = fromPrompt?.get(this.modelAliases[model] ?? model);
      const posterior = promptMean === undefined ? classPosterior : this.blend(promptMean, classPosterior, scores);
      estimates.set(model, {
        mean: posterior.alpha / (posterior.alpha + posterior.beta),
        explore: this.explore(posterior),
        observations: scores + (promptMean === undefined ? 0 : this.promptModelObservations(model)),
      });
    }
    return estimates;
  }

  /** Learns from one score as it arrives. */
  observe(observation: QualityObservation): void {
    this.posteriors.observe(observation);
  }

  /** Replaces the class evidence with the store's (see ClassStat for what alpha and beta mean). */
  loadStats(stats: readonly ClassStat[]): void {
    this.posteriors.load(stats);
  }

  stats(): ClassStat[] {
    return this.posteriors.stats();
  }

  /** Trains the per-prompt model from an outcomes JSONL file or its records. */
  bootstrapFromOutcomes(source: string | readonly OutcomeRecord[], options?: PromptModelOptions, onProgress?: TrainingProgress): void {
    const records = typeof source === 'string' ? readOutcomesFile(source) : source;
    this.promptModel = PromptKindModels.train(records, options, onProgress);
  }

  toJSON(): LearnedQualityArtifact {
    return { format: 'learned-quality/1', stats: this.stats(), promptModel: this.promptModel?.toJSON() ?? null };
  }

  static fromJSON(artifact: LearnedQualityArtifact, options?: LearnedQualityPredictorOptions): LearnedQualityPredictor {
    if (artifact?.format !== 'learned-quality/1') throw new TypeError(`LearnedQualityPredictor.fromJSON: unknown format ${JSON.stringify(artifact?.format)}`);
    const predictor = new LearnedQualityPredictor(options);
    predictor.loadStats(artifact.stats);
    predictor.promptModel = artifact.promptModel ? PromptKindModels.fromJSON(artifact.promptModel) : null;
    return predictor;
  }

  save(path: string): void {
    writeFileSync(path, JSON.stringify(this.toJSON()));
  }

  static load(path: string, options?: LearnedQualityPredictorOptions): LearnedQualityPredictor {
    return LearnedQualityPredictor.fromJSON(JSON.parse(readFileSync(path, 'utf8')) as LearnedQualityArtifact, options);
  }

  private blend(promptMean: number, classPosterior: BetaParameters, scores: number): BetaParameters {
    const classWeight = Math.min(scores, this.classEvidenceCap);
    const classMean = classPosterior.alpha / (classPosterior.alpha + classPosterior.beta);
    const strength = this.promptPriorStrength + classWeight;
    const mean = (this.promptPriorStrength * promptMean + classWeight * classMean) / strength;
    return { alpha: mean * strength, beta: (1 - mean) * strength };
  }

  private explore({ alpha, beta }: BetaParameters): number {
    if (this.exploration === 'thompson') return sampleBeta(alpha, beta, this.random);
    const n = alpha + beta;
    return alpha / n + this.ucbWidth * Math.sqrt((alpha * beta) / (n * n * (n + 1)));
  }

  private promptModelObservations(model: string): number {
    return this.promptModel?.observationsOf(this.modelAliases[model] ?? model) ?? 0;
  }
}
