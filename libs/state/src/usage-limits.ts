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
import type { Job, UsageReservation } from '@switchyard/contracts';
import { fields, SETTLED_RETENTION_MS, USAGE_RETENTION_MS } from './keys';
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

// ARGV: the usage hash's retention, then 14 arguments per request (see
// reserveArgs), applied in order as if each were its own call; one reply per
// request. The minute (KEYS[1]) is the same for all: one call, one clock read.
const reserveScript = new LuaScript(
  'reserve',
  `${ADD_SPEND}
local usage, spend = KEYS[1], KEYS[2]
local function reserveOne(a)
  local tokens, cost, budget = tonumber(ARGV[a + 5]), tonumber(ARGV[a + 13]), tonumber(ARGV[a + 14])
  if budget then
    local spent = 0
    if redis.call('HGET', spend, ARGV[a + 10]) == ARGV[a + 12] then spent = tonumber(redis.call('HGET', spend, ARGV[a + 11]) or '0') end
    if spent >= budget or spent + cost > budget then return {'tenant', 'budget'} end
  end
  local checks = {
    {ARGV[a + 1], 1, ARGV[a + 6], 'tenant', 'requests'},
    {ARGV[a + 2], tokens, ARGV[a + 7], 'tenant', 'tokens'},
    {ARGV[a + 3], 1, ARGV[a + 8], 'model', 'requests'},
    {ARGV[a + 4], tokens, ARGV[a + 9], 'model', 'tokens'},
  }
  for _, check in ipairs(checks) do
    local limit = tonumber(check[3])
    if limit and tonumber(redis.call('HGET', usage, check[1]) or '0') + check[2] > limit then return {check[4], check[5]} end
  end
  redis.call('HINCRBY', usage, ARGV[a + 1], 1)
  redis.call('HINCRBY', usage, ARGV[a + 2], tokens)
  redis.call('HINCRBY', usage, ARGV[a + 3], 1)
  redis.call('HINCRBY', usage, ARGV[a + 4], tokens)
  addSpend(spend, ARGV[a + 10], ARGV[a + 11], ARGV[a + 12], cost, true)
  return {'ok'}
end
local replies = {}
for a = 1, #ARGV - 1, 14 do replies[#replies + 1] = reserveOne(a) end
redis.call('PEXPIRE', usage, ARGV[1])
return replies
`,
);

// The usage hash of a past minute may be gone; it is never recreated (it
// would have no TTL), and counts never go below 0. A settlement with a marker
// key (SET NX) happens once: a replay changes nothing. KEYS[1] is the spend
// hash, then two keys per settlement (its minute's usage hash, its marker or
// "" for none); ARGV[1] the markers' retention, then 8 arguments per
// settlement (see settlementArgs), applied in order.
const settleScript = new LuaScript(
  'settle',
  `${ADD_SPEND}
local spend = KEYS[1]
local function settleOne(usage, once, a)
  if once ~= '' and not redis.call('SET', once, '1', 'NX', 'PX', ARGV[1]) then return end
  local tokenDelta = tonumber(ARGV[a + 3])
  if tokenDelta ~= 0 and redis.call('EXISTS', usage) == 1 then
    for _, field in ipairs({ARGV[a + 1], ARGV[a + 2]}) do
      local count = math.max(0, tonumber(redis.call('HGET', usage, field) or '0') + tokenDelta)
      redis.call('HSET', usage, field, count)
    end
  end
  addSpend(spend, ARGV[a + 4], ARGV[a + 5], ARGV[a + 6], tonumber(ARGV[a + 7]), ARGV[a + 8] == '1')
end
local k = 2
for a = 1, #ARGV - 1, 8 do
  settleOne(KEYS[k], KEYS[k + 1], a)
  k = k + 2
end
return 1
`,
);

const limitArg = (value: number | undefined) => (value === undefined ? '' : value);

/**
 * Reserves each request in order in one atomic step, as consecutive single
 * reserves would: a refused request counts nothing, later ones still may.
 */
export async function reserveAll(ctx: StoreContext, requests: readonly ReserveRequest[]): Promise<ReserveResult[]> {
  if (requests.length === 0) return [];
  const now = ctx.clock();
  const minute = minuteOf(now);
  const prepared = requests.map((request) => ({
    request,
    tokens: Math.max(0, Math.round(request.tokens)),
    costUsd: Math.max(0, request.costUsd),
    window: budgetWindowId(request.limits.tenant?.budgetWindow ?? 'day', now),
  }));
  const replies = (await reserveScript.run(ctx.redis, [ctx.keys.usage(minute), ctx.keys.spend], [USAGE_RETENTION_MS, ...prepared.flatMap(reserveArgs)])) as string[][];
  return prepared.map(({ request, tokens, costUsd, window }, i): ReserveResult => {
    const [scope, kind] = replies[i];
    if (scope === 'ok') return { ok: true, reservation: { tenant: request.tenant, model: request.model, tokens, costUsd, minute, budgetWindow: window } };
    return { ok: false, reason: limitReason(scope as LimitScope, kind as LimitKind, request) };
  });
}

/** One request's 14 script arguments, in the order reserveOne reads them. */
function reserveArgs({ request, tokens, costUsd, window }: { request: ReserveRequest; tokens: number; costUsd: number; window: string }): (string | number)[] {
  const { tenant, model, limits } = request;
  return [
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
  ];
}

/** One change to a tenant's spend (and to the token counts of a reservation's minute). */
interface Settlement {
  tenant: string;
  model: string;
  minute: number;
  tokenDelta: number;
  budgetWindow: string;
  costDelta: number;
  /** Whether a spend stored for an older window is replaced (new spend) or left alone (a late settlement). */
  rollOver: boolean;
  /** Makes the settlement happen once per marker key. */
  once?: string;
}

/** Applies settlements in order, in one script call. */
async function applySettlements(ctx: StoreContext, settlements: readonly Settlement[]): Promise<void> {
  if (settlements.length === 0) return;
  const keys = [ctx.keys.spend, ...settlements.flatMap((s) => [ctx.keys.usage(s.minute), s.once ?? ''])];
  await settleScript.run(ctx.redis, keys, [SETTLED_RETENTION_MS, ...settlements.flatMap(settlementArgs)]);
}

/** One settlement's 8 script arguments, in the order settleOne reads them. */
function settlementArgs(s: Settlement): (string | number)[] {
  return [
    fields.usage('tenant', s.tenant, 'tokens'),
    fields.usage('model', s.model, 'tokens'),
    Math.round(s.tokenDelta),
    fields.spendWindow(s.tenant),
    fields.spendUsd(s.tenant),
    s.budgetWindow,
    s.costDelta,
    s.rollOver ? 1 : 0,
  ];
}

export async function settle(ctx: StoreContext, reservation: Reservation, actual: { tokens: number; costUsd: number }): Promise<void> {
  await applySettlements(ctx, [settlementOf(reservation, actual)]);
}

function settlementOf(reservation: Reservation, actual: { tokens: number; costUsd: number }): Settlement {
  const { tenant, model, minute, budgetWindow } = reservation;
  return { tenant, model, minute, budgetWindow, tokenDelta: Math.round(actual.tokens) - reservation.tokens, costDelta: actual.costUsd - reservation.costUsd, rollOver: false };
}

export async function recordSpend(ctx: StoreContext, tenant: string, costUsd: number, budgetWindow: BudgetWindow): Promise<void> {
  const now = ctx.clock();
  await applySettlements(ctx, [{ tenant, model: '', minute: minuteOf(now), tokenDelta: 0, budgetWindow: budgetWindowId(budgetWindow, now), costDelta: costUsd, rollOver: true }]);
}

/** The reservation a routed job carries in its decision (set by the router), in the store's terms. */
export function carriedReservation(job: Pick<Job, 'tenant' | 'decision'>): Reservation | undefined {
  const r = job.decision?.reservation;
  return r ? { tenant: r.tenant || job.tenant, model: r.model, tokens: r.tokens, costUsd: r.costUsd, minute: r.minute, budgetWindow: r.budgetWindow } : undefined;
}

/** A reservation as a routed job carries it (RouteDecision.reservation). */
export function reservationToCarry(reservation: Reservation): UsageReservation {
  const { tenant, model, tokens, costUsd, minute, budgetWindow } = reservation;
  return { tenant, model, tokens, costUsd, minute, budgetWindow };
}

/** What one attempt of a routed job used, to settle (see settleJobUsage). */
export interface JobUsage {
  job: Pick<Job, 'id' | 'attempt' | 'tenant' | 'decision'>;
  actual: { tokens: number; costUsd: number };
  /** The budget window of the tenant the job's spend counts against. */
  budgetWindow: BudgetWindow;
}

/**
 * Settles what attempts of routed jobs used, once per (job, attempt) however often a replayed
 * chunk repeats them, all in one script call: against the reservation a job carries, the
 * difference to what the call used (`actual` 0 for a failed call releases it); without one (a
 * fallback attempt, whose first model's reservation was released, or a job routed while Redis was
 * away) the call's cost is new spend.
 */
export async function settleJobUsage(ctx: StoreContext, usages: readonly JobUsage[]): Promise<void> {
  const now = ctx.clock();
  const settlements = usages.flatMap(({ job, actual, budgetWindow }): Settlement[] => {
    const once = ctx.keys.settledJob(job.id, job.attempt);
    const reservation = carriedReservation(job);
    if (reservation) return [{ ...settlementOf(reservation, actual), once }];
    if (actual.costUsd === 0) return [];
    return [{ tenant: job.tenant, model: '', minute: minuteOf(now), tokenDelta: 0, budgetWindow: budgetWindowId(budgetWindow, now), costDelta: actual.costUsd, rollOver: true, once }];
  });
  await applySettlements(ctx, settlements);
}
