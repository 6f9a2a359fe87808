import { limitReason, type ReserveRequest } from './usage-limits';

describe('limitReason', () => {
  const request: ReserveRequest = {
    tenant: 'acme',
    model: 'gpt-4o',
    tokens: 500,
    costUsd: 0.01,
    limits: { model: { tokensPerMinute: 10_000 }, tenant: { requestsPerMinute: 100, budgetUsd: 5, budgetWindow: 'month' } },
  };

  it('names the tenant or model and the limit reached', () => {
    expect(limitReason('tenant', 'requests', request)).toBe('tenant acme: requests per minute 100 reached');
    expect(limitReason('model', 'tokens', request)).toBe('model gpt-4o: tokens per minute 10000 reached');
    expect(limitReason('tenant', 'budget', request)).toBe('tenant acme: budget 5 USD per month reached');
  });
});
