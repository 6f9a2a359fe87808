import type { ConfigDocument } from '@switchyard/config';
import { affinityKeyOf, jobCodec, type JobInput } from '@switchyard/contracts';
import { injectTraceContext, jobHeaders, type OutboundRecord, type TopicNames } from '@switchyard/messaging';
import { pipelineJobs, withPipelines } from './pipeline-mix';

/** Where jobs are sent: the transactional RecordPublisher, or a plain producer as other languages use. */
export interface JobSink {
  publish(records: OutboundRecord[]): Promise<void>;
}

/** Prompts per task type, each with the answer a correct model gives (for reference scoring). */
const TEMPLATES: { taskType: string; prompt: (n: number) => string; answer: (n: number) => string }[] = [
  { taskType: 'math', prompt: (n) => `What is ${n} plus ${n * 3}? Answer with the number only.`, answer: (n) => String(n * 4) },
  { taskType: 'code', prompt: (n) => `Write a TypeScript function that returns the ${n}th Fibonacci number.`, answer: () => 'function fib' },
  { taskType: 'chat', prompt: (n) => `Hi! Can you suggest a name for my cat number ${n}?`, answer: () => 'Whiskers' },
  { taskType: 'summarization', prompt: (n) => `Summarize in one sentence: The meeting ${n} covered budgets, hiring and the roadmap for next quarter.`, answer: () => 'The meeting covered budgets, hiring and the roadmap.' },
  { taskType: 'extraction', prompt: (n) => `Extract the email address from: "Contact user${n}@example.com for details."`, answer: (n) => `user${n}@example.com` },
  { taskType: 'creative', prompt: (n) => `Write a haiku about autumn leaf number ${n}.`, answer: () => 'leaves fall' },
];

/**
 * The job mixes a run can send: single-model jobs across task types, or
 * pipeline jobs (pipeline-mix.ts), one of each kind in turn.
 */
export const JOB_MIXES = ['tasks', 'pipelines'] as const;
export type JobMix = (typeof JOB_MIXES)[number];

/** `count` jobs of a mix, ids prefixed by the run. */
export function jobsOfMix(mix: JobMix, count: number, runId: string): JobInput[] {
  return mix === 'pipelines' ? pipelineJobs(count, runId) : mixedJobs(count, runId);
}

/** The config a mix needs: the pipelines mix adds its models, pools and pipelines to the document. */
export function documentForMix(mix: JobMix, document: ConfigDocument): ConfigDocument {
  return mix === 'pipelines' ? withPipelines(document) : document;
}

/** A deterministic mix of jobs across task types, ids prefixed by the run. */
export function mixedJobs(count: number, runId: string, tenant = 'demo'): JobInput[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const template = TEMPLATES[i % TEMPLATES.length];
    return {
      id: `${runId}-${i}`,
      tenant,
      prompt: template.prompt(i),
      affinityKey: `session-${i % 97}`,
      reference: { text: template.answer(i) },
      createdUnixMs: now,
      metadata: { expected_task_type: template.taskType },
    };
  });
}

/** The record a producer writes to the jobs topic for one job. */
export function jobRecord(job: JobInput, topics: TopicNames): OutboundRecord {
  const headers = jobHeaders({ id: job.id ?? '', tenant: job.tenant ?? '', attempt: 0, deadlineUnixMs: Number(job.deadlineUnixMs ?? 0) });
  return { topic: topics.jobs, key: affinityKeyOf({ affinityKey: job.affinityKey ?? '', tenant: job.tenant ?? '' }) || null, value: jobCodec.encode(job), headers: injectTraceContext(headers) };
}

export interface PublishOptions {
  batchSize?: number;
  retries?: number;
  /**
   * Fraction of jobs sent a second time, byte for byte, with the next batch:
   * what a producer's retried send or ambiguous commit does. @default 0
   */
  resendFraction?: number;
  onProgress?: (sent: number) => void;
  onRetry?: (err: unknown) => void;
}

/**
 * Publishes jobs in batches, stamped with their publish time, reporting
 * progress after each batch. A batch whose send fails is sent again, up to
 * `retries` times (with a transactional sink it was not stored; with a plain
 * one some of it may have been, as in any producer that retries).
 */
export async function publishJobs(sink: JobSink, topics: TopicNames, jobs: JobInput[], options: PublishOptions = {}): Promise<void> {
  const size = options.batchSize ?? 500;
  const resendEvery = options.resendFraction ? Math.max(1, Math.round(1 / options.resendFraction)) : 0;
  let resends: OutboundRecord[] = [];
  for (let i = 0; i < jobs.length || resends.length > 0; i += size) {
    const createdUnixMs = Date.now();
    const batch = jobs.slice(i, i + size).map((job) => jobRecord({ ...job, createdUnixMs }, topics));
    const records = [...batch, ...resends];
    resends = resendEvery ? batch.filter((_, n) => (i + n) % resendEvery === 0) : [];
    await publishWithRetries(sink, records, options);
    options.onProgress?.(Math.min(jobs.length, i + size));
  }
}

/** One send, made again after a failure up to `retries` times, a second apart. */
export async function publishWithRetries(sink: JobSink, records: OutboundRecord[], options: Pick<PublishOptions, 'retries' | 'onRetry'>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sink.publish(records);
    } catch (err) {
      if (attempt >= (options.retries ?? 0)) throw err;
      options.onRetry?.(err);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
