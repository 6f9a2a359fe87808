import { ARTIFACT_FORMAT, sealArtifact, type ClassifierArtifact, type HeadTrainingMetrics, type LabelHeadArtifact } from './artifact';
import { featurize, resolveFeatureOptions, type FeatureOptions, type SparseVector } from './features';
import type { LabelledExample } from './labelled-examples';
import { trainSoftmax } from './logistic-regression';

export interface TrainingProgress {
  head: string;
  /** 0-based position of `head` among the heads being trained. */
  headIndex: number;
  headCount: number;
  epoch: number;
  epochs: number;
  loss: number;
}

export interface TrainClassifierOptions {
  /** @default 10 */
  epochs?: number;
  /** @default 0.5 */
  learningRate?: number;
  /** @default 1e-6 */
  l2?: number;
  /** @default 1 */
  seed?: number;
  /** Featurizer settings, stored in the artifact so serving featurizes the same way. */
  features?: FeatureOptions;
  /** Train only these heads; by default every head found in the examples. */
  heads?: string[];
  onProgress?: (progress: TrainingProgress) => void;
}

/** Training data or options that cannot produce a classifier. */
export class TrainingError extends Error {
  readonly code = 'TRAINING_FAILED';
}

/**
 * Trains one softmax head per label name found in `examples` (each head on the
 * examples that carry its label) and returns a sealed artifact. A head whose
 * examples all share one label is skipped and noted in `training.skippedHeads`.
 */
export function trainClassifier(examples: readonly LabelledExample[], options: TrainClassifierOptions = {}): ClassifierArtifact {
  const { epochs = 10, learningRate = 0.5, l2 = 1e-6, seed = 1, onProgress } = options;
  const features = resolveFeatureOptions(options.features);
  if (examples.length === 0) throw new TrainingError('no training examples');
  if (!Number.isInteger(epochs) || epochs < 1) throw new TrainingError(`epochs must be a positive integer (got ${epochs})`);

  const found = [...new Set(examples.flatMap((e) => Object.keys(e.labels)))].sort();
  const requested = options.heads ?? found;
  const absent = requested.filter((h) => !found.includes(h));
  if (absent.length > 0) throw new TrainingError(`no example carries label head(s) ${absent.join(', ')} (found: ${found.join(', ') || 'none'})`);

  const vectors: SparseVector[] = examples.map((e) => featurize(e.text, features));
  const heads: Record<string, LabelHeadArtifact> = {};
  const metrics: Record<string, HeadTrainingMetrics> = {};
  const skippedHeads: Record<string, string> = {};
  const trainable = requested.filter((head) => {
    const values = new Set(examples.map((e) => e.labels[head]).filter((v) => v !== undefined));
    if (values.size < 2) skippedHeads[head] = `every example has the same label "${[...values][0]}"`;
    return values.size >= 2;
  });
  if (trainable.length === 0) throw new TrainingError(`no head has two or more distinct labels (${Object.entries(skippedHeads).map(([h, why]) => `${h}: ${why}`).join('; ')})`);

  trainable.forEach((head, headIndex) => {
    const labelled = examples.flatMap((e, i) => (e.labels[head] === undefined ? [] : [{ x: vectors[i], label: e.labels[head] }]));
    const labels = [...new Set(labelled.map((e) => e.label))].sort();
    const classOf = new Map(labels.map((label, i) => [label, i]));
    const data = labelled.map(({ x, label }) => ({ x, y: classOf.get(label) as number }));
    let finalLoss = NaN;
    const model = trainSoftmax(data, labels.length, {
      epochs,
      learningRate,
      l2,
      seed,
      dims: features.dims,
      onProgress: (epoch, loss) => {
        finalLoss = loss;
        onProgress?.({ head, headIndex, headCount: trainable.length, epoch, epochs, loss });
      },
    });
    const labelCounts: Record<string, number> = {};
    for (const { label } of labelled) labelCounts[label] = (labelCounts[label] ?? 0) + 1;
    const correct = data.filter(({ x, y }) => model.predict(x) === y).length;
    heads[head] = { labels, model: model.toJSON() };
    metrics[head] = { examples: data.length, labelCounts, trainAccuracy: correct / data.length, finalLoss };
  });

  return sealArtifact({
    format: ARTIFACT_FORMAT,
    features,
    heads,
    training: { examples: examples.length, epochs, learningRate, l2, seed, heads: metrics, skippedHeads },
  });
}
