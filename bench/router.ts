/**
 * Router benchmark: per-decision time of the routing engine (utility policy,
 * 20 models, 64 pools), keys moved by the pool hashing when a pool joins or
 * leaves, and the bounded-load spread under Zipf-skewed keys.
 * Prints one JSON line. Run: npx tsx bench/router.ts --json
 */
import { createRoutingEngine, hashString, PoolRing } from '@switchyard/routing';
import { benchConfig, benchJobs, benchSnapshot, POOL_COUNT, zipfKeys } from './router-fixture';

const WARMUP_DECISIONS = 20_000;
const MEASURED_DECISIONS = 100_000;
const HASH_KEYS = 100_000;
const ZIPF_JOBS = POOL_COUNT * 1_000;
/** Decisions between snapshot refreshes: ~75 ms at ~13k decisions/s per router replica. */
const DECISIONS_PER_SNAPSHOT = 1_000;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

function measureDecisions(): { p50: number; p99: number } {
  const config = benchConfig();
  const now = Date.now();
  const base = benchSnapshot(config, now);
  let snapshot = base;
  const jobs = benchJobs(1_000);
  const engine = createRoutingEngine(config);
  for (let i = 0; i < WARMUP_DECISIONS; i++) engine.decide(jobs[i % jobs.length], snapshot, now);
  const micros = new Float64Array(MEASURED_DECISIONS);
  for (let i = 0; i < MEASURED_DECISIONS; i++) {
    // A refresh replaces the snapshot object, as the state lib does.
    if (i % DECISIONS_PER_SNAPSHOT === 0) snapshot = { ...base };
    const job = jobs[i % jobs.length];
    const start = process.hrtime.bigint();
    engine.decide(job, snapshot, now);
    micros[i] = Number(process.hrtime.bigint() - start) / 1_000;
  }
  micros.sort();
  return { p50: percentile(micros, 0.5), p99: percentile(micros, 0.99) };
}

function owners(ring: PoolRing, keys: readonly number[]): string[] {
  return keys.map((k) => ring.poolIds[ring.owner(k)]);
}

function movedFraction(before: readonly string[], after: readonly string[]): number {
  let moved = 0;
  for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) moved++;
  return moved / before.length;
}

function measureMoves(): { add: number; remove: number } {
  const keys = Array.from({ length: HASH_KEYS }, (_, i) => hashString(`key-${i}`));
  const ids = Array.from({ length: POOL_COUNT }, (_, i) => `pool-${i}`);
  const base = owners(new PoolRing(ids), keys);
  return {
    add: movedFraction(base, owners(new PoolRing([...ids, `pool-${POOL_COUNT}`]), keys)),
    remove: movedFraction(base, owners(new PoolRing(ids.slice(0, -1)), keys)),
  };
}

/** Assigns Zipf-keyed jobs one by one (in-flight only grows); max over pools ÷ mean over pools at the end. */
function measureLoadSpread(epsilon: number): number {
  const ring = new PoolRing(Array.from({ length: POOL_COUNT }, (_, i) => `pool-${i}`));
  const inFlight = new Float64Array(POOL_COUNT);
  for (const key of zipfKeys(ZIPF_JOBS, 1_000, 1.1, 4)) inFlight[ring.choose(hashString(key), inFlight, epsilon)]++;
  return Math.max(...inFlight) / (ZIPF_JOBS / POOL_COUNT);
}

const epsilon = benchConfig().routing.epsilon;
const decisions = measureDecisions();
const moves = measureMoves();
const round = (x: number, digits = 4) => Number(x.toFixed(digits));
console.log(
  JSON.stringify({
    decision_p50_us: round(decisions.p50, 2),
    decision_p99_us: round(decisions.p99, 2),
    hash_moved_fraction_add: round(moves.add),
    hash_moved_fraction_remove: round(moves.remove),
    ideal_moved_fraction: { add: round(1 / (POOL_COUNT + 1)), remove: round(1 / POOL_COUNT) },
    max_over_mean_load: round(measureLoadSpread(epsilon)),
    epsilon,
  }),
);
