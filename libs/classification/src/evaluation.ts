import type { ClassifierArtifact } from './artifact';
import { COMPLEXITIES, DOMAINS, TASK_TYPES } from './classifier';
import { estimateTokens } from './job-signals';
import type { LabelledExample } from './labelled-examples';
import { ruleComplexity, ruleDomain, ruleTaskType } from './rules-classifier';
import { TrainedClassifier } from './trained-classifier';

export interface LabelMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Examples whose true label is this one. */
  support: number;
}

export interface HeadEvaluation {
  /** Examples that carry this head's label. */
  examples: number;
  accuracy: number;
  /** Unweighted mean F1 over every label that occurs as truth or prediction. */
  macroF1: number;
  /** Row and column order of `confusion`: the model's labels, then any only the data has. */
  labels: string[];
  /** confusion[t][p]: examples of true label labels[t] predicted as labels[p]. */
  confusion: number[][];
  perLabel: Record<string, LabelMetrics>;
}

export interface Evaluation {
  examples: number;
  heads: Record<string, HeadEvaluation>;
  /** Heads labelled in the data that the evaluated classifier does not predict. */
  unscoredHeads: string[];
}

/** Predicts a label per head from text; what an evaluation scores. */
export type HeadPredictor = (text: string) => Record<string, string>;

/** Scores `predict` against the labels of `examples` for each of `heads`. */
export function evaluatePredictor(
  predict: HeadPredictor,
  heads: Record<string, readonly string[]>,
  examples: readonly LabelledExample[],
): Evaluation {
  const labelsOf = new Map(Object.entries(heads).map(([head, labels]) => [head, [...labels]]));
  const pairs = new Map<string, [truth: string, predicted: string][]>([...labelsOf.keys()].map((h) => [h, []]));
  const unscored = new Set<string>();
  for (const example of examples) {
    const predicted = predict(example.text);
    for (const [head, truth] of Object.entries(example.labels)) {
      const list = pairs.get(head);
      if (!list) {
        unscored.add(head);
        continue;
      }
      list.push([truth, predicted[head]]);
    }
  }
  const result: Record<string, HeadEvaluation> = {};
  for (const [head, list] of pairs) {
    if (list.length > 0) result[head] = scoreHead(labelsOf.get(head) ?? [], list);
  }
  return { examples: examples.length, heads: result, unscoredHeads: [...unscored].sort() };
}

/** Accuracy, macro-F1 and the confusion matrix of each head of a trained artifact on `examples`. */
export function evaluateClassifier(artifact: ClassifierArtifact | TrainedClassifier, examples: readonly LabelledExample[]): Evaluation {
  const classifier = artifact instanceof TrainedClassifier ? artifact : new TrainedClassifier(artifact);
  const heads = Object.fromEntries(classifier.headNames.map((h) => [h, classifier.headLabels(h)]));
  return evaluatePredictor(
    (text) => Object.fromEntries(Object.entries(classifier.predictHeads(text)).map(([h, p]) => [h, p.label])),
    heads,
    examples,
  );
}

/** The same scores for the rules classifier, as the baseline a trained model should beat. */
export function evaluateRules(examples: readonly LabelledExample[]): Evaluation {
  return evaluatePredictor(
    (text) => ({
      task_type: ruleTaskType(text).taskType,
      domain: ruleDomain(text),
      complexity: ruleComplexity(text, estimateTokens(text, [])),
    }),
    { task_type: TASK_TYPES, domain: DOMAINS, complexity: COMPLEXITIES },
    examples,
  );
}

function scoreHead(known: string[], pairs: [string, string][]): HeadEvaluation {
  const labels = [...known];
  for (const [truth, predicted] of pairs) {
    for (const label of [truth, predicted]) if (!labels.includes(label)) labels.push(label);
  }
  const index = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => new Array<number>(labels.length).fill(0));
  let correct = 0;
  for (const [truth, predicted] of pairs) {
    confusion[index.get(truth) as number][index.get(predicted) as number]++;
    if (truth === predicted) correct++;
  }

  const perLabel: Record<string, LabelMetrics> = {};
  let f1Sum = 0;
  let occurring = 0;
  labels.forEach((label, i) => {
    const truePositives = confusion[i][i];
    const support = confusion[i].reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + row[i], 0);
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perLabel[label] = { precision, recall, f1, support };
    if (support > 0 || predictedCount > 0) {
      f1Sum += f1;
      occurring++;
    }
  });
  return { examples: pairs.length, accuracy: correct / pairs.length, macroF1: occurring === 0 ? 0 : f1Sum / occurring, labels, confusion, perLabel };
}
