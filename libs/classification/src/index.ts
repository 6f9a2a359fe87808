export { DEFAULT_FEATURE_OPTIONS, featurize, resolveFeatureOptions, tokenize } from './features';
export type { FeatureOptions, ResolvedFeatureOptions, SparseVector } from './features';
export { argmax, SoftmaxModel, softmaxInPlace, trainSoftmax } from './logistic-regression';
export type { LabelledVector, SoftmaxModelJson, SoftmaxTrainOptions } from './logistic-regression';
export { createRng, shuffleInPlace } from './seeded-random';
