import { featurize, SoftmaxModel, trainSoftmax } from '@switchyard/classification';
import type { FeatureOptions, LabelledVector, SoftmaxModelJson, SparseVector } from '@switchyard/classification';
import { correctnessVector } from './correctness-features';
import type { OutcomeRecord } from './outcome-records';
import { PROMPT_FORMATS, promptFormat } from './prompt-signals';
import { topicAccuracyByFormat } from './topic-accuracy';
import { WordProblemModel } from './word-problem-model';
import type { WordProblemModelJson } from './word-problem-model';
import { WORD_PROBLEM_SIGNAL_NAMES } from './word-problem-signals';
import type { WordProblemSignal } from './word-problem-signals';

/**
 * P(model answers correctly | prompt text), learned from offline outcomes.
 *
 * Two views of the prompt, blended:
 * - topic: a softmax classifier predicts the prompt's topic (the records'
 *   `subject`, e.g. the MMLU subject); each model's accuracy per (prompt
 *   format, topic) is a shrunk Beta posterior mean (topic-accuracy.ts), and
 *   the topic view is the accuracy expected under the predicted topic
 *   distribution for the prompt's format (prompt-signals.ts: e.g. the strong
 *   model loses most of its edge where every option is a number). Topics are
 *   strongly predictable from text and carry most of the signal.
 * - direct: per model, a binary logistic regression of correctness on the
 *   prompt's words and its signal words (format, length, counts of numbers:
 *   correctness-features.ts), which catches what varies inside a topic.
 * - problem (when problemWeight > 0): per model, a ridge-regressed linear
 *   model on the prompt's word-problem signals (word-problem-model.ts), which
 *   a few hundred outcomes can fit where a bag of words cannot.
 * p = topicWeight · p_topic + (1 − topicWeight) · p_direct, then
 * (1 − problemWeight) · p + problemWeight · p_problem. Without topic labels in
 * the records the direct view stands alone before the problem view. The
 * predictor trains one of these per kind of prompt (prompt-kind-models.ts).
 */

export interface PromptModelOptions {
  /** Weight of the topic view in the blend: in cross-validation inside the replay's training side (bench/quality/tune-blend.ts) 0.5–0.7 tie on APGR and 0.7 has the lowest CPT(80%). @default 0.7 */
  topicWeight?: number;
  /** Pseudo-observations behind each topic's accuracy (toward the model's overall) and each (format, topic) cell's (toward its topic's). @default 10 */
  topicShrinkage?: number;
  /** Features for the topic classifier. @default word 1–2-grams, no character n-grams, 2^17 dims */
  topicFeatures?: FeatureOptions;
  /** Text features for the per-model correctness models; character n-grams made them worse. @default word 1–2-grams, no character n-grams, 2^18 dims */
  correctnessFeatures?: FeatureOptions;
  /** Weight of the prompt's signal words among its text features (correctness-features.ts); 0 leaves them out. @default 3 */
  signalWeight?: number;
  /** AdaGrad step of the correctness models: small steps regularise them, 0.05 beat 0.2 in cross-validation. @default 0.05 */
  correctnessLearningRate?: number;
  /**
   * Few epochs at a large step overfit the topic classifier least: 2 at 2 reached 0.79 held-out topic
   * accuracy against 0.75 for 4 at 0.5, inside the replay's training side.
   * @default 2
   */
  topicEpochs?: number;
  /** AdaGrad step of the topic classifier. @default 2 */
  topicLearningRate?: number;
  /** @default 3 */
  correctnessEpochs?: number;
  /** Weight of the word-problem view in the blend; 0 leaves it out. @default 0 (prompt-kind-models.ts sets it per kind) */
  problemWeight?: number;
  /** The word-problem signals the problem view reads. @default all of WORD_PROBLEM_SIGNALS */
  problemSignals?: WordProblemSignal[];
  /** @default 1 */
  seed?: number;
}

/** Training progress: `done` of `total` steps, with the step being worked on. */
export type TrainingProgress = (done: number, total: number, stage: string) => void;

export interface PromptQualityModelJson {
  format: 'prompt-quality/4';
  models: string[];
  topicWeight: number;
  topicFeatures: FeatureOptions;
  correctnessFeatures: FeatureOptions;
  signalWeight: number;
  topics: string[];
  /** topicAccuracy[m][f][t]: posterior mean accuracy of models[m] on prompts of format PROMPT_FORMATS[f] in topics[t]. */
  topicAccuracy: number[][][];
  topicModel: SoftmaxModelJson | null;
  correctness: SoftmaxModelJson[];
  /** Training records per model. */
  observations: number[];
  problemWeight: number;
  problemModel: WordProblemModelJson | null;
}

const DEFAULT_TOPIC_FEATURES: FeatureOptions = { wordNgrams: [1, 2], charNgrams: [0, 0], dims: 1 << 17 };
const DEFAULT_CORRECTNESS_FEATURES: FeatureOptions = { wordNgrams: [1, 2], charNgrams: [0, 0], dims: 1 << 18 };

export class PromptQualityModel {
  private constructor(
    readonly models: readonly string[],
    private readonly topicWeight: number,
    private readonly topicFeatures: FeatureOptions,
    private readonly correctnessFeatures: FeatureOptions,
    private readonly signalWeight: number,
    readonly topics: readonly string[],
    private readonly topicAccuracy: number[][][],
    private readonly topicModel: SoftmaxModel | null,
    private readonly correctness: SoftmaxModel[],
    private readonly observations: number[],
    private readonly problemWeight: number,
    private readonly problemModel: WordProblemModel | null,
  ) {}

  static train(records: readonly OutcomeRecord[], options: PromptModelOptions = {}, onProgress?: TrainingProgress): PromptQualityModel {
    const topicWeight = options.topicWeight ?? 0.7;
    const shrinkage = options.topicShrinkage ?? 10;
    const topicFeatures = options.topicFeatures ?? DEFAULT_TOPIC_FEATURES;
    const correctnessFeatures = options.correctnessFeatures ?? DEFAULT_CORRECTNESS_FEATURES;
    const signalWeight = options.signalWeight ?? 3;
    const topicEpochs = options.topicEpochs ?? 2;
    const topicLearningRate = options.topicLearningRate ?? 2;
    const correctnessEpochs = options.correctnessEpochs ?? 3;
    const seed = options.seed ?? 1;
    const problemWeight = options.problemWeight ?? 0;
    if (!(problemWeight >= 0 && problemWeight <= 1)) throw new RangeError(`PromptQualityModel.train: problemWeight must be in [0, 1] (got ${options.problemWeight})`);
    if (records.length === 0) throw new RangeError('PromptQualityModel.train: no records');

    const models = [...new Set(records.flatMap((r) => Object.keys(r.outcomes)))].sort();
    const topics = [...new Set(records.map((r) => r.subject).filter((s): s is string => typeof s === 'string' && s !== ''))].sort();
    const useTopics = topics.length >= 2 && topicWeight > 0;
    const total = 1 + (useTopics ? topicEpochs : 0) + models.length * correctnessEpochs;
    let done = 0;
    const step = (stage: string) => onProgress?.(++done, total, stage);

    const correctnessVectors = records.map((r) => correctnessVector(r.prompt, correctnessFeatures, signalWeight));
    step('featurize');

    let topicModel: SoftmaxModel | null = null;
    const topicAccuracy: number[][][] = [];
    if (useTopics) {
      const topicIndex = new Map(topics.map((t, i) => [t, i]));
      const labelled = records.flatMap((r) => (r.subject ? [{ x: featurize(r.prompt, topicFeatures), y: topicIndex.get(r.subject) as number }] : []));
      topicModel = trainSoftmax(labelled, topics.length, {
        epochs: topicEpochs,
        learningRate: topicLearningRate,
        seed,
        dims: topicFeatures.dims,
        onProgress: () => step('topics'),
      });
      for (const model of models) topicAccuracy.push(topicAccuracyByFormat(records, model, topicIndex, shrinkage));
    }

    const observations: number[] = [];
    const correctness = models.map((model) => {
      const labelled: LabelledVector[] = [];
      records.forEach((r, i) => {
        if (model in r.outcomes) labelled.push({ x: correctnessVectors[i], y: Number(r.outcomes[model]) });
      });
      observations.push(labelled.length);
      return trainSoftmax(labelled, 2, {
        epochs: correctnessEpochs,
        learningRate: options.correctnessLearningRate ?? 0.05,
        l2: 1e-5,
        seed,
        dims: correctnessFeatures.dims,
        onProgress: () => step(model),
      });
    });
    const problemModel = problemWeight > 0 ? WordProblemModel.train(records, models, options.problemSignals ?? WORD_PROBLEM_SIGNAL_NAMES) : null;
    return new PromptQualityModel(
      models,
      useTopics ? topicWeight : 0,
      topicFeatures,
      correctnessFeatures,
      signalWeight,
      useTopics ? topics : [],
      topicAccuracy,
      topicModel,
      correctness,
      observations,
      problemModel ? problemWeight : 0,
      problemModel,
    );
  }

  /** Each known model's probability of answering `text` correctly. */
  predict(text: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [model, { topic, direct, problem }] of this.views(text)) {
      const fromText = topic === null ? direct : this.topicWeight * topic + (1 - this.topicWeight) * direct;
      out.set(model, problem === null ? fromText : (1 - this.problemWeight) * fromText + this.problemWeight * problem);
    }
    return out;
  }

  /** The views behind `predict`, per model: topic and problem are null without their models. */
  views(text: string): Map<string, { topic: number | null; direct: number; problem: number | null }> {
    const topicProbabilities = this.topicModel ? this.topicModel.predictProba(featurize(text, this.topicFeatures)) : null;
    const x: SparseVector = correctnessVector(text, this.correctnessFeatures, this.signalWeight);
    const format = PROMPT_FORMATS.indexOf(promptFormat(text));
    const fromProblem = this.problemModel?.predict(text);
    const out = new Map<string, { topic: number | null; direct: number; problem: number | null }>();
    this.models.forEach((model, m) => {
      let topic: number | null = null;
      if (topicProbabilities) {
        topic = 0;
        const accuracy = this.topicAccuracy[m][format];
        for (let t = 0; t < topicProbabilities.length; t++) topic += topicProbabilities[t] * accuracy[t];
      }
      out.set(model, { topic, direct: this.correctness[m].predictProba(x)[1], problem: fromProblem?.get(model) ?? null });
    });
    return out;
  }

  /** Training records behind `model`'s prediction (0 for a model it does not know). */
  observationsOf(model: string): number {
    const m = this.models.indexOf(model);
    return m < 0 ? 0 : this.observations[m];
  }

  /** The most probable topic for `text`, or null without a topic model. */
  topicOf(text: string): string | null {
    return this.topicModel ? this.topics[this.topicModel.predict(featurize(text, this.topicFeatures))] : null;
  }

  toJSON(): PromptQualityModelJson {
    return {
      format: 'prompt-quality/4',
      models: [...this.models],
      topicWeight: this.topicWeight,
      topicFeatures: this.topicFeatures,
      correctnessFeatures: this.correctnessFeatures,
      signalWeight: this.signalWeight,
      topics: [...this.topics],
      topicAccuracy: this.topicAccuracy,
      topicModel: this.topicModel?.toJSON() ?? null,
      correctness: this.correctness.map((c) => c.toJSON()),
      observations: this.observations,
      problemWeight: this.problemWeight,
      problemModel: this.problemModel?.toJSON() ?? null,
    };
  }

  static fromJSON(json: PromptQualityModelJson): PromptQualityModel {
    if (json?.format !== 'prompt-quality/4') throw new TypeError(`PromptQualityModel.fromJSON: unknown format ${JSON.stringify(json?.format)}`);
    if (json.correctness.length !== json.models.length || json.observations.length !== json.models.length) {
      throw new RangeError(
        `PromptQualityModel.fromJSON: ${json.models.length} models but ${json.correctness.length} correctness models and ${json.observations.length} counts`,
      );
    }
    return new PromptQualityModel(
      json.models,
      json.topicWeight,
      json.topicFeatures,
      json.correctnessFeatures,
      json.signalWeight,
      json.topics,
      json.topicAccuracy,
      json.topicModel ? SoftmaxModel.fromJSON(json.topicModel) : null,
      json.correctness.map((c) => SoftmaxModel.fromJSON(c)),
      json.observations,
      json.problemWeight,
      json.problemModel ? WordProblemModel.fromJSON(json.problemModel) : null,
    );
  }
}
