export { ANTHROPIC_DEFAULT_MAX_TOKENS, AnthropicBackend, toAnthropicMessages } from './anthropic-backend';
export { PLACEHOLDER_API_KEY, readApiKey } from './api-key';
export { BackendError, classifyError, isBackendErrorCode } from './classify-error';
export { ConcurrencyLimit } from './concurrency-limit';
export type { BackendErrorCode, BackendErrorKind } from './classify-error';
export type {
  CompleteOptions,
  Completion,
  CompletionAttachment,
  CompletionMessage,
  CompletionRequest,
  CompletionUsage,
  FinishReason,
  ModelBackend,
} from './completion';
export { requestText, toCompletionRequest } from './completion-request';
export { completionResult } from './completion-result';
export type { CompletedCall } from './completion-result';
export { createBackend, createDirectBackend } from './create-backend';
export { startFakeProvider, writeJson, writeSse } from './fake-provider-server';
export type { FakeProviderServer, RecordedRequest } from './fake-provider-server';
export { OpenAIBackend, toOpenAIMessages } from './openai-backend';
export { findRecord, REPLAY_CORRECT, REPLAY_ID_METADATA_KEY, REPLAY_INCORRECT, ReplayBackend } from './replay-backend';
export { loadReplayFile, parseReplayFile } from './replay-outcomes';
export type { ReplayIndex, ReplayRecord } from './replay-outcomes';
export { drawOutcome, qualityFor, SimulatedBackend } from './simulated-backend';
export type { SimulatedOutcome } from './simulated-backend';
