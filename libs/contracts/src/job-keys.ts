import type { Job__Output as Job } from './generated/switchyard/v1/Job';

/** About four characters per token for English text and code, the usual BPE ratio: the estimate wherever no tokenizer or usage is at hand. */
export const CHARS_PER_TOKEN = 4;

/** Tokens of `text` at CHARS_PER_TOKEN. */
export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * The key related jobs share: the job's affinity key, else its tenant. Kafka partitions every hop's
 * records by it and the router hashes it onto a pool, so a session's or tenant's jobs stay together.
 */
export function affinityKeyOf(job: Pick<Job, 'affinityKey' | 'tenant'>): string {
  return job.affinityKey || job.tenant;
}
