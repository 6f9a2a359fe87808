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

// Within one script call every hash field is read from Redis at most once and
// written back once at the end: a chunk of reservations or settlements for a
// few tenants and models is a few commands, not ten per job. The script runs
// atomically, so the result is the same as applying each request with its own
// reads and writes.
//
// spendOf(windowField, usdField) is a tenant's spend as {window, usd}; addSpend
// adds delta to it if windowId is its current window; with rollOver a
// different stored window is replaced by windowId starting at 0. Spend never
// goes below 0. Stored as '%.17g', which reads back as the same number.
const SCRIPT_STATE = `
local spendHash = KEYS[1]
local spends, spendOrder = {}, {}
local function spendOf(windowField, usdField)
  local s = spends[windowField]
  if not s then
    local stored = redis.call('HMGET', spendHash, windowField, usdField)
    s = {windowField = windowField, usdField = usdField, window = stored[1], usd = tonumber(stored[2] or '0'), dirty = false}
    spends[windowField] = s
    spendOrder[#spendOrder + 1] = s
  end
  return s
end
local function addSpend(s, windowId, delta, rollOver)
  local usd = 0
  if s.window == windowId then
    usd = s.usd
  elseif not rollOver then
    return
  end
  s.window, s.usd, s.dirty = windowId, math.max(0, usd + delta), true
end
local counts = {}
local function countsOf(hash)
  local c = counts[hash]
  if not c then
    c = {values = {}, dirty = {}, order = {}}
    counts[hash] = c
  end
  return c
end
local function count(hash, field)
  local c = countsOf(hash)
  local value = c.values[field]
  if value == nil then
    value = tonumber(redis.call('HGET', hash, field) or '0')
    c.values[field] = value
  end
  return value
end
local function setCount(hash, field, value)
  local c = countsOf(hash)
  c.values[field] = value
  if not c.dirty[field] then
    c.dirty[field] = true
    c.order[#c.order + 1] = field
  end
end
local function writeBack()
  for hash, c in pairs(counts) do
    if #c.order > 0 then
      local args = {}
      for _, field in ipairs(c.order) do
        args[#args + 1] = field
        args[#args + 1] = c.values[field]
      end
      redis.call('HSET', hash, unpack(args))
    end
  end
  local args = {}
  for _, s in ipairs(spendOrder) do
    if s.dirty then
      args[#args + 1] = s.windowField
      args[#args + 1] = s.window
      args[#args + 1] = s.usdField
      args[#args + 1] = string.format('%.17g', s.usd)
    end
  end
  if #args > 0 then redis.call('HSET', spendHash, unpack(args)) end
end
`;

// KEYS: the spend hash, the minute's usage hash. ARGV: the usage hash's
// retention, then 14 arguments per request (see reserveArgs), applied in
// order as if each were its own call; one reply per request. The minute is
// the same for all: one call, one clock read.
const reserveScript = new LuaScript(
  'reserve',
  `${SCRIPT_STATE}
local usage = KEYS[2]
local function reserveOne(a)
  local tokens, cost, budget = tonumber(ARGV[a + 5]), tonumber(ARGV[a + 13]), tonumber(ARGV[a + 14])
  local spend = spendOf(ARGV[a + 10], ARGV[a + 11])
  if budget then
    local spent = 0
    if spend.window == ARGV[a + 12] then spent = spend.usd end
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
    if limit and count(usage, check[1]) + check[2] > limit then return {check[4], check[5]} end
  end
  for _, check in ipairs(checks) do setCount(usage, check[1], count(usage, check[1]) + check[2]) end
  addSpend(spend, ARGV[a + 12], cost, true)
  return {'ok'}
end
local replies = {}
for a = 1, #ARGV - 1, 14 do replies[#replies + 1] = reserveOne(a) end
writeBack()
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
  `${SCRIPT_STATE}
local exists = {}
local function usageExists(usage)
  if exists[usage] == nil then exists[usage] = redis.call('EXISTS', usage) == 1 end
  return exists[usage]
end
local function settleOne(usage, once, a)
  if once ~= '' and not redis.call('SET', once, '1', 'NX', 'PX', ARGV[1]) then return end
  local tokenDelta = tonumber(ARGV[a + 3])
  if tokenDelta ~= 0 and usageExists(usage) then
    for _, field in ipairs({ARGV[a + 1], ARGV[a + 2]}) do setCount(usage, field, math.max(0, count(usage, field) + tokenDelta)) end
  end
  addSpend(spendOf(ARGV[a + 4], ARGV[a + 5]), ARGV[a + 6], tonumber(ARGV[a + 7]), ARGV[a + 8] == '1')
end
local k = 2
for a = 1, #ARGV - 1, 8 do
  settleOne(KEYS[k], KEYS[k + 1], a)
  k = k + 2
end
writeBack()
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
  const replies = (await reserveScript.run(ctx.redis, [ctx.keys.spend, ctx.keys.usage(minute)], [USAGE_RETENTION_MS, ...prepared.flatMap(reserveArgs)])) as string[][];
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
