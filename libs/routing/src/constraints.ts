/**
 * Hard constraints: a model failing any of them cannot take the job, whatever
 * the policy. Checked in a fixed order; the first failure is the model's
 * rejection reason (shown in the decision and, when every model fails, in the
 * dead-letter error).
 */
import type { ModelConfig } from '@switchyard/config';
import type { Job } from '@switchyard/contracts';
import { isEjected } from './breaker';
import { describeModalities, predictOutputTokens, type JobFacts } from './job-facts';
import type { BreakerState, UsageCounters } from './live-snapshot';
import { formatUsd } from './format';

/** What the constraints read about one model in one decision. */
export interface ModelView {
  readonly id: string;
  readonly model: ModelConfig;
  /** Bitmask of the model's modalities (see modalityMask). */
  readonly modalities: number;
  /** Whether the job's route may use this model. */
  readonly inRoute: boolean;
  costUsd: number;
  latencyMs: number;
  /** Pools that can take the job (live by heartbeat, or configured on a cold start). */
  livePools: number;
  /** The model's breaker ("model:<id>") and usage this minute, from the snapshot. */
  breaker: BreakerState | undefined;
  usage: UsageCounters | undefined;
}

export interface ConstraintContext {
  job: Job;
  facts: JobFacts;
  now: number;
  routeName: string;
  /** The tenant's usage this minute and spend this budget window, from the snapshot. */
  tenantUsage: UsageCounters | undefined;
  tenantSpendUsd: number;
}

function rateLimitReason(usage: UsageCounters | undefined, rpm: number | undefined, tpm: number | undefined, tokens: number, who: string): string {
  if (!usage) return '';
  if (rpm !== undefined && usage.requestsThisMinute + 1 > rpm) return `${who} is at its limit of ${rpm} requests/minute`;
  if (tpm !== undefined && usage.tokensThisMinute + tokens > tpm) {
    return `${who} would exceed ${tpm} tokens/minute (${usage.tokensThisMinute} used + ${tokens})`;
  }
  return '';
}

/** Why the model can never take this job as it is (route, modality, size, health, cost or latency bounds), or ''. */
export function constraintReason(m: ModelView, ctx: ConstraintContext): string {
  const { job, facts, now } = ctx;
  const tenant = facts.tenant;
  const prefs = job.preferences;
  if (!m.inRoute) return `not a candidate of route "${ctx.routeName}"`;
  if (tenant?.allowModels && !tenant.allowModels.includes(m.id)) return `tenant "${tenant.id}" may not use it`;
  if (job.triedModels.includes(m.id)) return 'already tried for this job';
  if (facts.unreadableAttachment) return `reads no attachment of type "${facts.unreadableAttachment.slice(0, 100)}" (only text, image, audio and video modalities exist)`;
  const missing = facts.modalities & ~m.modalities;
  if (missing) return `does not accept ${describeModalities(missing)} input (accepts ${describeModalities(m.modalities)})`;
  if (facts.contextTokens > m.model.contextWindow) return `context window ${m.model.contextWindow} < ${facts.contextTokens} tokens`;
  if (m.livePools === 0) return 'no live pool serves it';
  if (m.breaker && isEjected(m.breaker, now)) return `breaker open for another ${m.breaker.ejectedUntil - now} ms`;
  if (prefs && prefs.maxCostUsd > 0 && m.costUsd > prefs.maxCostUsd) return `predicted cost ${formatUsd(m.costUsd)} > max ${formatUsd(prefs.maxCostUsd)}`;
  if (job.deadlineUnixMs > 0 && now + m.latencyMs > job.deadlineUnixMs) {
    return `predicted latency ${Math.round(m.latencyMs)} ms misses the deadline (${Math.max(0, job.deadlineUnixMs - now)} ms left)`;
  }
  if (prefs && prefs.maxLatencyMs > 0 && m.latencyMs > prefs.maxLatencyMs) return `predicted latency ${Math.round(m.latencyMs)} ms > max ${prefs.maxLatencyMs} ms`;
  return '';
}

/**
 * Why the model's or the tenant's usage this minute, or the tenant's budget,
 * leaves no room for the job, or ''. Unlike a constraint this passes with
 * time, so a job refused only by it is LIMIT_EXCEEDED, not ineligible.
 */
export function usageLimitReason(m: ModelView, ctx: ConstraintContext): string {
  const { job, facts } = ctx;
  const tenant = facts.tenant;
  const tokens = facts.inputTokens + predictOutputTokens(m.model, job.maxOutputTokens);
  const modelLimit = rateLimitReason(m.usage, m.model.limits.requestsPerMinute, m.model.limits.tokensPerMinute, tokens, 'model');
  if (modelLimit || !tenant) return modelLimit;
  const tenantLimit = rateLimitReason(ctx.tenantUsage, tenant.requestsPerMinute, tenant.tokensPerMinute, tokens, `tenant "${tenant.id}"`);
  if (tenantLimit) return tenantLimit;
  const spent = ctx.tenantSpendUsd;
  if (tenant.budgetUsd !== undefined && spent + m.costUsd > tenant.budgetUsd) {
    return `tenant "${tenant.id}" budget ${formatUsd(tenant.budgetUsd)} has ${formatUsd(Math.max(0, tenant.budgetUsd - spent))} left, predicted cost ${formatUsd(m.costUsd)}`;
  }
  return '';
}
