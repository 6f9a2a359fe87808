import { featurize, tokenize } from './features';

function norm(values: Float32Array): number {
  return Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
}

describe('featurize', () => {
  it('gives the same vector for the same text on every call', () => {
    const a = featurize('Write a Python function that reverses a linked list.');
    const b = featurize('Write a Python function that reverses a linked list.');
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });

  it('pins hashes to fixed indices so saved models stay valid across releases', () => {
    // "hello", "world" and the bigram "hello world"; a changed hash would strand every trained artifact.
    expect(Array.from(featurize('hello world', { charNgrams: [0, 0] }).indices)).toEqual([45669, 84824, 222930]);
  });

  it('returns a unit-length vector with strictly ascending indices below dims', () => {
    const dims = 1 << 12;
    const { indices, values } = featurize('Summarise the following article about interest rates and inflation. '.repeat(5), { dims });
    expect(norm(values)).toBeCloseTo(1, 5);
    for (let i = 1; i < indices.length; i++) expect(indices[i]).toBeGreaterThan(indices[i - 1]);
    expect(Math.max(...indices)).toBeLessThan(dims);
  });

  it('ignores case', () => {
    expect(featurize('Translate THIS to French')).toEqual(featurize('translate this to french'));
  });

  it('weights repeated terms sublinearly', () => {
    const once = featurize('cat dog', { charNgrams: [0, 0], wordNgrams: [1, 1] });
    const many = featurize('cat cat cat cat dog', { charNgrams: [0, 0], wordNgrams: [1, 1] });
    const ratio = (v: { values: Float32Array }) => Math.max(...v.values) / Math.min(...v.values);
    expect(ratio(once)).toBeCloseTo(1, 5);
    expect(ratio(many)).toBeCloseTo(1 + Math.log(4), 4);
  });

  it('adds word bigrams only when asked to', () => {
    const unigrams = featurize('alpha beta gamma', { charNgrams: [0, 0], wordNgrams: [1, 1] });
    const withBigrams = featurize('alpha beta gamma', { charNgrams: [0, 0], wordNgrams: [1, 2] });
    expect(unigrams.indices.length).toBe(3);
    expect(withBigrams.indices.length).toBe(5);
  });

  it('takes character n-grams inside padded words only', () => {
    // "<ab>" has 2 trigrams; the bigram across words would add more if boundaries leaked.
    const v = featurize('ab ab', { wordNgrams: [0, 0], charNgrams: [3, 3] });
    expect(v.indices.length).toBe(2);
  });

  it('returns an empty vector for text without tokens', () => {
    expect(featurize('   ').indices.length).toBe(0);
  });

  it('rejects options that would describe an impossible feature space', () => {
    expect(() => featurize('x', { dims: 0 })).toThrow(/dims/);
    expect(() => featurize('x', { charNgrams: [5, 3] })).toThrow(/charNgrams/);
  });
});

describe('tokenize', () => {
  it('splits words from symbols and keeps non-Latin letters together', () => {
    expect(tokenize('def f(x): return x**2 # 日本語')).toEqual(['def', 'f', '(', 'x', ')', ':', 'return', 'x', '*', '*', '2', '#', '日本語']);
  });
});
