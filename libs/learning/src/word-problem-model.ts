import type { OutcomeRecord } from './outcome-records';
import { fitRidge, predictRidge } from './ridge-regression';
import type { RidgeFit } from './ridge-regression';
import { wordProblemSignals, WORD_PROBLEM_SIGNAL_NAMES } from './word-problem-signals';
import type { WordProblemSignal } from './word-problem-signals';

/**
 * Per model, a linear probability model of answering a word problem
 * correctly, on its word-problem signals (word-problem-signals.ts). Ridge
 * regression keeps it steady on the few hundred outcomes a source like GSM8K
 * gives; being linear in the target, the difference of two models' estimates
 * is exactly the ridge fit of "only the stronger one is right", the quantity
 * a two-model router ranks by.
 */

/** Shrinkage of the standardised signal weights: 100 beat 10 in cross-validation (docs/learning.md). */
export const WORD_PROBLEM_RIDGE = 100;

export interface WordProblemModelJson {
  format: 'word-problem/1';
  signals: WordProblemSignal[];
  models: string[];
  fits: RidgeFit[];
}

export class WordProblemModel {
  private constructor(
    private readonly signals: readonly WordProblemSignal[],
    private readonly models: readonly string[],
    private readonly fits: readonly RidgeFit[],
  ) {}

  static train(records: readonly OutcomeRecord[], models: readonly string[], signals: readonly WordProblemSignal[] = WORD_PROBLEM_SIGNAL_NAMES): WordProblemModel {
    if (signals.length === 0) throw new RangeError('WordProblemModel.train: no signals');
    const rows = records.map((r) => wordProblemSignals(r.prompt, signals));
    const fits = models.map((model) => {
      const seen = records.flatMap((r, i) => (model in r.outcomes ? [i] : []));
      if (seen.length === 0) throw new RangeError(`WordProblemModel.train: no outcomes for ${model}`);
      return fitRidge(
        seen.map((i) => rows[i]),
        seen.map((i) => Number(records[i].outcomes[model])),
        WORD_PROBLEM_RIDGE,
      );
    });
    return new WordProblemModel([...signals], [...models], fits);
  }

  /** Each model's estimate for `prompt`, clamped to [0, 1]. */
  predict(prompt: string): Map<string, number> {
    const row = wordProblemSignals(prompt, this.signals);
    return new Map(this.models.map((model, m) => [model, Math.min(1, Math.max(0, predictRidge(this.fits[m], row)))]));
  }

  toJSON(): WordProblemModelJson {
    return { format: 'word-problem/1', signals: [...this.signals], models: [...this.models], fits: [...this.fits] };
  }

  static fromJSON(json: WordProblemModelJson): WordProblemModel {
    if (json?.format !== 'word-problem/1') throw new TypeError(`WordProblemModel.fromJSON: unknown format ${JSON.stringify(json?.format)}`);
    if (json.fits.length !== json.models.length) throw new RangeError(`WordProblemModel.fromJSON: ${json.models.length} models but ${json.fits.length} fits`);
    return new WordProblemModel(json.signals, json.models, json.fits);
  }
}
