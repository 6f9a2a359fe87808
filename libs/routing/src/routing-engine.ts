/**
 * The routing engine: for one classified job and the current live snapshot,
 * which model (hard constraints, then the route's policy) and which pool
 * (rendezvous hashing with bounded loads), with reasons and ranked fallbacks.
 * Synchronous and free of I/O (Redis snapshot, predictor training happen
 * elsewhere). Everything that depends only on the config is built once here.
 *
 * A decision is five named steps over one DecisionContext: readCandidates,
 * eligibleCandidates, the policy's rank, placeOnPool, fallbacksOf. Its result
 * depends on the job, the snapshot, `now`, the predictor and `random`, and on
 * one thing earlier calls leave: the jobs this engine placed on each pool since
 * the snapshot object was replaced (placeOnPool), which bounds a hot key's load
 * between refreshes. The candidate objects are scratch, rewritten by each call.
 */
import { ConfigError, type ModelConfig, type RouteConfig, type SwitchyardConfig, type TenantConfig } from '@switchyard/config';
import type { CandidateScore, Fallback, Job, RouteDecision } from '@switchyard/contracts';
import { constraintReason, usageLimitReason, type ConstraintContext, type ModelView } from './constraints';
import { LimitExceededError, NoEligibleModelError, UnknownRouteError } from './errors';
import { hashString } from './hashing/hash';
import { jobFacts, modalityMask, predictCostUsd, priorQuality, type JobFacts } from './job-facts';
import type { LiveSnapshot } from './live-snapshot';
import { choosePoolIndex, createModelLiveView, poolsPassedOver, readModelLiveView, recordAssignment, type ModelLiveView } from './model-live-view';
import type { Candidate, RoutingPolicy } from './policies/policy';
import { createPolicy } from './policies/registry';
import type { QualityPredictor } from './quality-predictor';

export interface RoutingDeps {
  /** Learned quality per model and job; without it, each model's qualityPrior. */
  qualityPredictor?: QualityPredictor;
  /** Uniform draw in [0,1) for random, weighted and power-of-two. @default Math.random */
  random?: () => number;
}

export interface RoutingEngine {
  /**
   * Throws NoEligibleModelError when every model fails a hard constraint, UnknownRouteError for an unknown route.
   * The snapshot must be replaced by a new object on each refresh, never mutated in place: the engine
   * resolves its lookups once per snapshot object and counts the jobs it sent to each pool until the next one.
   */
  decide(job: Job, snapshot: LiveSnapshot, now?: number): RouteDecision;
}

/** Route used when neither the job nor its tenant names one. */
const DEFAULT_ROUTE = 'default';

interface RouteCandidate extends Candidate, ModelView {
  readonly view: ModelLiveView;
}

interface CompiledRoute {
  readonly name: string;
  readonly policy: RoutingPolicy;
  readonly memberIds: readonly string[];
  /** Every model: the route's own in route order, then the others. */
  readonly candidates: readonly RouteCandidate[];
}

/** The models a route chooses from: its candidates, a cascade's ladder, or every model. */
function routeModelIds(route: RouteConfig, models: readonly ModelConfig[]): string[] {
  if (route.candidates) return route.candidates;
  if (route.policy === 'cascade' && route.cascade) return route.cascade.models;
  return models.map((m) => m.id);
}

function compileRoute(name: string, route: RouteConfig, config: SwitchyardConfig, views: ReadonlyMap<string, ModelLiveView>, hasQualityPredictor: boolean): CompiledRoute {
  const memberIds = routeModelIds(route, config.models);
  const members = new Set(memberIds);
  const byId = new Map(config.models.map((m) => [m.id, m]));
  const ordered = [...memberIds.map((id) => byId.get(id) as ModelConfig), ...config.models.filter((m) => !members.has(m.id))];
  const candidates = ordered.map(
    (model, order): RouteCandidate => ({
      id: model.id,
      model,
      order,
      seed: hashString(model.id),
      modalities: modalityMask(model.modalities),
      view: views.get(model.id) as ModelLiveView,
      inRoute: members.has(model.id),
      breaker: undefined,
      usage: undefined,
      quality: 0,
      explore: 0,
      costUsd: 0,
      latencyMs: 0,
      inFlight: 0,
      capacity: 0,
      livePools: 0,
      eligible: false,
      rejectedReason: '',
      score: 0,
    }),
  );
  let policy: RoutingPolicy;
  try {
    policy = createPolicy(route.policy, { routeName: name, route, models: ordered, hasQualityPredictor });
  } catch (err) {
    throw new ConfigError('routing', [(err as Error).message]);
  }
  return { name, policy, memberIds, candidates };
}

function hasAnyKey(record: object): boolean {
  for (const _ in record) return true;
  return false;
}

/** The one decision's inputs every step reads. */
interface DecisionContext {
  readonly job: Job;
  readonly snapshot: LiveSnapshot;
  readonly now: number;
  readonly tenant: TenantConfig | undefined;
  readonly route: CompiledRoute;
  readonly facts: JobFacts;
  /** No pool heartbeat in the snapshot yet: every configured pool counts as live. */
  readonly coldStart: boolean;
}

/**
 * Step 1, the live figures: each candidate's pools, load, breaker and usage from the snapshot, its
 * predicted quality, cost and latency for this job. Returns the route members' cost and latency
 * maxima, which scale the utility policy's penalties.
 */
function readCandidates(d: DecisionContext, predictor: QualityPredictor | undefined): { costScaleUsd: number; latencyScaleMs: number } {
  const { job, snapshot, now, route, facts } = d;
  const leaseClock = snapshot.fresh ? now : Math.min(now, snapshot.takenAt);
  const estimates = predictor?.predict(job, job.classification, route.memberIds);
  let costScaleUsd = 0;
  let latencyScaleMs = 0;
  for (const c of route.candidates) {
    const v = c.view;
    readModelLiveView(v, snapshot, d.coldStart, leaseClock, now);
    c.livePools = v.liveCount;
    c.inFlight = v.inFlightSum;
    c.capacity = v.capacitySum;
    c.breaker = v.breaker;
    c.usage = v.usage;
    c.latencyMs = Number.isNaN(v.minEwmaMs) ? c.model.latencyPriorMs : v.minEwmaMs;
    c.costUsd = predictCostUsd(c.model, facts.inputTokens, job.maxOutputTokens);
    const estimate = estimates?.get(c.id);
    c.quality = estimate ? estimate.mean : priorQuality(c.model, facts.taskType);
    c.explore = estimate ? estimate.explore : c.quality;
    c.score = 0;
    if (c.inRoute) {
      if (c.costUsd > costScaleUsd) costScaleUsd = c.costUsd;
      if (c.latencyMs > latencyScaleMs) latencyScaleMs = c.latencyMs;
    }
  }
  return { costScaleUsd, latencyScaleMs };
}

/**
 * Step 2, the hard constraints (modality, context window, allow-list, deadline, breaker, budget and
 * rate limits): the eligible candidates, each rejection recorded on its candidate. Throws
 * LimitExceededError when only limits stand in the way, else NoEligibleModelError, when none is left.
 */
function eligibleCandidates(d: DecisionContext): RouteCandidate[] {
  const { job, snapshot, now, tenant, route, facts } = d;
  const ctx: ConstraintContext = {
    job,
    facts,
    now,
    routeName: route.name,
    tenantUsage: tenant && snapshot.tenantUsage[tenant.id],
    tenantSpendUsd: (tenant && snapshot.tenantSpendUsd[tenant.id]) ?? 0,
  };
  const eligible: RouteCandidate[] = [];
  let limited = false;
  for (const c of route.candidates) {
    const constraint = constraintReason(c, ctx);
    c.rejectedReason = constraint || usageLimitReason(c, ctx);
    c.eligible = c.rejectedReason === '';
    if (c.eligible) eligible.push(c);
    else if (!constraint) limited = true;
  }
  if (eligible.length === 0) {
    const rejections = route.candidates.map((c) => ({ model: c.id, reason: c.rejectedReason }));
    throw limited ? new LimitExceededError(job.id, route.name, rejections) : new NoEligibleModelError(job.id, route.name, rejections);
  }
  return eligible;
}

/**
 * Step 4, the pool of the chosen model: rendezvous hashing of the affinity key with bounded loads,
 * then the job counted on that pool until the next snapshot (see model-live-view.ts: the one piece
 * of state a decision leaves for the next, so a hot key does not pile onto one pool between
 * refreshes; it is reset by every new snapshot object).
 */
function placeOnPool(chosen: RouteCandidate, keyHash: number, epsilon: number, affinityKey: string): { pool: string; reason: string } {
  const v = chosen.view;
  const index = choosePoolIndex(v, keyHash, epsilon);
  const reason = describePool(chosen, index, poolsPassedOver(v, keyHash, index), affinityKey);
  recordAssignment(v, index);
  return { pool: v.ring.poolIds[index], reason };
}

/** Step 5, the ranked fallbacks: every other eligible model, in rank order, with the pool its key maps to now. */
function fallbacksOf(ranked: readonly RouteCandidate[], keyHash: number, epsilon: number): Fallback[] {
  const fallbacks: Fallback[] = new Array(ranked.length - 1);
  for (let i = 1; i < ranked.length; i++) {
    const v = ranked[i].view;
    fallbacks[i - 1] = { model: ranked[i].id, pool: v.ring.poolIds[choosePoolIndex(v, keyHash, epsilon)] };
  }
  return fallbacks;
}

/** Why the decision is what it is: the policy's reason, the pool's, the snapshot's state and each excluded route member. */
function decisionReasons(d: DecisionContext, policyReason: string, poolReason: string): string[] {
  const { snapshot, now, route } = d;
  const reasons = [policyReason, poolReason];
  if (d.coldStart) reasons.push('no pool heartbeat in the snapshot yet: treating every configured pool as live');
  else if (!snapshot.fresh) reasons.push(`snapshot is stale (taken ${now - snapshot.takenAt} ms ago): using the pools live then`);
  for (const c of route.candidates) if (c.inRoute && !c.eligible) reasons.push(`excluded ${c.id}: ${c.rejectedReason}`);
  return reasons;
}

function candidateScores(route: CompiledRoute): CandidateScore[] {
  const scores: CandidateScore[] = new Array(route.candidates.length);
  for (let i = 0; i < route.candidates.length; i++) {
    const c = route.candidates[i];
    scores[i] = {
      model: c.id,
      score: c.score,
      predictedQuality: c.quality,
      predictedCostUsd: c.costUsd,
      predictedLatencyMs: c.latencyMs,
      eligible: c.eligible,
      rejectedReason: c.rejectedReason,
    };
  }
  return scores;
}

export function createRoutingEngine(config: SwitchyardConfig, deps: RoutingDeps = {}): RoutingEngine {
  const random = deps.random ?? Math.random;
  const predictor = deps.qualityPredictor;
  const epsilon = config.routing.epsilon;
  const views = new Map(config.models.map((m) => [m.id, createModelLiveView(m.id, config.pools.filter((p) => p.model === m.id))]));
  const routes = new Map(Object.entries(config.routing.routes).map(([name, route]) => [name, compileRoute(name, route, config, views, predictor !== undefined)]));
  const routeNames = [...routes.keys()];
  const tenants = new Map<string, TenantConfig>(config.tenants.map((t) => [t.id, t]));
  // A memo of one fact of the last snapshot object (snapshots are replaced, never mutated): the same
  // answer as looking again, without the look.
  let lastSnapshot: LiveSnapshot | null = null;
  let lastColdStart = true;
  const isColdStart = (snapshot: LiveSnapshot) => {
    if (snapshot !== lastSnapshot) {
      lastSnapshot = snapshot;
      lastColdStart = !hasAnyKey(snapshot.pools);
    }
    return lastColdStart;
  };

  function decide(job: Job, snapshot: LiveSnapshot, now = Date.now()): RouteDecision {
    const tenant = tenants.get(job.tenant);
    const routeName = job.route || tenant?.defaultRoute || DEFAULT_ROUTE;
    const route = routes.get(routeName);
    if (!route) throw new UnknownRouteError(job.id, routeName, routeNames);
    const d: DecisionContext = { job, snapshot, now, tenant, route, facts: jobFacts(job, tenant), coldStart: isColdStart(snapshot) };

    const { costScaleUsd, latencyScaleMs } = readCandidates(d, predictor);
    const eligible = eligibleCandidates(d);
    // Step 3, the route's policy ranks the eligible models.
    const ranking = route.policy.rank({ job, facts: d.facts, eligible, costScaleUsd, latencyScaleMs, random });
    const ranked = ranking.ranked as RouteCandidate[];
    const chosen = ranked[0];
    const keyHash = hashString(d.facts.affinityKey);
    const placed = placeOnPool(chosen, keyHash, epsilon, d.facts.affinityKey);
    return {
      model: chosen.id,
      pool: placed.pool,
      strategy: ranking.strategy,
      reasons: decisionReasons(d, ranking.reason, placed.reason),
      candidates: candidateScores(route),
      fallbacks: fallbacksOf(ranked, keyHash, epsilon),
      predictedQuality: chosen.quality,
      predictedCostUsd: chosen.costUsd,
      predictedLatencyMs: chosen.latencyMs,
      decidedUnixMs: now,
      route: routeName,
      reservation: null,
    };
  }

  return { decide };
}

function describePool(c: RouteCandidate, index: number, passed: number, affinityKey: string): string {
  const mp = c.view;
  const spill = passed > 0 ? `, past ${passed} pool(s) at the (1+ε) load bound` : '';
  const base = `pool ${mp.ring.poolIds[index]} for affinity key "${affinityKey}" (${mp.inFlight[index]} in flight${spill}; ${mp.liveCount} live pool(s) serve ${c.id})`;
  return mp.usableCount === 0 ? `${base}; every live pool of ${c.id} has an open breaker, so ejected pools are used anyway` : base;
}
