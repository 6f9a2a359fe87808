import { retryAfterMs } from './usage-gate';

const tenant = (budgetWindow: 'hour' | 'day' | 'month') => ({ id: 't', budgetWindow, defaultRoute: 'default', tokenSha256: [] });

describe('retryAfterMs', () => {
  const now = Date.UTC(2026, 11, 2, 9, 15, 20, 500);

  it('waits for the next minute for a per-minute limit', () => {
    expect(retryAfterMs('tenant t: requests per minute 2 reached', tenant('day'), now)).toBe(39_500);
  });

  it('waits for the budget window to roll over (UTC hour, day or month) for a budget', () => {
    expect(retryAfterMs('tenant t: budget 5 USD per hour reached', tenant('hour'), now)).toBe(Date.UTC(2026, 11, 2, 10) - now);
    expect(retryAfterMs('tenant t: budget 5 USD per day reached', tenant('day'), now)).toBe(Date.UTC(2026, 11, 3) - now);
    expect(retryAfterMs('tenant t: budget 5 USD per month reached', tenant('month'), now)).toBe(Date.UTC(2027, 0, 1) - now);
  });
});
