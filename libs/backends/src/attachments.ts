import type { CompletionAttachment, CompletionMessage } from './completion';
import { BackendError } from './classify-error';

/** The attachment's bytes as base64 (empty when it has only a URI). */
export function base64Of(attachment: CompletionAttachment): string {
  return Buffer.from(attachment.data ?? new Uint8Array()).toString('base64');
}

/**
 * An attachment a provider has no content part for fails the call (a
 * permanent error: the next fallback, perhaps another provider, may take it)
 * rather than being silently dropped; a pipeline converter step is the way
 * round it.
 */
export function unsupportedAttachment(attachment: CompletionAttachment, provider: string, accepts: string): BackendError {
  return new BackendError('UNSUPPORTED_ATTACHMENT', `the ${provider} backend sends ${accepts} (got ${attachment.mimeType}${attachment.uri ? ` at ${attachment.uri}` : ''}); convert it first with a pipeline converter step`);
}

/**
 * Where attachments go: the last user message (the turn they belong to),
 * or -1 when there is none and a new user message must carry them.
 */
export function attachmentTurn(messages: CompletionMessage[]): number {
  return messages.map((m) => m.role).lastIndexOf('user');
}
