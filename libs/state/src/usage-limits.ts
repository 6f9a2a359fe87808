/**
 * Rate limits and budgets shared by every router replica. `reserve` checks
 * and counts a request in one Lua script, so replicas racing for the last
 * unit of a limit never both win. Requests and tokens are counted per model
 * and per tenant in fixed minute windows; spend per tenant in its budget
 * window (hour, day or month, UTC).
 *
 * A reservation counts the estimated tokens and cost; `settle` replaces them
 * with the actual ones. Costs belong to the window they were reserved in: a
 * settlement that arrives after that window has rolled over changes nothing.
 */
import { fields, USAGE_RETENTION_MS } from './keys';
import { LuaScript } from './lua-script';
import type { StoreContext } from './store-context';
import { budgetWindowId, minuteOf, type BudgetWindow } from './windows';

/** Same shapes as a model's `limits` and a tenant's limits in the config; absent means unlimited. */
export interface UsageLimits {
  model?: { requestsPerMinute?: number; tokensPerMinute?: number };
  tenant?: { requestsPerMinute?: number; tokensPerMinute?: number; budgetUsd?: number; budgetWindow?: BudgetWindow };
}

export interface ReserveRequest {
  tenant: string;
  model: string;
  /** Estimated input plus output tokens. */
  tokens: number;
  /** Estimated cost in USD. */
  costUsd: number;
  limits: UsageLimits;
}

/** What a successful reserve counted, to settle against the actual usage later. */
export interface Reservation {
  tenant: string;
  model: string;
  tokens: number;
  costUsd: number;
  /** The minute window the tokens were counted in. */
  minute: number;
  /** The budget window id the cost was counted in (see `budgetWindowId`). */
  budgetWindow: string;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; reason: string };

type LimitScope = 'tenant' | 'model';
type LimitKind = 'requests' | 'tokens' | 'budget';

/** Why a reserve was refused, naming the tenant or model and the limit. */
export function limitReason(scope: LimitScope, kind: LimitKind, request: ReserveRequest): string {
  const id = scope === 'tenant' ? request.tenant : request.model;
  if (kind === 'budget') {
    return `tenant ${id}: budget ${request.limits.tenant?.budgetUsd} USD per ${request.limits.tenant?.budgetWindow ?? 'day'} reached`;
  }
  const limit = request.limits[scope]?.[kind === 'requests' ? 'requestsPerMinute' : 'tokensPerMinute'];
  return `${scope} ${id}: ${kind} per minute ${limit} reached`;
}

// addSpend(spend, windowField, usdField, windowId, delta, rollOver): adds
// delta to the tenant's spend if windowId is its current window; with
// rollOver a different stored window is replaced by windowId starting at 0.
// Spend never goes below 0.
const ADD_SPEND = `
local function addSpend(spend, windowField, usdField, windowId, delta, rollOver)
  local current = redis.call('HGET', spend, windowField)
  local usd = 0
  if current == windowId then
    usd = tonumber(redis.call('HGET', spend, usdField) or '0')
  elseif not rollOver then
    return
  end
  usd = math.max(0, usd + delta)
  redis.call('HSET', spend, windowField, windowId, usdField, string.format('%.17g', usd))
end
`;

const reserveScript = new LuaScript(
  'reserve',
  `${ADD_SPEND}
local usage, spend = KEYS[1], KEYS[2]
local tokens, cost, budget = tonumber(ARGV[5]), tonumber(ARGV[13]), tonumber(ARGV[14])
if budget then
  local spent = 0
  if redis.call('HGET', spend, ARGV[10]) == ARGV[12] then spent = tonumber(redis.call('HGET', spend, ARGV[11]) or '0') end
  if spent >= budget or spent + cost > budget then return {'tenant', 'budget'} end
end
local checks = {
  {ARGV[1], 1, ARGV[6], 'tenant', 'requests'},
  {ARGV[2], tokens, ARGV[7], 'tenant', 'tokens'},
  {ARGV[3], 1, ARGV[8], 'model', 'requests'},
  {ARGV[4], tokens, ARGV[9], 'model', 'tokens'},
}
for _, check in ipairs(checks) do
  local limit = tonumber(check[3])
  if limit and tonumber(redis.call('HGET', usage, check[1]) or '0') + check[2] > limit then return {check[4], check[5]} end
end
redis.call('HINCRBY', usage, ARGV[1], 1)
redis.call('HINCRBY', usage, ARGV[2], tokens)
redis.call('HINCRBY', usage, ARGV[3], 1)
redis.call('HINCRBY', usage, ARGV[4], tokens)
redis.call('PEXPIRE', usage, ARGV[15])
addSpend(spend, ARGV[10], ARGV[11], ARGV[12], cost, true)
return {'ok'}
`,
);

// The usage hash of a past minute may be gone; it is never recreated (it
// would have no TTL), and counts never go below 0.
const settleScript = new LuaScript(
  'settle',
  `${ADD_SPEND}
local usage, spend = KEYS[1], KEYS[2]
local tokenDelta = tonumber(ARGV[3])
if tokenDelta ~= 0 and redis.call('EXISTS', usage) == 1 then
  for _, field in ipairs({ARGV[1], ARGV[2]}) do
    local count = math.max(0, tonumber(redis.call('HGET', usage, field) or '0') + tokenDelta)
    redis.call('HSET', usage, field, count)
  end
end
addSpend(spend, ARGV[4], ARGV[5], ARGV[6], tonumber(ARGV[7]), false)
return 1
`,
);

const recordSpendScript = new LuaScript(
  'recordSpend',
  `${ADD_SPEND}
addSpend(KEYS[1], ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), true)
return 1
`,
);

const limitArg = (value: number | undefined) => (value === undefined ? '' : value);

export async function reserve(ctx: StoreContext, request: ReserveRequest): Promise<ReserveResult> {
  const { tenant, model, limits } = request;
  const tokens = Math.max(0, Math.round(request.tokens));
  const costUsd = Math.max(0, request.costUsd);
  const now = ctx.clock();
  const minute = minuteOf(now);
  const window = budgetWindowId(limits.tenant?.budgetWindow ?? 'day', now);
  const reply = (await reserveScript.run(
    ctx.redis,
    [ctx.keys.usage(minute), ctx.keys.spend],
    [
      fields.usage('tenant', tenant, 'requests'),
      fields.usage('tenant', tenant, 'tokens'),
      fields.usage('model', model, 'requests'),
      fields.usage('model', model, 'tokens'),
      tokens,
      limitArg(limits.tenant?.requestsPerMinute),
      limitArg(limits.tenant?.tokensPerMinute),
      limitArg(limits.model?.requestsPerMinute),
      limitArg(limits.model?.tokensPerMinute),
      fields.spendWindow(tenant),
      fields.spendUsd(tenant),
      window,
      costUsd,
      limitArg(limits.tenant?.budgetUsd),
      USAGE_RETENTION_MS,
    ],
  )) as string[];
  if (reply[0] === 'ok') return { ok: true, reservation: { tenant, model, tokens, costUsd, minute, budgetWindow: window } };
  return { ok: false, reason: limitReason(reply[0] as LimitScope, reply[1] as LimitKind, request) };
}

export async function settle(ctx: StoreContext, reservation: Reservation, actual: { tokens: number; costUsd: number }): Promise<void> {
  const { tenant, model } = reservation;
  await settleScript.run(
    ctx.redis,
    [ctx.keys.usage(reservation.minute), ctx.keys.spend],
    [
      fields.usage('tenant', tenant, 'tokens'),
      fields.usage('model', model, 'tokens'),
      Math.round(actual.tokens) - reservation.tokens,
      fields.spendWindow(tenant),
      fields.spendUsd(tenant),
      reservation.budgetWindow,
      actual.costUsd - reservation.costUsd,
    ],
  );
}

export async function recordSpend(ctx: StoreContext, tenant: string, costUsd: number, budgetWindow: BudgetWindow): Promise<void> {
  await recordSpendScript.run(ctx.redis, [ctx.keys.spend], [fields.spendWindow(tenant), fields.spendUsd(tenant), budgetWindowId(budgetWindow, ctx.clock()), costUsd]);
}
