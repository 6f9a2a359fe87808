/**
 * Turns the snapshot script's reply into a LiveSnapshot. Pure, so the
 * parsing is tested without Redis.
 */
import type { BreakerState, LiveSnapshot, PoolLiveState, UsageCounters } from '@switchyard/routing';
import { parseBreakerState } from './breaker-store';
import { parseSpendField, parseUsageField } from './keys';
import { budgetWindowId, minuteElapsed, type BudgetWindow } from './windows';

/** One pool row: id, model, ewmaLatencyMs, errorRate, inFlight, capacity, leaseExpiresAt ("" when unset). */
export type PoolRow = [string, string, string, string, string, string, string];

/** Pools, then HGETALL (flat) of this minute's usage, last minute's usage, spend and breakers. */
export type SnapshotReply = [PoolRow[], string[], string[], string[], string[]];

function pairs(flat: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

function counters(map: Record<string, UsageCounters>, id: string): UsageCounters {
  return (map[id] ??= { requestsThisMinute: 0, tokensThisMinute: 0 });
}

const BUDGET_WINDOWS: readonly string[] = ['hour', 'day', 'month'] satisfies BudgetWindow[];

/** Spend counts only while its stored window is the tenant's current window. */
function currentSpend(flat: readonly string[], now: number): Record<string, number> {
  const windows = new Map<string, string>();
  const usd = new Map<string, number>();
  for (const [field, value] of pairs(flat)) {
    const parsed = parseSpendField(field);
    if (parsed?.part === 'window') windows.set(parsed.tenant, value);
    else if (parsed?.part === 'usd') usd.set(parsed.tenant, Number(value));
  }
  const spend: Record<string, number> = {};
  for (const [tenant, window] of windows) {
    const kind = window.slice(0, window.indexOf(':'));
    if (BUDGET_WINDOWS.includes(kind) && budgetWindowId(kind as BudgetWindow, now) === window) spend[tenant] = usd.get(tenant) ?? 0;
  }
  return spend;
}

function poolTokens(flat: readonly string[]): Map<string, number> {
  const tokens = new Map<string, number>();
  for (const [field, value] of pairs(flat)) {
    const parsed = parseUsageField(field);
    if (parsed?.scope === 'pool' && parsed.kind === 'tokens') tokens.set(parsed.id, Number(value));
  }
  return tokens;
}

export function parseSnapshotReply(reply: SnapshotReply, now: number): LiveSnapshot {
  const [poolRows, usageNow, usagePrevious, spendFlat, breakerFlat] = reply;
  const modelUsage: Record<string, UsageCounters> = {};
  const tenantUsage: Record<string, UsageCounters> = {};
  for (const [field, value] of pairs(usageNow)) {
    const parsed = parseUsageField(field);
    if (!parsed || parsed.scope === 'pool') continue;
    const entry = counters(parsed.scope === 'model' ? modelUsage : tenantUsage, parsed.id);
    if (parsed.kind === 'requests') entry.requestsThisMinute = Number(value);
    else entry.tokensThisMinute = Number(value);
  }
  // Tokens per minute over a sliding minute: all of this minute plus the
  // part of last minute still inside the window.
  const tokensNow = poolTokens(usageNow);
  const tokensBefore = poolTokens(usagePrevious);
  const previousWeight = 1 - minuteElapsed(now);
  const pools: Record<string, PoolLiveState> = {};
  for (const [poolId, model, ewma, errorRate, inFlight, capacity, lease] of poolRows) {
    pools[poolId] = {
      poolId,
      model,
      inFlight: Number(inFlight),
      capacity: Number(capacity),
      ...(ewma === '' ? {} : { ewmaLatencyMs: Number(ewma) }),
      errorRate: errorRate === '' ? 0 : Number(errorRate),
      tokensPerMinute: Math.round((tokensNow.get(poolId) ?? 0) + (tokensBefore.get(poolId) ?? 0) * previousWeight),
      leaseExpiresAt: Number(lease),
    };
  }
  const breakers: Record<string, BreakerState> = {};
  for (const [target, raw] of pairs(breakerFlat)) {
    const state = parseBreakerState(raw);
    if (state) breakers[target] = state;
  }
  return { takenAt: now, fresh: true, pools, breakers, modelUsage, tenantUsage, tenantSpendUsd: currentSpend(spendFlat, now) };
}
