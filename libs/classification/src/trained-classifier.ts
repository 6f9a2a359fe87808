import { jobText, type Classification, type Job } from '@switchyard/contracts';
import { loadArtifactHeads, type ClassifierArtifact } from './artifact';
import { FIELD_HEADS, type Classifier } from './classifier';
import { argmax, type SoftmaxModel } from './logistic-regression';
import { featurize, type ResolvedFeatureOptions } from './features';
import { jobSignals } from './job-signals';
import { detectLanguage } from './language';
import { ruleComplexity, ruleDomain, ruleTaskType } from './rules-classifier';

export interface HeadPrediction {
  label: string;
  probability: number;
  /** Probability of every label of the head. */
  scores: Record<string, number>;
}

/**
 * Classifies with the label heads of a trained artifact. Language, modalities
 * and token estimates stay rule-based (they need no model), and so does any
 * of task type, domain or complexity that the artifact has no head for.
 */
export class TrainedClassifier implements Classifier {
  readonly version: string;
  private readonly features: ResolvedFeatureOptions;
  private readonly heads: Map<string, { labels: string[]; model: SoftmaxModel }>;

  /** Throws ArtifactError when the artifact is unusable; `source` names it in that error. */
  constructor(artifact: ClassifierArtifact, source?: string) {
    this.heads = loadArtifactHeads(artifact, source);
    this.features = artifact.features;
    this.version = artifact.version;
  }

  get headNames(): string[] {
    return [...this.heads.keys()];
  }

  /** The labels head `name` can predict, in class order. */
  headLabels(name: string): string[] {
    return [...(this.heads.get(name)?.labels ?? [])];
  }

  /** Every head's prediction for `text`, from one featurization. */
  predictHeads(text: string): Record<string, HeadPrediction> {
    const x = featurize(text, this.features);
    const predictions: Record<string, HeadPrediction> = {};
    for (const [name, { labels, model }] of this.heads) {
      const probabilities = model.predictProba(x);
      const best = argmax(probabilities);
      const scores: Record<string, number> = {};
      labels.forEach((label, i) => (scores[label] = probabilities[i]));
      predictions[name] = { label: labels[best], probability: probabilities[best], scores };
    }
    return predictions;
  }

  classify(job: Job): Classification {
    const text = jobText(job);
    const { modalities, estimatedTokens } = jobSignals(job, text);
    const predicted = this.predictHeads(text);
    const taskHead = predicted.task_type;
    const task = taskHead ? { taskType: taskHead.label, confidence: taskHead.probability } : ruleTaskType(text);
    const labels: Record<string, string> = {};
    for (const [name, prediction] of Object.entries(predicted)) if (!(name in FIELD_HEADS)) labels[name] = prediction.label;
    return {
      taskType: task.taskType,
      domain: predicted.domain?.label ?? ruleDomain(text),
      complexity: predicted.complexity?.label ?? ruleComplexity(text, estimatedTokens),
      language: detectLanguage(text),
      modalities,
      estimatedTokens,
      confidence: task.confidence,
      taskTypeScores: taskHead?.scores ?? {},
      classifier: `model:${this.version}`,
      labels,
    };
  }
}
