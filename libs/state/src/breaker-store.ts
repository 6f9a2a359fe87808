/**
 * Circuit breakers shared by every replica: the rule of
 * libs/routing/src/breaker.ts (`recordOutcome`), run atomically in Lua so
 * concurrent outcomes from many workers and routers never lose an update.
 * Keep the two in step; the integration test replays sequences through both.
 */
import type { BreakerState, BreakerTarget } from '@switchyard/routing';
import { LuaScript } from './lua-script';
import type { StoreContext } from './store-context';

// Applies outcomes in order (ARGV[6..]: 1 ok, 0 failed), as if each had been
// sent alone, so a worker can send a flush of outcomes as one script.
const recordOutcomesScript = new LuaScript(
  'recordOutcomes',
  `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local failures, ejections, ejectedUntil = 0, 0, 0
if raw then
  local f, e, u = string.match(raw, '^(%d+):(%d+):(%d+)$')
  failures, ejections, ejectedUntil = tonumber(f), tonumber(e), tonumber(u)
end
local now, threshold = tonumber(ARGV[2]), tonumber(ARGV[3])
local base, cap = tonumber(ARGV[4]), tonumber(ARGV[5])
for i = 6, #ARGV do
  local ejected = ejectedUntil > now
  if ARGV[i] == '1' then
    failures = 0
    if not ejected then ejections = 0 end
  else
    failures = failures + 1
    if not ejected and failures >= threshold then
      ejectedUntil = now + math.min(base * 2 ^ ejections, cap)
      ejections = ejections + 1
      failures = 0
    end
  end
end
local state = string.format('%d:%d:%d', failures, ejections, ejectedUntil)
redis.call('HSET', KEYS[1], ARGV[1], state)
return state
`,
);

/** Reads the "failures:ejections:ejectedUntil" form the breakers hash stores. */
export function parseBreakerState(raw: string): BreakerState | undefined {
  const match = /^(\d+):(\d+):(\d+)$/.exec(raw);
  if (!match) return undefined;
  return { consecutiveFailures: Number(match[1]), ejections: Number(match[2]), ejectedUntil: Number(match[3]) };
}

/** Applies `outcomes` (true = ok) in order to the target's breaker at `now`; returns the state after the last. */
export async function recordBreakerOutcomes(ctx: StoreContext, target: BreakerTarget, outcomes: readonly boolean[], now: number): Promise<BreakerState> {
  if (outcomes.length === 0) throw new RangeError(`recordBreakerOutcomes: no outcomes for ${target}`);
  const { consecutiveFailures, baseEjectionMs, maxEjectionMs } = ctx.breaker;
  const reply = await recordOutcomesScript.run(ctx.redis, [ctx.keys.breakers], [target, Math.floor(now), consecutiveFailures, baseEjectionMs, maxEjectionMs, ...outcomes.map((ok) => (ok ? 1 : 0))]);
  const state = parseBreakerState(String(reply));
  if (!state) throw new Error(`recordOutcomes: unexpected breaker state "${String(reply)}" for ${target}`);
  return state;
}
