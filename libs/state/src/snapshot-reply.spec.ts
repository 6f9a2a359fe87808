import { fields } from './keys';
import { parseSnapshotReply, type SnapshotReply } from './snapshot-reply';
import { budgetWindowId } from './windows';

describe('parseSnapshotReply', () => {
  // 45 s into a minute: a quarter of last minute still counts for tokens per minute.
  const now = Date.parse('2025-11-24T03:59:45.000Z');

  const reply: SnapshotReply = [
    [
      ['p1', 'm1', '120.5', '0.25', '3', '16', String(now + 5_000)],
      ['p2', 'm2', '', '', '0', '0', String(now - 1_000)],
    ],
    [fields.usage('model', 'm1', 'requests'), '7', fields.usage('model', 'm1', 'tokens'), '900', fields.usage('tenant', 'acme', 'requests'), '2', fields.usage('pool', 'p1', 'tokens'), '100'],
    [fields.usage('pool', 'p1', 'tokens'), '400', fields.usage('model', 'm1', 'requests'), '50'],
    [fields.spendWindow('acme'), budgetWindowId('day', now), fields.spendUsd('acme'), '1.5', fields.spendWindow('old'), 'day:2020-01-01', fields.spendUsd('old'), '9'],
    ['model:m1', '2:1:1700000000000', 'pool:p1', 'garbage'],
  ];

  it('builds pools with live sums, EWMAs and sliding tokens per minute', () => {
    const snapshot = parseSnapshotReply(reply, now);
    expect(snapshot.fresh).toBe(true);
    expect(snapshot.takenAt).toBe(now);
    expect(snapshot.pools.p1).toEqual({ poolId: 'p1', model: 'm1', inFlight: 3, capacity: 16, ewmaLatencyMs: 120.5, errorRate: 0.25, tokensPerMinute: 200, leaseExpiresAt: now + 5_000 });
    expect(snapshot.pools.p2).toEqual({ poolId: 'p2', model: 'm2', inFlight: 0, capacity: 0, errorRate: 0, tokensPerMinute: 0, leaseExpiresAt: now - 1_000 });
  });

  it('reads this minute only for model and tenant usage', () => {
    const snapshot = parseSnapshotReply(reply, now);
    expect(snapshot.modelUsage).toEqual({ m1: { requestsThisMinute: 7, tokensThisMinute: 900 } });
    expect(snapshot.tenantUsage).toEqual({ acme: { requestsThisMinute: 2, tokensThisMinute: 0 } });
  });

  it('counts spend only in the current budget window', () => {
    expect(parseSnapshotReply(reply, now).tenantSpendUsd).toEqual({ acme: 1.5 });
  });

  it('keeps well-formed breakers and skips malformed ones', () => {
    expect(parseSnapshotReply(reply, now).breakers).toEqual({ 'model:m1': { consecutiveFailures: 2, ejections: 1, ejectedUntil: 1_700_000_000_000 } });
  });
});
