/**
 * What the engine needs to know about a job, computed once per decision from
 * the job and its classification: modalities, token estimates, the affinity key.
 */
import { costUsd, MODALITIES, type ModelConfig, type TenantConfig } from '@switchyard/config';
import { affinityKeyOf, CHARS_PER_TOKEN, type Job } from '@switchyard/contracts';

const MODALITY_BITS: Readonly<Record<string, number>> = Object.fromEntries(MODALITIES.map((name, i) => [name, 1 << i]));
const MODALITY_NAMES: readonly string[] = MODALITIES;

/** Bitmask of the known modalities in a list; unknown names are ignored. */
export function modalityMask(modalities: readonly string[]): number {
  let mask = 0;
  for (const m of modalities) mask |= MODALITY_BITS[m] ?? 0;
  return mask;
}

// Every combination spelled out once, so rejection reasons never build lists in the hot path.
const MODALITY_LISTS = Array.from({ length: 1 << MODALITY_NAMES.length }, (_, mask) => MODALITY_NAMES.filter((name) => mask & MODALITY_BITS[name]).join(', '));

/** The modalities of a mask as "text, image". */
export function describeModalities(mask: number): string {
  return MODALITY_LISTS[mask];
}

/** application/* subtypes whose content is text a text model reads. */
const TEXT_APPLICATION_SUBTYPES = new Set(['json', 'xml', 'yaml', 'x-yaml', 'toml', 'csv', 'sql', 'javascript', 'x-ndjson', 'x-sh']);

/**
 * The modality of an attachment by its MIME type, parameters ignored
 * (`text/plain; charset=utf-8` is text): image/*, audio/*, video/* their own;
 * text/* and text-based application types (JSON, XML, YAML…) text; anything
 * else (PDF, octet-stream, an unknown type) 0, which no model declares.
 */
function attachmentModality(mimeType: string): number {
  const media = mimeType.split(';', 1)[0].trim().toLowerCase();
  const slash = media.indexOf('/');
  const type = slash === -1 ? media : media.slice(0, slash);
  const subtype = media.slice(slash + 1);
  if (type === 'application') return TEXT_APPLICATION_SUBTYPES.has(subtype) || /\+(json|xml|yaml)$/.test(subtype) ? MODALITY_BITS.text : 0;
  return MODALITY_BITS[type] ?? 0;
}

function textLength(job: Job): number {
  if (job.messages.length === 0) return job.prompt.length;
  let chars = job.messages.length - 1;
  for (const m of job.messages) chars += m.content.length;
  return chars;
}

export interface JobFacts {
  /** Classified task type; '' when unclassified. */
  taskType: string;
  /** Bitmask of the input modalities the chosen model must accept. */
  modalities: number;
  /** The MIME type of the first attachment no modality covers (no model can read it), or ''. */
  unreadableAttachment: string;
  inputTokens: number;
  /** Input plus the caller's max output tokens: what must fit in the context window. */
  contextTokens: number;
  /** Jobs sharing it land on the same pool: the job's affinity key, else its tenant. */
  affinityKey: string;
  tenant: TenantConfig | undefined;
}

/**
 * Modalities are the union of the classifier's labels, the attachments' MIME
 * types and text when the job has any, so a classifier that missed an image
 * still cannot send it to a text-only model.
 */
export function jobFacts(job: Job, tenant: TenantConfig | undefined): JobFacts {
  const c = job.classification;
  const chars = textLength(job);
  let modalities = c ? modalityMask(c.modalities) : 0;
  let unreadableAttachment = '';
  for (const a of job.attachments) {
    const modality = attachmentModality(a.mimeType);
    if (modality === 0 && !unreadableAttachment) unreadableAttachment = a.mimeType;
    modalities |= modality;
  }
  if (chars > 0) modalities |= MODALITY_BITS.text;
  const inputTokens = c && c.estimatedTokens > 0 ? c.estimatedTokens : Math.ceil(chars / CHARS_PER_TOKEN);
  return {
    taskType: c ? c.taskType : '',
    modalities,
    unreadableAttachment,
    inputTokens,
    contextTokens: inputTokens + job.maxOutputTokens,
    affinityKey: affinityKeyOf(job),
    tenant,
  };
}

/** Quality prior when a model's `qualityPrior` has neither the task type nor `default` (the schema's own default). */
const FALLBACK_QUALITY_PRIOR = 0.7;

export function priorQuality(model: ModelConfig, taskType: string): number {
  return model.qualityPrior[taskType] ?? model.qualityPrior.default ?? FALLBACK_QUALITY_PRIOR;
}

/** Expected output tokens: the model's expectedOutputTokens, capped by the job's max output tokens when it sets one. */
export function predictOutputTokens(model: ModelConfig, maxOutputTokens: number): number {
  return maxOutputTokens > 0 ? Math.min(model.expectedOutputTokens, maxOutputTokens) : model.expectedOutputTokens;
}

/** Predicted USD cost: input and expected output tokens at the model's prices per million tokens. */
export function predictCostUsd(model: ModelConfig, inputTokens: number, maxOutputTokens: number): number {
  return costUsd(model.pricing, inputTokens, predictOutputTokens(model, maxOutputTokens));
}
