import type { SparseVector } from './features';
import { mulberry32 } from '@switchyard/hashing';
import { shuffleInPlace } from './seeded-random';

/**
 * Multinomial (softmax) logistic regression over hashed sparse vectors,
 * trained by AdaGrad (per feature row) with lazily applied L2: a step touches only the rows of
 * the features present in the example, so an epoch costs O(total non-zeros ×
 * classes) whatever `dims` is. Two classes is plain binary logistic regression.
 */

// Bound once: a global lookup of `Math` in a hot loop is slow inside VM contexts such as Jest's.
const { exp, log, max, pow, sqrt } = Math;

export interface LabelledVector {
  x: SparseVector;
  /** Class index in [0, numClasses). */
  y: number;
}

export interface SoftmaxTrainOptions {
  /** @default 10 */
  epochs?: number;
  /** AdaGrad base step size. @default 0.5 */
  learningRate?: number;
  /** L2 penalty per weight per example step. @default 1e-6 */
  l2?: number;
  /** Seeds the per-epoch shuffle; the same seed and data give the same model. @default 1 */
  seed?: number;
  /** Width of the weight table; defaults to one past the largest feature index seen. */
  dims?: number;
  /** Loss multiplier per class, e.g. to counter imbalance. @default all 1 */
  classWeights?: number[];
  /** Called after each epoch with the mean (weighted) cross-entropy seen during that epoch. */
  onProgress?: (epoch: number, loss: number) => void;
}

/** The JSON form of a SoftmaxModel: only rows some training feature touched are stored. */
export interface SoftmaxModelJson {
  format: 'softmax-lr/1';
  dims: number;
  numClasses: number;
  /** Ascending feature indices whose weight row is stored: base64 of a little-endian Uint32Array. */
  rows: string;
  /** rows.length × numClasses weights, row-major: base64 of a little-endian Float32Array. */
  weights: string;
  bias: number[];
}

export class SoftmaxModel {
  constructor(
    readonly dims: number,
    readonly numClasses: number,
    /** dims × numClasses, row-major by feature index. */
    readonly weights: Float32Array,
    readonly bias: Float32Array,
  ) {
    if (weights.length !== dims * numClasses) throw new RangeError(`SoftmaxModel: weights has ${weights.length} entries, expected ${dims * numClasses}`);
    if (bias.length !== numClasses) throw new RangeError(`SoftmaxModel: bias has ${bias.length} entries, expected ${numClasses}`);
  }

  /** Unnormalised class scores. Features at or beyond `dims` never occurred in training, so they weigh nothing. */
  logits(x: SparseVector): Float32Array {
    const k = this.numClasses;
    const out = Float32Array.from(this.bias);
    for (let i = 0; i < x.indices.length; i++) {
      const feature = x.indices[i];
      if (feature >= this.dims) continue;
      const value = x.values[i];
      const row = feature * k;
      for (let c = 0; c < k; c++) out[c] += this.weights[row + c] * value;
    }
    return out;
  }

  /** Class probabilities, summing to 1. */
  predictProba(x: SparseVector): Float32Array {
    return softmaxInPlace(this.logits(x));
  }

  /** The most probable class index. */
  predict(x: SparseVector): number {
    return argmax(this.logits(x));
  }

  toJSON(): SoftmaxModelJson {
    const k = this.numClasses;
    const rows: number[] = [];
    for (let feature = 0; feature < this.dims; feature++) {
      for (let c = 0; c < k; c++) {
        if (this.weights[feature * k + c] !== 0) {
          rows.push(feature);
          break;
        }
      }
    }
    const packed = new Float32Array(rows.length * k);
    rows.forEach((feature, i) => packed.set(this.weights.subarray(feature * k, feature * k + k), i * k));
    return {
      format: 'softmax-lr/1',
      dims: this.dims,
      numClasses: k,
      rows: toBase64(Uint32Array.from(rows)),
      weights: toBase64(packed),
      bias: Array.from(this.bias),
    };
  }

  /** Rebuilds a model from `toJSON()` output; throws a RangeError/TypeError naming what is malformed. */
  static fromJSON(json: SoftmaxModelJson): SoftmaxModel {
    if (json?.format !== 'softmax-lr/1') throw new TypeError(`SoftmaxModel.fromJSON: unknown format ${JSON.stringify(json?.format)}`);
    const { dims, numClasses: k } = json;
    if (!Number.isInteger(dims) || dims < 1 || !Number.isInteger(k) || k < 2) {
      throw new RangeError(`SoftmaxModel.fromJSON: bad shape dims=${dims} numClasses=${k}`);
    }
    const rows = new Uint32Array(fromBase64(json.rows, 'rows'));
    const packed = new Float32Array(fromBase64(json.weights, 'weights'));
    if (packed.length !== rows.length * k) throw new RangeError(`SoftmaxModel.fromJSON: ${rows.length} rows need ${rows.length * k} weights, got ${packed.length}`);
    const weights = new Float32Array(dims * k);
    rows.forEach((feature, i) => {
      if (feature >= dims) throw new RangeError(`SoftmaxModel.fromJSON: row ${feature} is outside dims ${dims}`);
      weights.set(packed.subarray(i * k, i * k + k), feature * k);
    });
    if (!Array.isArray(json.bias)) throw new TypeError('SoftmaxModel.fromJSON: bias must be an array');
    return new SoftmaxModel(dims, k, weights, Float32Array.from(json.bias));
  }
}

const ADAGRAD_EPSILON = 1e-8;

/**
 * Trains a softmax model on `examples`. Deterministic for a given seed. Throws
 * on an empty set, a label outside [0, numClasses) or a feature index at or
 * beyond `options.dims`.
 */
export function trainSoftmax(examples: readonly LabelledVector[], numClasses: number, options: SoftmaxTrainOptions = {}): SoftmaxModel {
  const { epochs = 10, learningRate = 0.5, l2 = 1e-6, seed = 1, onProgress } = options;
  const k = numClasses;
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`trainSoftmax: numClasses must be an integer ≥ 2 (got ${numClasses})`);
  if (examples.length === 0) throw new RangeError('trainSoftmax: no examples');
  const classWeights = options.classWeights ?? new Array<number>(k).fill(1);
  if (classWeights.length !== k) throw new RangeError(`trainSoftmax: classWeights has ${classWeights.length} entries for ${k} classes`);

  let dims = 0;
  for (const [i, { x, y }] of examples.entries()) {
    if (!Number.isInteger(y) || y < 0 || y >= k) throw new RangeError(`trainSoftmax: example ${i} has label ${y}, outside [0, ${k})`);
    if (x.indices.length > 0) dims = max(dims, x.indices[x.indices.length - 1] + 1);
  }
  if (options.dims !== undefined) {
    if (!Number.isInteger(options.dims) || options.dims < dims) throw new RangeError(`trainSoftmax: dims ${options.dims} is below the largest feature index + 1 (${dims})`);
    dims = options.dims;
  }
  dims = max(dims, 1);

  const weights = new Float32Array(dims * k);
  // AdaGrad accumulates one squared-gradient sum per feature row, shared by its classes:
  // one square root and one decay per touched feature instead of one per weight.
  const gradSquares = new Float64Array(dims);
  const bias = new Float32Array(k);
  const biasGradSquares = new Float64Array(k);
  // The step at which each row last had its L2 decay applied.
  const lastDecayed = new Uint32Array(dims);
  const order = examples.map((_, i) => i);
  const rng = mulberry32(seed);
  const probabilities = new Float32Array(k);
  const errors = new Float32Array(k);
  let step = 0;

  // Brings a row up to date with the decay it missed while its feature was absent.
  const catchUp = (feature: number) => {
    const missed = step - lastDecayed[feature];
    lastDecayed[feature] = step;
    if (missed === 0 || l2 === 0 || gradSquares[feature] === 0) return;
    const rate = learningRate / sqrt(gradSquares[feature] + ADAGRAD_EPSILON);
    const decay = pow(max(0, 1 - rate * l2), missed);
    const row = feature * k;
    for (let c = 0; c < k; c++) weights[row + c] *= decay;
  };

  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffleInPlace(order, rng);
    let lossSum = 0;
    let weightSum = 0;
    for (const index of order) {
      const { x, y } = examples[index];
      const nnz = x.indices.length;
      for (let i = 0; i < nnz; i++) catchUp(x.indices[i]);

      probabilities.set(bias);
      for (let i = 0; i < nnz; i++) {
        const row = x.indices[i] * k;
        const value = x.values[i];
        for (let c = 0; c < k; c++) probabilities[c] += weights[row + c] * value;
      }
      softmaxInPlace(probabilities);
      const exampleWeight = classWeights[y];
      lossSum -= exampleWeight * log(max(probabilities[y], 1e-12));
      weightSum += exampleWeight;

      let errorSquares = 0;
      for (let c = 0; c < k; c++) {
        errors[c] = exampleWeight * (probabilities[c] - (c === y ? 1 : 0));
        errorSquares += errors[c] * errors[c];
        biasGradSquares[c] += errors[c] * errors[c];
        bias[c] -= (learningRate / sqrt(biasGradSquares[c] + ADAGRAD_EPSILON)) * errors[c];
      }
      for (let i = 0; i < nnz; i++) {
        const feature = x.indices[i];
        const value = x.values[i];
        gradSquares[feature] += errorSquares * value * value;
        const scaled = (learningRate / sqrt(gradSquares[feature] + ADAGRAD_EPSILON)) * value;
        const row = feature * k;
        for (let c = 0; c < k; c++) weights[row + c] -= scaled * errors[c];
      }
      step++;
    }
    onProgress?.(epoch, weightSum > 0 ? lossSum / weightSum : 0);
  }
  for (let feature = 0; feature < dims; feature++) catchUp(feature);
  return new SoftmaxModel(dims, k, weights, bias);
}

/** Numerically stable softmax, in place; returns its argument. */
export function softmaxInPlace(scores: Float32Array): Float32Array {
  let highest = -Infinity;
  for (const s of scores) highest = max(highest, s);
  let sum = 0;
  for (let c = 0; c < scores.length; c++) {
    scores[c] = exp(scores[c] - highest);
    sum += scores[c];
  }
  for (let c = 0; c < scores.length; c++) scores[c] /= sum;
  return scores;
}

export function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < scores.length; c++) if (scores[c] > scores[best]) best = c;
  return best;
}

// Typed arrays are little-endian on every platform Node runs on, which is what the JSON form promises.
function toBase64(array: Uint32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64(text: string, field: string): ArrayBuffer {
  if (typeof text !== 'string') throw new TypeError(`SoftmaxModel.fromJSON: ${field} must be a base64 string`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new RangeError(`SoftmaxModel.fromJSON: ${field} is ${bytes.length} bytes, not a multiple of 4`);
  // Copy into a fresh buffer: Buffer's pooled memory need not be 4-byte aligned.
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
}
