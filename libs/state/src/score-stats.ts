/**
 * What the scorer learned, per (model, task type): the evidence the learned
 * policy bootstraps from and gRPC Stats reports. Each job counts once: the
 * script sets a per-job marker (SET NX with a TTL) and increments only when
 * the marker is new, in one step, so a redelivered result changes nothing.
 *
 * Quality enters the Beta evidence fractionally (alpha += q, beta += 1 − q),
 * as the learning lib's ClassPosteriors expects: a judge's 0.7 is 0.7 of a
 * success, and pass/fail scores give plain success and failure counts. So
 * alpha is the quality sum and beta the count minus it; neither is stored.
 */
import type { StoredScore } from '@switchyard/scoring';
import { fields, parseScoreField, SCORE_STATS, type ScoreStatName } from './keys';
import { LuaScript } from './lua-script';
import type { StoreContext } from './store-context';

/** The task type under which every score of a model is also counted. */
export const ALL_TASK_TYPES = 'all';

/** One scored job, as the scorer stores it: the scoring lib's stored score, whose rule says which are kept. */
export type ScoreRecord = StoredScore;

/** A statistic's averages over its scored jobs (0 before any). */
export function scoreStatMeans(stats: Pick<ScoreStats, 'count' | 'qualitySum' | 'costUsdSum' | 'latencyMsSum'>): { meanQuality: number; meanCostUsd: number; meanLatencyMs: number } {
  const n = stats.count || 1;
  return { meanQuality: stats.qualitySum / n, meanCostUsd: stats.costUsdSum / n, meanLatencyMs: stats.latencyMsSum / n };
}

export interface ScoreStats {
  model: string;
  taskType: string;
  count: number;
  qualitySum: number;
  qualitySumSq: number;
  costUsdSum: number;
  latencyMsSum: number;
  /** Beta evidence for success: the summed quality. */
  alpha: number;
  /** Beta evidence for failure: the summed (1 − quality). */
  beta: number;
}

// KEYS: the scores hash, then one marker per record. ARGV: ttl, the number of
// statistics (SCORE_STATS), then per record: how many task types it counts
// under, its increments in SCORE_STATS order, and per task type one field per
// statistic. A record whose marker already exists (scored before, or earlier
// in this call) counts nothing; the rest are summed per field and each field
// is incremented once. One reply per record: 1 counted, 0 already scored.
const recordScoresScript = new LuaScript(
  'recordScores',
  `
local ttl, stats = ARGV[1], tonumber(ARGV[2])
local sums, order, replies = {}, {}, {}
local a = 3
for r = 2, #KEYS do
  local groups = tonumber(ARGV[a])
  local counted = redis.call('SET', KEYS[r], '1', 'NX', 'EX', ttl)
  if counted then
    for g = 0, groups - 1 do
      for s = 1, stats do
        local field = ARGV[a + stats + g * stats + s]
        if not sums[field] then sums[field] = 0; order[#order + 1] = field end
        sums[field] = sums[field] + tonumber(ARGV[a + s])
      end
    end
  end
  replies[#replies + 1] = counted and 1 or 0
  a = a + 1 + stats + groups * stats
end
for _, field in ipairs(order) do redis.call('HINCRBYFLOAT', KEYS[1], field, string.format('%.17g', sums[field])) end
return replies
`,
);

/** Validates a record; a bad score is the caller's bug, never counted. */
function checkScore(record: ScoreRecord): void {
  if (!record.jobId) throw new RangeError('recordScore: jobId is required');
  if (!record.model) throw new RangeError(`recordScore: model is required (job ${record.jobId})`);
  if (!(record.quality >= 0 && record.quality <= 1)) throw new RangeError(`recordScore: quality must be in [0, 1] (got ${record.quality} for job ${record.jobId})`);
}

/** Counts each record once per job id, in one atomic step; true for each record counted now. */
export async function recordScores(ctx: StoreContext, records: readonly ScoreRecord[]): Promise<boolean[]> {
  if (records.length === 0) return [];
  records.forEach(checkScore);
  const reply = (await recordScoresScript.run(
    ctx.redis,
    [ctx.keys.scores, ...records.map((record) => ctx.keys.scoredMarker(record.jobId))],
    [ctx.scoreMarkerTtlSeconds, SCORE_STATS.length, ...records.flatMap(scoreArgs)],
  )) as number[];
  return reply.map((counted) => counted === 1);
}

/** One record's script arguments: its task-type count, increments, then fields. */
function scoreArgs(record: ScoreRecord): (string | number)[] {
  const { model, quality } = record;
  const taskType = record.taskType || ALL_TASK_TYPES;
  const increments: Record<ScoreStatName, number> = {
    count: 1,
    qualitySum: quality,
    qualitySumSq: quality * quality,
    costUsdSum: Math.max(0, record.costUsd),
    latencyMsSum: Math.max(0, record.latencyMs),
  };
  const taskTypes = taskType === ALL_TASK_TYPES ? [ALL_TASK_TYPES] : [taskType, ALL_TASK_TYPES];
  return [taskTypes.length, ...SCORE_STATS.map((stat) => increments[stat]), ...taskTypes.flatMap((t) => SCORE_STATS.map((stat) => fields.score(model, t, stat)))];
}

/** Turns the scores hash (field → value) into one entry per (model, task type), sorted. */
export function parseScoreStats(hash: Record<string, string>): ScoreStats[] {
  const byPair = new Map<string, ScoreStats>();
  for (const [field, value] of Object.entries(hash)) {
    const parsed = parseScoreField(field);
    if (!parsed) continue;
    const pairKey = `${parsed.model}|${parsed.taskType}`;
    let stats = byPair.get(pairKey);
    if (!stats) {
      stats = { model: parsed.model, taskType: parsed.taskType, count: 0, qualitySum: 0, qualitySumSq: 0, costUsdSum: 0, latencyMsSum: 0, alpha: 0, beta: 0 };
      byPair.set(pairKey, stats);
    }
    stats[parsed.stat] = Number(value);
  }
  const all = [...byPair.values()];
  for (const stats of all) {
    stats.alpha = stats.qualitySum;
    stats.beta = Math.max(0, stats.count - stats.qualitySum);
  }
  return all.sort((a, b) => (a.model === b.model ? a.taskType.localeCompare(b.taskType) : a.model.localeCompare(b.model)));
}

export async function readScoreStats(ctx: StoreContext): Promise<ScoreStats[]> {
  return parseScoreStats(await ctx.redis.hgetall(ctx.keys.scores));
}
