import { featurize } from '@switchyard/classification';
import { addSparse, correctnessVector } from './correctness-features';

const vector = (indices: number[], values: number[]) => ({ indices: Uint32Array.from(indices), values: Float32Array.from(values) });
const FEATURES = { dims: 1 << 12, wordNgrams: [1, 2] as [number, number], charNgrams: [0, 0] as [number, number] };

describe('addSparse', () => {
  it('adds scaled values on shared indices and keeps indices ascending', () => {
    const sum = addSparse(vector([1, 5], [1, 2]), vector([0, 5, 9], [1, 1, 1]), 3);
    expect(Array.from(sum.indices)).toEqual([0, 1, 5, 9]);
    expect(Array.from(sum.values)).toEqual([3, 1, 5, 3]);
  });
});

describe('correctnessVector', () => {
  it('is the plain text vector when signals weigh nothing', () => {
    expect(correctnessVector('How many eggs are left?', FEATURES, 0)).toEqual(featurize('How many eggs are left?', FEATURES));
  });

  it('tells apart prompts with the same words but different sizes', () => {
    const short = correctnessVector('add 2 and 3', FEATURES, 3);
    const long = correctnessVector(`add 2 and 3${' '.repeat(200)}`, FEATURES, 3);
    expect(featurize('add 2 and 3', FEATURES)).toEqual(featurize(`add 2 and 3${' '.repeat(200)}`, FEATURES));
    expect(short).not.toEqual(long);
  });
});
