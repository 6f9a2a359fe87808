/**
 * The routing engine: for one classified job and the current live snapshot,
 * which model (hard constraints, then the route's policy) and which pool
 * (rendezvous hashing with bounded loads), with reasons and ranked fallbacks.
 * Pure and synchronous: all I/O (Redis snapshot, predictor training) happens
 * elsewhere. Everything that depends only on the config is built once here.
 */
import { ConfigError, type ModelConfig, type RouteConfig, type SwitchyardConfig, type TenantConfig } from '@switchyard/config';
import type { CandidateScore, Fallback, Job, RouteDecision } from '@switchyard/contracts';
import { constraintReason, usageLimitReason, type ConstraintContext, type ModelView } from './constraints';
import { LimitExceededError, NoEligibleModelError, UnknownRouteError } from './errors';
import { hashString } from './hashing/hash';
import { jobFacts, modalityMask, predictCostUsd, priorQuality } from './job-facts';
import type { LiveSnapshot } from './live-snapshot';
import { choosePoolIndex, createModelLiveView, readModelLiveView, recordAssignment, type ModelLiveView } from './model-live-view';
import type { Candidate, PolicyInput, RoutingPolicy } from './policies/policy';
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


export function createRoutingEngine(config: SwitchyardConfig, deps: RoutingDeps = {}): RoutingEngine {
  const random = deps.random ?? Math.random;
  const predictor = deps.qualityPredictor;
  const epsilon = config.routing.epsilon;
  const views = new Map(config.models.map((m) => [m.id, createModelLiveView(m.id, config.pools.filter((p) => p.model === m.id))]));
  const routes = new Map(Object.entries(config.routing.routes).map(([name, route]) => [name, compileRoute(name, route, config, views, predictor !== undefined)]));
  const routeNames = [...routes.keys()];
  const tenants = new Map<string, TenantConfig>(config.tenants.map((t) => [t.id, t]));
  let lastSnapshot: LiveSnapshot | null = null;
  let lastColdStart = true;

  function decide(job: Job, snapshot: LiveSnapshot, now = Date.now()): RouteDecision {
    const tenant = tenants.get(job.tenant);
    const routeName = job.route || tenant?.defaultRoute || DEFAULT_ROUTE;
    const route = routes.get(routeName);
    if (!route) throw new UnknownRouteError(job.id, routeName, routeNames);
    const facts = jobFacts(job, tenant);
    // Snapshots are replaced, never mutated, so one look per snapshot is enough.
    if (snapshot !== lastSnapshot) {
      lastSnapshot = snapshot;
      lastColdStart = !hasAnyKey(snapshot.pools);
    }
    const coldStart = lastColdStart;
    const leaseClock = snapshot.fresh ? now : Math.min(now, snapshot.takenAt);
    const estimates = predictor?.predict(job, job.classification, route.memberIds);

    let costScaleUsd = 0;
    let latencyScaleMs = 0;
    for (const c of route.candidates) {
      const v = c.view;
      readModelLiveView(v, snapshot, coldStart, leaseClock, now);
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

    const ctx: ConstraintContext = {
      job,
      facts,
      now,
      routeName,
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
      throw limited ? new LimitExceededError(job.id, routeName, rejections) : new NoEligibleModelError(job.id, routeName, rejections);
    }

    const input: PolicyInput = { job, facts, eligible, costScaleUsd, latencyScaleMs, random };
    const ranking = route.policy.rank(input);
    const ranked = ranking.ranked as RouteCandidate[];
    const keyHash = hashString(facts.affinityKey);
    const reasons = [ranking.reason];
    const chosen = ranked[0];
    const poolIndex = choosePoolIndex(chosen.view, keyHash, epsilon);
    reasons.push(describePool(chosen, poolIndex, facts.affinityKey));
    recordAssignment(chosen.view, poolIndex);
    if (coldStart) reasons.push('no pool heartbeat in the snapshot yet: treating every configured pool as live');
    else if (!snapshot.fresh) reasons.push(`snapshot is stale (taken ${now - snapshot.takenAt} ms ago): using the pools live then`);
    for (const c of route.candidates) if (c.inRoute && !c.eligible) reasons.push(`excluded ${c.id}: ${c.rejectedReason}`);

    const fallbacks: Fallback[] = new Array(ranked.length - 1);
    for (let i = 1; i < ranked.length; i++) {
      const v = ranked[i].view;
      fallbacks[i - 1] = { model: ranked[i].id, pool: v.ring.poolIds[choosePoolIndex(v, keyHash, epsilon)] };
    }

    const candidates: CandidateScore[] = new Array(route.candidates.length);
    for (let i = 0; i < route.candidates.length; i++) {
      const c = route.candidates[i];
      candidates[i] = {
        model: c.id,
        score: c.score,
        predictedQuality: c.quality,
        predictedCostUsd: c.costUsd,
        predictedLatencyMs: c.latencyMs,
        eligible: c.eligible,
        rejectedReason: c.rejectedReason,
      };
    }
    return {
      model: chosen.id,
      pool: chosen.view.ring.poolIds[poolIndex],
      strategy: ranking.strategy,
      reasons,
      candidates,
      fallbacks,
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

function describePool(c: RouteCandidate, index: number, affinityKey: string): string {
  const mp = c.view;
  const spill = mp.ring.lastSpill > 0 ? `, past ${mp.ring.lastSpill} pool(s) at the (1+ε) load bound` : '';
  const base = `pool ${mp.ring.poolIds[index]} for affinity key "${affinityKey}" (${mp.inFlight[index]} in flight${spill}; ${mp.liveCount} live pool(s) serve ${c.id})`;
  return mp.usableCount === 0 ? `${base}; every live pool of ${c.id} has an open breaker, so ejected pools are used anyway` : base;
}
