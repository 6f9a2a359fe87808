import { fmix32 } from './fmix32';
import { fnv1a, fnv1aStep } from './fnv1a';
import { mulberry32 } from './mulberry32';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    // draft-eastlake-fnv, section 8 (test vectors for FNV-1a, 32 bits)
    expect(fnv1a('') >>> 0).toBe(0x811c9dc5);
    expect(fnv1a('a') >>> 0).toBe(0xe40c292c);
    expect(fnv1a('foobar') >>> 0).toBe(0xbf9cf968);
  });

  it('continues from a state, so a string hashed in pieces equals the whole', () => {
    expect(fnv1a('bar', fnv1a('foo')) >>> 0).toBe(fnv1a('foobar') >>> 0);
    expect(fnv1a('xfoobarx', undefined, 1, 7) >>> 0).toBe(fnv1a('foobar') >>> 0);
    expect(fnv1aStep(fnv1a('fooba'), 'r'.charCodeAt(0)) >>> 0).toBe(fnv1a('foobar') >>> 0);
  });
});

describe('fmix32', () => {
  it('maps 0 to 0 and spreads neighbouring inputs over the high bits', () => {
    expect(fmix32(0)).toBe(0);
    const highBits = new Set(Array.from({ length: 256 }, (_, i) => fmix32(i) >>> 24));
    expect(highBits.size).toBeGreaterThan(150);
  });
});

describe('mulberry32', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 1_000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1_000 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(0.5, 1);
  });
});
