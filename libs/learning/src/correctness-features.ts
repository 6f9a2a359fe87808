import { featurize } from '@switchyard/classification';
import type { FeatureOptions, SparseVector } from '@switchyard/classification';
import { promptSignalWords } from './prompt-signals';

/**
 * The correctness models' input: the prompt's text features plus its signal
 * words (prompt-signals.ts) hashed into the same space, each weighing
 * `signalWeight` times a unit-normalised word vector, so a handful of them are
 * not drowned by the hundreds of text features.
 */
export function correctnessVector(prompt: string, features: FeatureOptions, signalWeight: number): SparseVector {
  const text = featurize(prompt, features);
  if (signalWeight === 0) return text;
  const signals = featurize(promptSignalWords(prompt).join(' '), { dims: features.dims, wordNgrams: [1, 1], charNgrams: [0, 0] });
  return addSparse(text, signals, signalWeight);
}

/** a + scale · b, indices ascending. */
export function addSparse(a: SparseVector, b: SparseVector, scale: number): SparseVector {
  const sums = new Map<number, number>();
  a.indices.forEach((index, i) => sums.set(index, a.values[i]));
  b.indices.forEach((index, i) => sums.set(index, (sums.get(index) ?? 0) + scale * b.values[i]));
  const indices = Uint32Array.from(sums.keys()).sort();
  return { indices, values: Float32Array.from(indices, (index) => sums.get(index) as number) };
}
