import type { ModelConfig } from '@switchyard/config';
import { estimateTextTokens } from '@switchyard/contracts';
import { abortableDelay } from './abortable-delay';
import { attachmentTurn } from './attachments';
import { BackendError } from './classify-error';
import type { CompleteOptions, Completion, CompletionRequest, ModelBackend } from './completion';
import { requestText } from './completion-request';
import { loadReplayFile, type ReplayIndex, type ReplayRecord } from './replay-outcomes';

type ReplaySettings = NonNullable<ModelConfig['replay']>;

/** Job metadata key naming the recorded prompt to answer, when the job id is not the record id. */
export const REPLAY_ID_METADATA_KEY = 'replay_id';

/** Output of a replayed answer without recorded text: the recorded verdict itself. */
export const REPLAY_CORRECT = 'correct';
export const REPLAY_INCORRECT = 'incorrect';

/** The record a request replays: by metadata.replay_id, else job id, else the exact prompt text. */
export function findRecord(index: ReplayIndex, request: CompletionRequest): ReplayRecord | undefined {
  const turn = attachmentTurn(request.messages);
  return (
    index.byId.get(request.metadata[REPLAY_ID_METADATA_KEY] ?? request.jobId) ??
    index.byPrompt.get(requestText(request)) ??
    (turn >= 0 ? index.byPrompt.get(request.messages[turn].content) : undefined)
  );
}

/** Answers from recorded real outcomes: benchmarks route real prompts without calling real models. */
export class ReplayBackend implements ModelBackend {
  readonly modelId: string;
  private readonly settings: ReplaySettings;
  private readonly index: ReplayIndex;

  constructor(model: ModelConfig) {
    if (!model.replay) throw new Error(`model "${model.id}": provider "replay" needs a "replay" section`);
    this.modelId = model.id;
    this.settings = model.replay;
    // Read at creation so a missing or malformed file fails the worker at start-up.
    this.index = loadReplayFile(model.replay.file);
  }

  async complete(request: CompletionRequest, options: CompleteOptions): Promise<Completion> {
    await abortableDelay(this.settings.latencyMs, options.signal);
    const record = findRecord(this.index, request);
    if (!record) throw new BackendError('REPLAY_UNKNOWN_PROMPT', `no recorded outcome in ${this.index.file} for job ${request.jobId}`);
    const outcome = record.outcomes[this.settings.outcomeKey];
    if (typeof outcome !== 'boolean') {
      throw new BackendError('REPLAY_NO_OUTCOME', `record ${record.id} in ${this.index.file} has no outcome for "${this.settings.outcomeKey}"`);
    }
    const output = record.responses?.[this.settings.outcomeKey] ?? (outcome ? REPLAY_CORRECT : REPLAY_INCORRECT);
    options.onDelta?.(output);
    return {
      output,
      usage: { inputTokens: estimateTextTokens(record.prompt), outputTokens: estimateTextTokens(output) },
      finishReason: 'stop',
    };
  }
}
