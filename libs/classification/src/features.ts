/**
 * Text → hashed sparse feature vector (the "hashing trick"): word n-grams plus
 * character n-grams inside words, so a model needs no vocabulary file and
 * copes with typos, inflections and code identifiers it never saw.
 */
import { fmix32, fnv1a, fnv1aStep } from '@switchyard/hashing';

/** A sparse vector: `indices` strictly ascending, `values` aligned with them. */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

export interface FeatureOptions {
  /**
   * Size of the hashed feature space; every index is below it.
   * @default 262144 (2^18)
   */
  dims?: number;
  /**
   * Inclusive range of word n-gram lengths; `[0, 0]` turns word features off.
   * @default [1, 2]
   */
  wordNgrams?: [number, number];
  /**
   * Inclusive range of character n-gram lengths, taken inside each word padded
   * as `<word>`; `[0, 0]` turns character features off.
   * @default [3, 5]
   */
  charNgrams?: [number, number];
  /**
   * Only the first this many characters are read: a 200 kB document costs the
   * same as its head, and its head says what kind of task it is.
   * @default 20000
   */
  maxChars?: number;
}

export type ResolvedFeatureOptions = Required<FeatureOptions>;

export const DEFAULT_FEATURE_OPTIONS: Readonly<ResolvedFeatureOptions> = Object.freeze({
  dims: 1 << 18,
  wordNgrams: [1, 2] as [number, number],
  charNgrams: [3, 5] as [number, number],
  maxChars: 20_000,
});

/** Fills in defaults and rejects option values that would silently yield an empty vector. */
export function resolveFeatureOptions(options: FeatureOptions = {}): ResolvedFeatureOptions {
  const resolved: ResolvedFeatureOptions = {
    dims: options.dims ?? DEFAULT_FEATURE_OPTIONS.dims,
    wordNgrams: options.wordNgrams ?? DEFAULT_FEATURE_OPTIONS.wordNgrams,
    charNgrams: options.charNgrams ?? DEFAULT_FEATURE_OPTIONS.charNgrams,
    maxChars: options.maxChars ?? DEFAULT_FEATURE_OPTIONS.maxChars,
  };
  if (!Number.isInteger(resolved.dims) || resolved.dims < 1 || resolved.dims > 2 ** 32) {
    throw new RangeError(`featurize: dims must be an integer in [1, 2^32] (got ${resolved.dims})`);
  }
  for (const key of ['wordNgrams', 'charNgrams'] as const) {
    const [lo, hi] = resolved[key];
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo) {
      throw new RangeError(`featurize: ${key} must be [min, max] integers with 0 ≤ min ≤ max (got [${lo}, ${hi}])`);
    }
  }
  if (!Number.isInteger(resolved.maxChars) || resolved.maxChars < 1) {
    throw new RangeError(`featurize: maxChars must be a positive integer (got ${resolved.maxChars})`);
  }
  return resolved;
}

// Bound once: a global lookup of `Math` in a hot loop is slow inside VM contexts such as Jest's.
const { log, max, sqrt } = Math;

// Distinct starting states keep a word unigram "the" and a char trigram "the" apart.
const WORD_SEED = fnv1a('w');
const CHAR_SEED = fnv1a('c');
const TOKEN_SEPARATOR = 0x1f;

/**
 * Words are runs of letters, digits and `_`; every other non-space character
 * is a token of its own, because `{`, `=` and `$` are what make code and maths
 * look like code and maths.
 */
const TOKEN_PATTERN = /[\p{L}\p{M}\p{N}_]+|[^\s\p{L}\p{M}\p{N}_]/gu;

export function tokenize(text: string, maxChars = DEFAULT_FEATURE_OPTIONS.maxChars): string[] {
  const head = text.length > maxChars ? text.slice(0, maxChars) : text;
  return head.toLowerCase().match(TOKEN_PATTERN) ?? [];
}

function isWord(token: string): boolean {
  return token.length > 1 || /[\p{L}\p{M}\p{N}_]/u.test(token);
}

/**
 * Hashed word n-grams and in-word character n-grams of `text`, lower-cased,
 * weighted by sublinear term frequency (1 + ln tf) and L2-normalised.
 * Deterministic across runs and machines. Empty text gives an empty vector.
 */
export function featurize(text: string, options?: FeatureOptions): SparseVector {
  const { dims, wordNgrams, charNgrams, maxChars } = resolveFeatureOptions(options);
  const tokens = tokenize(text, maxChars);
  const counts = new Map<number, number>();
  const add = (hash: number) => {
    const index = fmix32(hash) % dims;
    counts.set(index, (counts.get(index) ?? 0) + 1);
  };

  const [wordMin, wordMax] = wordNgrams;
  if (wordMax > 0) {
    for (let i = 0; i < tokens.length; i++) {
      let h = WORD_SEED;
      for (let n = 1; n <= wordMax && i + n <= tokens.length; n++) {
        const token = tokens[i + n - 1];
        if (n > 1) h = fnv1aStep(h, TOKEN_SEPARATOR);
        h = fnv1a(token, h);
        if (n >= max(wordMin, 1)) add(h);
      }
    }
  }

  const [charMin, charMax] = charNgrams;
  if (charMax > 0) {
    for (const token of tokens) {
      if (!isWord(token)) continue;
      const padded = `<${token}>`;
      for (let n = max(charMin, 1); n <= charMax; n++) {
        for (let start = 0; start + n <= padded.length; start++) add(fnv1a(padded, CHAR_SEED, start, start + n));
      }
    }
  }

  const indices = Uint32Array.from(counts.keys()).sort();
  const values = new Float32Array(indices.length);
  let sumSquares = 0;
  for (let i = 0; i < indices.length; i++) {
    const weight = 1 + log(counts.get(indices[i]) as number);
    values[i] = weight;
    sumSquares += weight * weight;
  }
  const norm = sqrt(sumSquares);
  for (let i = 0; i < values.length; i++) values[i] /= norm;
  return { indices, values };
}
