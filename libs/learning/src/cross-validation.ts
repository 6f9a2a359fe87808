import type { OutcomeRecord } from './outcome-records';
import { splitById } from './outcome-records';
import { runReplay } from './replay';
import type { ReplayOptions } from './replay';
import type { RoutingSummary } from './routing-metrics';

/**
 * Repeated random splits of a training set: split k holds out
 * `validationFraction` of the records by a hash of their ids seeded
 * `firstSeed + k`, trains on the rest and replays the held-out part. Every
 * configuration compared on the same seeds sees the same splits, and the
 * seeds are part of the result, so a figure can be reproduced and a setting
 * chosen on one seed range checked on another.
 */

export interface CrossValidationOptions {
  /** @default 8 */
  folds?: number;
  /** @default 1000 */
  firstSeed?: number;
  /** @default 1/3 */
  validationFraction?: number;
}

export interface SplitFigures {
  apgr: number;
  cpt50: number;
  cpt80: number;
}

export interface FoldResult {
  seed: number;
  validated: number;
  overall: SplitFigures;
  bySource: Record<string, SplitFigures>;
}

export interface CrossValidationResult {
  seeds: number[];
  validationFraction: number;
  folds: FoldResult[];
  /** Means over the folds; a source is averaged over the folds that validated it. */
  mean: SplitFigures & { bySource: Record<string, SplitFigures> };
}

export function crossValidate(
  records: readonly OutcomeRecord[],
  options: CrossValidationOptions = {},
  replay: ReplayOptions = {},
  onFold?: (done: number, total: number) => void,
): CrossValidationResult {
  const folds = options.folds ?? 8;
  const firstSeed = options.firstSeed ?? 1000;
  const validationFraction = options.validationFraction ?? 1 / 3;
  if (!(Number.isInteger(folds) && folds >= 1)) throw new RangeError(`crossValidate: folds must be an integer ≥ 1 (got ${options.folds})`);
  const seeds = Array.from({ length: folds }, (_, k) => firstSeed + k);
  const results = seeds.map((seed, k) => {
    const { train, heldOut } = splitById(records, validationFraction, seed);
    const report = runReplay(train, heldOut, replay);
    onFold?.(k + 1, folds);
    return {
      seed,
      validated: heldOut.length,
      overall: figures(report.overall.router),
      bySource: Object.fromEntries(Object.entries(report.bySource).map(([source, f]) => [source, figures(f.router)])),
    };
  });
  const sources = [...new Set(results.flatMap((r) => Object.keys(r.bySource)))].sort();
  return {
    seeds,
    validationFraction,
    folds: results,
    mean: {
      ...meanOf(results.map((r) => r.overall)),
      bySource: Object.fromEntries(sources.map((source) => [source, meanOf(results.flatMap((r) => r.bySource[source] ?? []))])),
    },
  };
}

function figures(summary: RoutingSummary): SplitFigures {
  return { apgr: summary.apgr, cpt50: summary.cpt50, cpt80: summary.cpt80 };
}

function meanOf(rows: readonly SplitFigures[]): SplitFigures {
  const avg = (key: keyof SplitFigures) => rows.reduce((sum, r) => sum + r[key], 0) / rows.length;
  return { apgr: avg('apgr'), cpt50: avg('cpt50'), cpt80: avg('cpt80') };
}
