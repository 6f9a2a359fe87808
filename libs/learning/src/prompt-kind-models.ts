import type { OutcomeRecord } from './outcome-records';
import { PromptQualityModel } from './prompt-quality-model';
import type { PromptModelOptions, PromptQualityModelJson, TrainingProgress } from './prompt-quality-model';
import { promptFormat } from './prompt-signals';

/**
 * One PromptQualityModel per kind of prompt (multiple choice or free answer),
 * each trained on its kind's records only. On the RouteLLM outcomes the two
 * kinds are different tasks (MMLU questions and GSM8K word problems) whose
 * models share little: what makes a word problem hard (its length, its
 * fractions) is noise to the choice model and the other way round. Trained
 * apart, they raised cross-validated APGR from 0.689 to 0.697 and lowered
 * CPT(80%) from 0.554 to 0.539 (bench/quality/cross-validate.ts, 8 splits).
 *
 * Each kind starts from its own defaults (KIND_DEFAULTS), under the options
 * given. A kind with fewer than MIN_RECORDS_PER_KIND records gets no model of its
 * own: its records train, and its prompts are predicted by, the model of the
 * kind with the most records (the default kind).
 */

export const PROMPT_KINDS = ['choice', 'free-answer'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

/**
 * Free-answer word problems (GSM8K here: ~500 outcomes a training fold) get
 * the word-problem view at 0.3 and unigram text features, which overfit
 * fewer such records than bigrams: in cross-validation GSM8K APGR rose from
 * 0.645 to 0.655 (docs/learning.md, with each signal's share).
 */
export const KIND_DEFAULTS: Readonly<Record<PromptKind, PromptModelOptions>> = {
  choice: {},
  'free-answer': { problemWeight: 0.3, correctnessFeatures: { wordNgrams: [1, 1], charNgrams: [0, 0], dims: 1 << 18 } },
};

/** Below this many records a kind's own model would learn less than the shared one. */
export const MIN_RECORDS_PER_KIND = 200;

export interface PromptKindModelsJson {
  format: 'prompt-kind-models/1';
  defaultKind: PromptKind;
  parts: Partial<Record<PromptKind, PromptQualityModelJson>>;
}

/** Multiple-choice prompts, whatever their options hold, are one kind; the rest free answer. */
export function promptKind(prompt: string): PromptKind {
  return promptFormat(prompt) === 'free-answer' ? 'free-answer' : 'choice';
}

export class PromptKindModels {
  private constructor(
    private readonly defaultKind: PromptKind,
    private readonly parts: ReadonlyMap<PromptKind, PromptQualityModel>,
  ) {}

  static train(records: readonly OutcomeRecord[], options: PromptModelOptions = {}, onProgress?: TrainingProgress): PromptKindModels {
    if (records.length === 0) throw new RangeError('PromptKindModels.train: no records');
    const byKind = new Map<PromptKind, OutcomeRecord[]>();
    for (const r of records) {
      const kind = promptKind(r.prompt);
      const group = byKind.get(kind);
      if (group) group.push(r);
      else byKind.set(kind, [r]);
    }
    const [defaultKind] = [...byKind].sort((a, b) => b[1].length - a[1].length)[0];
    for (const [kind, group] of byKind) {
      if (kind === defaultKind || group.length >= MIN_RECORDS_PER_KIND) continue;
      (byKind.get(defaultKind) as OutcomeRecord[]).push(...group);
      byKind.delete(kind);
    }
    const parts = new Map<PromptKind, PromptQualityModel>();
    // Progress runs once from 0 to the number of records, each part over its share, not once per part.
    let trained = 0;
    for (const [kind, group] of byKind) {
      const before = trained;
      const partProgress: TrainingProgress = (done, total, stage) => onProgress?.(before + (group.length * done) / total, records.length, `${kind}: ${stage}`);
      parts.set(kind, PromptQualityModel.train(group, { ...KIND_DEFAULTS[kind], ...options }, partProgress));
      trained += group.length;
    }
    return new PromptKindModels(defaultKind, parts);
  }

  /** Each known model's probability of answering `text` correctly, from the model of the text's kind. */
  predict(text: string): Map<string, number> {
    return this.partFor(text).predict(text);
  }

  /** Training records behind `model`'s predictions, over all kinds (0 for a model it does not know). */
  observationsOf(model: string): number {
    let total = 0;
    for (const part of this.parts.values()) total += part.observationsOf(model);
    return total;
  }

  /** The kinds with a model of their own. */
  kinds(): PromptKind[] {
    return [...this.parts.keys()];
  }

  toJSON(): PromptKindModelsJson {
    return { format: 'prompt-kind-models/1', defaultKind: this.defaultKind, parts: Object.fromEntries([...this.parts].map(([kind, part]) => [kind, part.toJSON()])) };
  }

  static fromJSON(json: PromptKindModelsJson): PromptKindModels {
    if (json?.format !== 'prompt-kind-models/1') throw new TypeError(`PromptKindModels.fromJSON: unknown format ${JSON.stringify(json?.format)}`);
    const parts = new Map<PromptKind, PromptQualityModel>();
    for (const kind of PROMPT_KINDS) {
      const part = json.parts?.[kind];
      if (part) parts.set(kind, PromptQualityModel.fromJSON(part));
    }
    if (!parts.has(json.defaultKind)) throw new RangeError(`PromptKindModels.fromJSON: no model for the default kind ${JSON.stringify(json.defaultKind)}`);
    return new PromptKindModels(json.defaultKind, parts);
  }

  private partFor(text: string): PromptQualityModel {
    return this.parts.get(promptKind(text)) ?? (this.parts.get(this.defaultKind) as PromptQualityModel);
  }
}
