/** One chat turn sent to a model. */
export interface CompletionMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A non-text input: bytes inline, or a URI the provider fetches. */
export interface CompletionAttachment {
  mimeType: string;
  data?: Uint8Array;
  uri?: string;
}

/** What every backend is asked: provider-neutral, built from a Job by `toCompletionRequest`. */
export interface CompletionRequest {
  jobId: string;
  messages: CompletionMessage[];
  attachments: CompletionAttachment[];
  /** Cap on generated tokens; the provider's default when absent. */
  maxOutputTokens?: number;
  taskType?: string;
  metadata: Record<string, string>;
  /** Delivery attempt of the job (0 first); the simulated backend draws per attempt. */
  attempt?: number;
  /**
   * The job's reference answer. Real providers never see it; the simulated backend
   * answers it when it draws "correct", so reference scoring works end to end.
   */
  reference?: string;
}

export type FinishReason = 'stop' | 'length' | 'error';

export interface CompletionUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface Completion {
  output: string;
  usage: CompletionUsage;
  finishReason: FinishReason;
}

export interface CompleteOptions {
  /** Aborting it ends the call with a `timeout` BackendError. */
  signal: AbortSignal;
  /** When given, the backend streams and calls this with each piece of text as it arrives. */
  onDelta?: (text: string) => void;
}

/** A model the worker can call. Implementations never retry: the worker owns retries and fallback. */
export interface ModelBackend {
  readonly modelId: string;
  complete(request: CompletionRequest, options: CompleteOptions): Promise<Completion>;
  close?(): Promise<void>;
}
