import { featurize, type SparseVector } from './features';
import { SoftmaxModel, trainSoftmax, type LabelledVector } from './logistic-regression';
import { mulberry32 } from '@switchyard/hashing';

function vector(pairs: [number, number][]): SparseVector {
  return { indices: Uint32Array.from(pairs.map(([i]) => i)), values: Float32Array.from(pairs.map(([, v]) => v)) };
}

// Three classes, each marked by its own feature plus shared noise features.
function toyProblem(count: number, seed: number): LabelledVector[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const y = Math.floor(random() * 3);
    const noise = 10 + Math.floor(random() * 20);
    return { x: vector([[y, 0.8], [noise, 0.6]]), y };
  });
}

describe('trainSoftmax', () => {
  it('separates a linearly separable three-class problem', () => {
    const model = trainSoftmax(toyProblem(300, 1), 3, { epochs: 5, seed: 7 });
    const test = toyProblem(100, 2);
    const correct = test.filter(({ x, y }) => model.predict(x) === y).length;
    expect(correct).toBe(100);
    expect(model.predictProba(test[0].x)[test[0].y]).toBeGreaterThan(0.9);
  });

  it('reports a falling loss per epoch', () => {
    const losses: number[] = [];
    trainSoftmax(toyProblem(200, 3), 3, { epochs: 4, onProgress: (_, loss) => losses.push(loss) });
    expect(losses).toHaveLength(4);
    expect(losses[3]).toBeLessThan(losses[0]);
  });

  it('learns a binary problem from text', () => {
    const texts: [string, number][] = [
      ['what is 2 plus 2', 1], ['compute 17 times 3', 1], ['solve for x: 3x + 1 = 7', 1], ['what is 9 minus 4', 1],
      ['write a poem about autumn', 0], ['compose a short story about a dragon', 0], ['write a haiku about rain', 0], ['tell a story about a ship', 0],
    ];
    const model = trainSoftmax(texts.map(([t, y]) => ({ x: featurize(t), y })), 2, { epochs: 30 });
    expect(model.predict(featurize('compute 5 plus 8'))).toBe(1);
    expect(model.predict(featurize('write a poem about the sea'))).toBe(0);
  });

  it('produces the same model for the same seed', () => {
    const data = toyProblem(100, 4);
    const a = trainSoftmax(data, 3, { seed: 9, epochs: 2 });
    const b = trainSoftmax(data, 3, { seed: 9, epochs: 2 });
    expect(a.toJSON()).toEqual(b.toJSON());
  });

  it('shrinks weights toward zero as l2 grows', () => {
    const data = toyProblem(200, 5);
    const size = (m: SoftmaxModel) => m.weights.reduce((s, w) => s + w * w, 0);
    expect(size(trainSoftmax(data, 3, { l2: 1e-2, epochs: 3 }))).toBeLessThan(size(trainSoftmax(data, 3, { l2: 0, epochs: 3 })));
  });

  it('rejects labels outside the class range', () => {
    expect(() => trainSoftmax([{ x: vector([[0, 1]]), y: 3 }], 3)).toThrow(/label 3/);
  });
});

describe('SoftmaxModel JSON form', () => {
  it('round-trips through JSON text to identical predictions', () => {
    const model = trainSoftmax(toyProblem(200, 6), 3, { epochs: 3, dims: 1 << 10 });
    const restored = SoftmaxModel.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.dims).toBe(1 << 10);
    for (const { x } of toyProblem(20, 7)) expect(Array.from(restored.predictProba(x))).toEqual(Array.from(model.predictProba(x)));
  });

  it('stores only rows with non-zero weights', () => {
    const model = trainSoftmax(toyProblem(50, 8), 3, { epochs: 1, dims: 1 << 16 });
    const json = model.toJSON();
    expect(Buffer.from(json.rows, 'base64').length / 4).toBeLessThanOrEqual(30);
  });

  it('rejects a payload whose weights do not match its rows', () => {
    const json = trainSoftmax(toyProblem(50, 9), 3, { epochs: 1 }).toJSON();
    expect(() => SoftmaxModel.fromJSON({ ...json, weights: Buffer.from(new Float32Array(1).buffer).toString('base64') })).toThrow(/rows need/);
  });
});
