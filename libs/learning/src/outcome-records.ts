import { readFileSync } from 'node:fs';
import { FNV1A_OFFSET, fnv1a } from '@switchyard/hashing';
import type { TokenPricing } from '@switchyard/config';

/**
 * Offline outcomes: one prompt and, per model, whether its answer was right.
 * The shape of /work/shared/data/routellm/outcomes.*.jsonl, for any number
 * of models; `subject` and `responses` are optional training extras, never
 * read at routing time, and `prices` says what each model charges (see
 * answer-costs.ts for the defaults when a record has none).
 */
export interface OutcomeRecord {
  id: string;
  prompt: string;
  outcomes: Record<string, boolean>;
  source?: string;
  /** A topic label (MMLU subject); trains the topic classifier when present. */
  subject?: string;
  /** Each model's answer text, when recorded; sizes the output-token estimate. */
  responses?: Record<string, string>;
  /** Each model's price, as a config's `models[].pricing` states it (USD per million tokens), when recorded. */
  prices?: Record<string, TokenPricing>;
}

/** Parses JSONL outcomes, naming the line of the first malformed record. */
export function parseOutcomes(text: string, origin = 'outcomes'): OutcomeRecord[] {
  const records: OutcomeRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new SyntaxError(`${origin}:${i + 1}: not JSON (${(error as Error).message})`);
    }
    const record = value as OutcomeRecord;
    if (typeof record?.prompt !== 'string') throw new TypeError(`${origin}:${i + 1}: "prompt" must be a string`);
    if (typeof record.outcomes !== 'object' || record.outcomes === null || Object.values(record.outcomes).some((v) => typeof v !== 'boolean')) {
      throw new TypeError(`${origin}:${i + 1}: "outcomes" must map model names to true/false`);
    }
    for (const [model, price] of Object.entries(record.prices ?? {})) {
      if (!(price?.inputUsdPerMTok >= 0 && price.outputUsdPerMTok >= 0)) {
        throw new TypeError(`${origin}:${i + 1}: "prices.${model}" must be {"inputUsdPerMTok": ≥ 0, "outputUsdPerMTok": ≥ 0}`);
      }
    }
    records.push({ ...record, id: typeof record.id === 'string' ? record.id : `${origin}:${i + 1}` });
  });
  return records;
}

export function readOutcomesFile(path: string): OutcomeRecord[] {
  return parseOutcomes(readFileSync(path, 'utf8'), path);
}

/**
 * FNV-1a of `text` mixed with `seed`: a stable, platform-independent bucket for an id in [0, 1).
 * The mix is the first half of fmix32 only, as it always was here: the full
 * finaliser would move records across every seeded split, and so change every
 * figure already reported on those splits (the pinned split test says which).
 */
function hashId(text: string, seed: number): number {
  let h = fnv1a(text, (FNV1A_OFFSET ^ seed) >>> 0);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

/**
 * Splits by a seeded hash of each id, so a record lands on the same side on
 * every run and machine, whatever the file's order.
 */
export function splitById<T extends { id: string }>(records: readonly T[], heldOutFraction: number, seed: number): { train: T[]; heldOut: T[] } {
  if (!(heldOutFraction > 0 && heldOutFraction < 1)) throw new RangeError(`splitById: heldOutFraction must be in (0, 1) (got ${heldOutFraction})`);
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const record of records) (hashId(record.id, seed) < heldOutFraction ? heldOut : train).push(record);
  return { train, heldOut };
}
