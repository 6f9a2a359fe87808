import fc from 'fast-check';
import { hashString } from './hash';
import { PoolRing } from './pool-ring';

const KEYS = Array.from({ length: 100_000 }, (_, i) => hashString(`key-${i}`));
const poolIds = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

function owners(ring: PoolRing): string[] {
  return KEYS.map((k) => ring.poolIds[ring.owner(k)]);
}

function movedFraction(a: string[], b: string[]): number {
  let moved = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) moved++;
  return moved / a.length;
}

/** Zipf(s) over `distinct` keys by inverse CDF, driven by a seeded generator. */
function zipfKeys(count: number, distinct: number, s: number, seed: number): number[] {
  const cdf = new Float64Array(distinct);
  let sum = 0;
  for (let r = 0; r < distinct; r++) cdf[r] = sum += 1 / (r + 1) ** s;
  let state = seed >>> 0 || 1;
  const keys: number[] = [];
  for (let i = 0; i < count; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const u = ((state >>> 0) / 0x1_0000_0000) * sum;
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    keys.push(hashString(`tenant-${lo}`));
  }
  return keys;
}

describe('rendezvous pool hashing (properties)', () => {
  it('moves at most 1.1/n of 100k keys when one of n pools is added or removed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 64 }), fc.string({ minLength: 1, maxLength: 6 }), fc.nat(), (n, prefix, pick) => {
        const ids = poolIds(n, prefix);
        const base = owners(new PoolRing(ids));
        const added = owners(new PoolRing([...ids, `${prefix}-new`]));
        const removed = owners(new PoolRing(ids.filter((_, i) => i !== pick % n)));
        expect(movedFraction(base, added)).toBeLessThanOrEqual(1.1 / n);
        expect(movedFraction(base, removed)).toBeLessThanOrEqual(1.1 / n);
        // Removing a pool moves only its own keys.
        const gone = ids[pick % n];
        expect(base.filter((owner, i) => owner !== gone && removed[i] !== owner)).toEqual([]);
      }),
      { numRuns: 8 },
    );
  });

  it('keeps the busiest pool within ⌈(1+ε)·m/n⌉ after m Zipf-skewed jobs, i.e. max/mean ≤ ⌈(1+ε)·mean⌉/mean', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 64 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.double({ min: 0.8, max: 2, noNaN: true }),
        fc.nat(),
        (n, epsilon, s, seed) => {
          const ring = new PoolRing(poolIds(n, 'pool'));
          const inFlight = new Float64Array(n);
          const jobs = zipfKeys(50 * n, 500, s, seed);
          for (const key of jobs) inFlight[ring.choose(key, inFlight, epsilon)]++;
          const max = Math.max(...inFlight);
          expect(max).toBeLessThanOrEqual(Math.ceil(((1 + epsilon) * jobs.length) / n));
        },
      ),
      { numRuns: 25 },
    );
  });
});
