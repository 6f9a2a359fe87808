import type { Job } from '@switchyard/contracts';
import type { CompletionMessage, CompletionRequest } from './completion';

/** A job as a provider-neutral request: its messages, or its prompt as one user message; attachments kept. */
export function toCompletionRequest(job: Job): CompletionRequest {
  const messages: CompletionMessage[] =
    job.messages.length > 0
      ? job.messages.map((m) => ({ role: m.role as CompletionMessage['role'], content: m.content }))
      : [{ role: 'user', content: job.prompt }];
  return {
    jobId: job.id,
    messages,
    attachments: job.attachments.map((a) => ({
      mimeType: a.mimeType,
      ...(a.data.length > 0 ? { data: a.data } : {}),
      ...(a.uri ? { uri: a.uri } : {}),
    })),
    ...(job.maxOutputTokens > 0 ? { maxOutputTokens: job.maxOutputTokens } : {}),
    ...(job.classification?.taskType ? { taskType: job.classification.taskType } : {}),
    metadata: { ...job.metadata },
    attempt: job.attempt,
    ...(job.reference?.text ? { reference: job.reference.text } : {}),
  };
}

/** The text a request asks about: every message joined, as `jobText` does for a job. */
export function requestText(request: Pick<CompletionRequest, 'messages'>): string {
  return request.messages.map((m) => m.content).join('\n');
}
