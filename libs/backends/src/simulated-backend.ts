import type { ModelConfig } from '@switchyard/config';
import { estimateTextTokens } from '@switchyard/contracts';
import { mulberry32 } from '@switchyard/hashing';
import { abortableDelay } from './abortable-delay';
import { BackendError } from './classify-error';
import type { CompleteOptions, Completion, CompletionRequest, ModelBackend } from './completion';
import { requestText } from './completion-request';
import { hashKey, logNormalLatency } from './seeded-draws';
import { attachmentNote, fillerAnswer, wrongAnswer } from './simulated-answer';

type SimulatedSettings = NonNullable<ModelConfig['simulated']>;

/** Correctness probability when `quality` names neither the task type nor `default` (the schema's default). */
const FALLBACK_QUALITY = 0.8;
/** Pieces a streamed simulated answer is cut into. */
const STREAM_PIECES = 4;

/** What one simulated call will do, drawn before it runs. */
export interface SimulatedOutcome {
  latencyMs: number;
  failed: boolean;
  correct: boolean;
  outputTokens: number;
  output: string;
}

/** Probability that the model answers a job of this task type correctly. */
export function qualityFor(settings: Pick<SimulatedSettings, 'quality'>, taskType: string | undefined): number {
  return (taskType !== undefined ? settings.quality[taskType] : undefined) ?? settings.quality.default ?? FALLBACK_QUALITY;
}

/**
 * Draws the outcome of one call from hash(seed, model, job, attempt), so a job's outcome never
 * depends on concurrency or order; a retry (next attempt) draws afresh.
 */
export function drawOutcome(modelId: string, settings: SimulatedSettings, request: CompletionRequest): SimulatedOutcome {
  const random = mulberry32(hashKey(settings.seed, modelId, request.jobId, request.attempt ?? 0));
  const latencyMs = logNormalLatency(settings.latencyMedianMs, settings.latencyP95Ms ?? 2 * settings.latencyMedianMs, random);
  const failed = random() < settings.failureRate;
  const correct = random() < qualityFor(settings, request.taskType);
  const drawnTokens = Math.max(1, Math.round(settings.outputTokensMean * (0.5 + random())));
  const outputTokens = request.maxOutputTokens ? Math.min(drawnTokens, request.maxOutputTokens) : drawnTokens;
  // The answer's text is drawn last and only for calls that succeed, so failures cost no text.
  const output = failed
    ? ''
    : request.reference !== undefined
      ? correct
        ? request.reference
        : wrongAnswer(request.reference, random)
      : request.attachments.length > 0
        ? `${attachmentNote(request.attachments)} ${fillerAnswer(outputTokens, random)}`
        : fillerAnswer(outputTokens, random);
  return { latencyMs, failed, correct, outputTokens, output };
}

/** A model with configured latency, failures and quality: for demos, load tests and benchmarks. */
export class SimulatedBackend implements ModelBackend {
  readonly modelId: string;
  private readonly settings: SimulatedSettings;

  constructor(model: ModelConfig) {
    if (!model.simulated) throw new Error(`model "${model.id}": provider "simulated" needs a "simulated" section`);
    this.modelId = model.id;
    this.settings = model.simulated;
  }

  async complete(request: CompletionRequest, options: CompleteOptions): Promise<Completion> {
    const outcome = drawOutcome(this.modelId, this.settings, request);
    // Failures take their latency too: a real provider rarely fails instantly.
    await abortableDelay(outcome.latencyMs, options.signal);
    if (outcome.failed) throw new BackendError('SIMULATED_FAILURE', `simulated failure of model "${this.modelId}" for job ${request.jobId}`);
    if (options.onDelta) {
      const size = Math.ceil(outcome.output.length / STREAM_PIECES);
      for (let at = 0; at < outcome.output.length; at += size) options.onDelta(outcome.output.slice(at, at + size));
    }
    const truncated = request.maxOutputTokens !== undefined && outcome.outputTokens >= request.maxOutputTokens;
    return {
      output: outcome.output,
      usage: { inputTokens: estimateTextTokens(requestText(request)), outputTokens: outcome.outputTokens },
      finishReason: truncated ? 'length' : 'stop',
    };
  }
}
