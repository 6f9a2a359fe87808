import { HEADERS, type ReadRecord } from '@switchyard/messaging';
import { countDelivery } from './delivery-count';

const record = (jobId: string, offset = '0'): ReadRecord => ({ topic: 't', partition: 0, offset, key: null, headers: { [HEADERS.jobId]: jobId }, value: Buffer.alloc(0), receivedAt: 0 });

describe('countDelivery', () => {
  it('counts a job with one result as delivered and nothing lost or doubled', () => {
    expect(countDelivery(['a', 'b'], [record('a')], [record('b')])).toMatchObject({ results: 1, dlq: 1, lost: 0, duplicates: 0 });
  });

  it('counts a job with no outcome as lost and names it', () => {
    expect(countDelivery(['a', 'b'], [record('a')], [])).toMatchObject({ lost: 1, lostIds: ['b'] });
  });

  it('counts a second result, or a result plus a dead letter, as a duplicate', () => {
    expect(countDelivery(['a', 'b'], [record('a'), record('a'), record('b')], [record('b')]).duplicates).toBe(2);
  });

  it('says where each copy of a doubled job sits', () => {
    expect(countDelivery(['a', 'b'], [record('a', '4'), record('a', '9'), record('b', '5')], []).duplicateCopies).toEqual(['a: t[0]@4, t[0]@9']);
  });

  it('ignores records of jobs from other runs', () => {
    expect(countDelivery(['a'], [record('a'), record('zzz')], []).results).toBe(1);
  });
});
