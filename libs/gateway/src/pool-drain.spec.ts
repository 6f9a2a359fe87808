import { emptySnapshot, type LiveSnapshot } from '@switchyard/routing';
import { PoolDrain } from './pool-drain';

describe('PoolDrain', () => {
  const pools = [
    { id: 'p1', model: 'm', concurrency: 8, direct: false },
    { id: 'p2', model: 'm', concurrency: 8, direct: false },
  ];
  const live = (poolId: string) => ({ poolId, model: 'm', inFlight: 1, capacity: 8, errorRate: 0, tokensPerMinute: 0, leaseExpiresAt: 9e15 });

  it('passes the snapshot through untouched until a pool is drained, then ends the lease of that pool in a new snapshot object', () => {
    let snapshot: LiveSnapshot = { ...emptySnapshot(), pools: { p1: live('p1') } };
    const drain = new PoolDrain(() => snapshot, pools);
    expect(drain.current()).toBe(snapshot);
    drain.drain('p2');
    const drained = drain.current();
    expect(drained).not.toBe(snapshot);
    expect(drained.pools.p1).toBe(snapshot.pools.p1);
    expect(drained.pools.p2).toMatchObject({ poolId: 'p2', model: 'm', leaseExpiresAt: 0 });
    expect(drain.current()).toBe(drained);
    snapshot = { ...emptySnapshot(), pools: { p2: live('p2') } };
    expect(drain.current().pools.p2).toMatchObject({ inFlight: 1, leaseExpiresAt: 0 });
    expect(drain.isDraining('p2')).toBe(true);
  });
});
