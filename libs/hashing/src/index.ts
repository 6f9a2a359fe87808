export { fmix32 } from './fmix32';
export { FNV1A_OFFSET, fnv1a, fnv1aStep } from './fnv1a';
export { mulberry32 } from './mulberry32';
