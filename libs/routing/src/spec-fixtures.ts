/**
 * Builders for the routing specs: a small valid config, jobs with every
 * decoded field present, snapshots and policy candidates. Test support only.
 */
import { resolveConfig, type ModelConfig, type SwitchyardConfig } from '@switchyard/config';
import type { Classification, Job } from '@switchyard/contracts';
import { emptySnapshot, type LiveSnapshot, type PoolLiveState } from './live-snapshot';
import type { Candidate, PolicyInput } from './policies/policy';
import { hashString } from './hashing/hash';
import { jobFacts } from './job-facts';

const simulated = { latencyMedianMs: 50 };

/** Three models: small (cheap, text, 16k), large (dear, text+image, 128k), mid (between). */
export const MODELS = [
  {
    id: 'small', provider: 'simulated', simulated, contextWindow: 16_000, modalities: ['text'],
    pricing: { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 }, latencyPriorMs: 150,
    qualityPrior: { default: 0.6, chat: 0.8 }, profile: { accuracy: 0.6, speed: 0.95 },
  },
  {
    id: 'mid', provider: 'simulated', simulated, contextWindow: 32_000, modalities: ['text'],
    pricing: { inputUsdPerMTok: 1, outputUsdPerMTok: 4 }, latencyPriorMs: 300,
    qualityPrior: { default: 0.75 }, profile: { accuracy: 0.75, speed: 0.7 },
  },
  {
    id: 'large', provider: 'simulated', simulated, contextWindow: 128_000, modalities: ['text', 'image'],
    pricing: { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 }, latencyPriorMs: 600,
    qualityPrior: { default: 0.88 }, profile: { accuracy: 0.9, speed: 0.5 },
  },
];

export const POOLS = [
  { id: 'small-a', model: 'small', concurrency: 16 },
  { id: 'small-b', model: 'small', concurrency: 16 },
  { id: 'mid-a', model: 'mid', concurrency: 8 },
  { id: 'large-a', model: 'large', concurrency: 8 },
  { id: 'large-b', model: 'large', concurrency: 8 },
];

/** A validated config whose `default` route is `route`; extra top-level keys override. */
export function testConfig(route: Record<string, unknown>, extra: Record<string, unknown> = {}): SwitchyardConfig {
  const { routing, ...rest } = extra;
  return resolveConfig(
    { models: MODELS, pools: POOLS, routing: { routes: { default: route }, ...(routing as object) }, ...rest },
    {},
    'spec',
  );
}

export function testClassification(fields: Partial<Classification> = {}): Classification {
  return {
    taskType: 'chat', domain: 'general', complexity: 'low', language: 'en', modalities: ['text'],
    estimatedTokens: 0, confidence: 0.9, taskTypeScores: {}, classifier: 'rules', labels: {}, ...fields,
  };
}

export function testJob(fields: Partial<Job> = {}): Job {
  return {
    id: 'job-1', tenant: 'acme', messages: [], prompt: 'hello there', attachments: [], preferences: null,
    affinityKey: '', metadata: {}, deadlineUnixMs: 0, attempt: 0, route: '', reference: null, createdUnixMs: 0,
    maxOutputTokens: 0, classification: testClassification(), decision: null, triedModels: [], lastError: null,
    pipeline: '', pipelineState: null,
    ...fields,
  };
}

export const NOW = 1_700_000_000_000;

export function poolState(poolId: string, model: string, fields: Partial<PoolLiveState> = {}): PoolLiveState {
  return { poolId, model, inFlight: 0, capacity: 8, errorRate: 0, tokensPerMinute: 0, leaseExpiresAt: NOW + 10_000, ...fields };
}

/** A fresh snapshot with every test pool live and idle, plus the given pool overrides. */
export function liveSnapshot(overrides: Record<string, Partial<PoolLiveState>> = {}, fields: Partial<LiveSnapshot> = {}): LiveSnapshot {
  const pools = Object.fromEntries(POOLS.map((p) => [p.id, poolState(p.id, p.model, overrides[p.id])]));
  return { ...emptySnapshot(NOW), fresh: true, pools, ...fields };
}

export function testModel(id: string, fields: Partial<ModelConfig> = {}): ModelConfig {
  const base = MODELS.find((m) => m.id === id) ?? MODELS[0];
  return {
    ...base, id, provider: 'simulated', modalities: ['text'], expectedOutputTokens: 256, timeoutMs: 30_000, limits: {},
    simulated: { latencyMedianMs: 50, failureRate: 0, quality: { default: 0.8 }, outputTokensMean: 120, seed: 1 },
    ...fields,
  } as ModelConfig;
}

/** A policy candidate with the given live figures. */
export function testCandidate(id: string, order: number, fields: Partial<Candidate> = {}): Candidate {
  return {
    id, model: testModel(id), order, seed: hashString(id), quality: 0.7, explore: 0.7, costUsd: 0.001, latencyMs: 200,
    inFlight: 0, capacity: 8, eligible: true, rejectedReason: '', score: 0, ...fields,
  };
}

export function policyInput(eligible: Candidate[], fields: Partial<PolicyInput> = {}, job: Job = testJob()): PolicyInput {
  return {
    job, facts: jobFacts(job, undefined), eligible,
    costScaleUsd: Math.max(...eligible.map((c) => c.costUsd)), latencyScaleMs: Math.max(...eligible.map((c) => c.latencyMs)),
    random: Math.random, ...fields,
  };
}

export const ids = (candidates: readonly { id: string }[]) => candidates.map((c) => c.id);
