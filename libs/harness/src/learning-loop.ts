import path from 'node:path';
import type { ConfigDocument } from '@switchyard/config';
import { resultCodec, type JobInput } from '@switchyard/contracts';
import { readOutcomesFile, type OutcomeRecord } from '@switchyard/learning';
import { publishJobs } from './job-mix';
import type { PipelineRun } from './pipeline-run';
import { readConfigDocument } from './run-config';
import { REPO_ROOT } from './service-process';

/** Real per-prompt outcomes of a weak and a strong model (../shared/data/routellm). */
export const ROUTELLM_FILE = path.resolve(REPO_ROOT, '../shared/data/routellm/outcomes.train.jsonl');
export const WEAK = 'mixtral-8x7b-instruct';
export const STRONG = 'gpt-4-1106-preview';

/**
 * The loop's config: the two models answer from their recorded outcomes
 * (replay backends), priced as in the data's README, routed by the learned
 * policy. Before any score the router believes the strong model far better
 * (its quality prior); scores then teach it where the weak one is enough.
 */
export function learningLoopDocument(): ConfigDocument {
  const doc = readConfigDocument();
  const replayModel = (id: string, outcomeKey: string, prior: number, input: number, output: number) => ({
    id,
    provider: 'replay' as const,
    pricing: { inputUsdPerMTok: input, outputUsdPerMTok: output },
    contextWindow: 32000,
    qualityPrior: { default: prior },
    expectedOutputTokens: 8,
    replay: { file: ROUTELLM_FILE, outcomeKey },
  });
  doc.models = [replayModel('weak', WEAK, 0.5, 0.6, 0.6), replayModel('strong', STRONG, 0.95, 10, 30)];
  doc.pools = [
    { id: 'weak-a', model: 'weak', concurrency: 16 },
    { id: 'strong-a', model: 'strong', concurrency: 16 },
  ];
  doc.routing = {
    ...doc.routing,
    learnedRefreshMs: 500,
    routes: { default: { policy: 'learned', exploration: 'thompson', preferenceWeights: { quality: 1, cost: 0.3, latency: 0 } } },
  };
  // Jobs of tenants missing from the config are refused (unknownTenants), so the loop's tenant is declared, without limits.
  doc.tenants = [{ id: 'loop' }];
  return doc;
}

/** MMLU prompts as jobs; the reference is the replay backend's "correct" verdict. */
export function loopJobs(records: OutcomeRecord[], runId: string): JobInput[] {
  return records.map((r, i) => ({
    id: `${runId}-${i}`,
    tenant: 'loop',
    prompt: r.prompt,
    affinityKey: r.id,
    reference: { text: 'correct' },
    metadata: { replay_id: r.id },
  }));
}

export interface WaveFigures {
  wave: number;
  jobs: number;
  strongShare: number;
  /** Share of jobs sent to the strong model although the weak one answered correctly. */
  wastedStrongShare: number;
}

/**
 * Sends MMLU prompts in waves through the running pipeline, waiting after each
 * wave for its scores to reach the router, and reports per wave how often the
 * strong model was used where the weak one would have been right.
 */
export async function runLearningLoop(run: PipelineRun, options: { waves: number; perWave: number; onWave?: (w: WaveFigures) => void }): Promise<WaveFigures[]> {
  const records = readOutcomesFile(ROUTELLM_FILE).filter((r) => r.source === 'mmlu' && typeof r.outcomes[WEAK] === 'boolean');
  const weakRight = new Map(records.map((r) => [r.id, r.outcomes[WEAK]]));
  const figures: WaveFigures[] = [];
  for (let wave = 0; wave < options.waves; wave++) {
    const slice = records.slice(wave * options.perWave, (wave + 1) * options.perWave);
    const jobs = loopJobs(slice, `${run.prefix}loop${wave}`);
    const ids = new Set(jobs.map((j) => j.id ?? ''));
    await publishJobs(run.publisher, run.topics, jobs);
    await run.settle(ids, 180_000, 1_000);
    const results = run.results(ids).map((r) => resultCodec.decode(r.value));
    const strong = results.filter((r) => r.model === 'strong');
    const wasted = strong.filter((r) => weakRight.get(r.metadata.replay_id) === true);
    const row = { wave, jobs: results.length, strongShare: strong.length / results.length, wastedStrongShare: wasted.length / results.length };
    figures.push(row);
    options.onWave?.(row);
    // Let the scorer write this wave's scores and the router reload them before the next wave.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
  }
  return figures;
}
