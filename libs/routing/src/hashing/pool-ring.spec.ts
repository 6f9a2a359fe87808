import { hashString } from './hash';
import { choosePool, passedOver, PoolRing } from './pool-ring';

describe('PoolRing', () => {
  const ring = new PoolRing(['p0', 'p1', 'p2', 'p3']);

  it('maps a key to its rendezvous owner when every pool has room', () => {
    const [owner] = ring.rank('session-1');
    expect(choosePool(ring, 'session-1', [0, 0, 0, 0], 0.25)).toBe(owner);
  });

  it("passes over the key's first choice when taking the job would break the (1+ε) bound", () => {
    const [first, second] = ring.rank('session-1');
    const inFlight = ring.poolIds.map((id) => (id === first ? 3 : 1));
    // total 6 → bound ⌈1.25·7/4⌉ = 3; the first choice would reach 4.
    expect(choosePool(ring, 'session-1', inFlight, 0.25)).toBe(second);
    expect(passedOver(ring, hashString('session-1'), ring.poolIds.indexOf(second), undefined)).toBe(1);
    expect(passedOver(ring, hashString('session-1'), ring.poolIds.indexOf(first), undefined)).toBe(0);
  });

  it('skips pools that are not usable and reports none when no pool is', () => {
    const [first, second] = ring.rank('k');
    const usable = ring.poolIds.map((id) => (id === first ? 0 : 1));
    expect(choosePool(ring, 'k', [0, 0, 0, 0], 0.25, usable)).toBe(second);
    expect(ring.choose(hashString('k'), [0, 0, 0, 0], 0.25, [0, 0, 0, 0])).toBe(-1);
  });

  it('ranks every pool exactly once', () => {
    expect([...ring.rank('abc')].sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
  });
});
