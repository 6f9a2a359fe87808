import { fields, parseScoreField, parseSpendField, parseUsageField, stateKeys } from './keys';

describe('stateKeys', () => {
  it('builds every key from the one prefix', () => {
    const keys = stateKeys('sy:');
    expect([keys.pools, keys.pool('p1'), keys.poolLeases('p1'), keys.poolWorkers('p1'), keys.usage(42), keys.spend, keys.breakers, keys.scores, keys.scoredMarker('job-1'), keys.seenJob('job-1')]).toEqual([
      'sy:pools',
      'sy:pool:p1',
      'sy:pool:p1:leases',
      'sy:pool:p1:workers',
      'sy:usage:42',
      'sy:spend',
      'sy:breakers',
      'sy:scores',
      'sy:scored:job-1',
      'sy:seen:job-1',
    ]);
  });

  it('keeps two prefixes apart', () => {
    const a = stateKeys('a:');
    const b = stateKeys('b:');
    expect(a.pool('x')).not.toEqual(b.pool('x'));
    expect(a.pool('x').startsWith(a.poolBase)).toBe(true);
  });
});

describe('field parsing', () => {
  it('reads back usage fields, ids with colons included', () => {
    expect(parseUsageField(fields.usage('tenant', 'acme', 'requests'))).toEqual({ scope: 'tenant', id: 'acme', kind: 'requests' });
    expect(parseUsageField(fields.usage('pool', 'eu:1', 'tokens'))).toEqual({ scope: 'pool', id: 'eu:1', kind: 'tokens' });
    expect(parseUsageField('tenant:acme:dollars')).toBeUndefined();
    expect(parseUsageField('nonsense')).toBeUndefined();
  });

  it('reads back spend fields', () => {
    expect(parseSpendField(fields.spendWindow('acme'))).toEqual({ tenant: 'acme', part: 'window' });
    expect(parseSpendField(fields.spendUsd('a:b'))).toEqual({ tenant: 'a:b', part: 'usd' });
    expect(parseSpendField('acme:other')).toBeUndefined();
  });

  it('reads back score fields even when the task type holds the separator', () => {
    expect(parseScoreField(fields.score('gpt-4o', 'code', 'qualitySum'))).toEqual({ model: 'gpt-4o', taskType: 'code', stat: 'qualitySum' });
    expect(parseScoreField(fields.score('m', 'a|b', 'count'))).toEqual({ model: 'm', taskType: 'a|b', stat: 'count' });
    expect(parseScoreField('m|code|median')).toBeUndefined();
  });
});
